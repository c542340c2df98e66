import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureBootstrapAdmin } from "~/auth/users.server";
import { seedDemo } from "~/demo/seed.server";
import { ConfigError, env, isProduction } from "~/env.server";
import { type Database, type Db, openDatabase } from "./client.server";

type AppDatabase = Database & { demoAdmin: { email: string; password: string } | null };

// Cached on globalThis so that a hot reload in development does not open a
// second PGlite (it would refuse: one process per data folder).
const globalForDb = globalThis as unknown as { __maillageDb?: Promise<AppDatabase> };

/** The application's database, opened, migrated and seeded once per process. */
export function getDatabase(): Promise<AppDatabase> {
  globalForDb.__maillageDb ??= startDatabase().catch((error) => {
    globalForDb.__maillageDb = undefined;
    throw error;
  });
  return globalForDb.__maillageDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

async function startDatabase(): Promise<AppDatabase> {
  const config = env();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  await database.migrate();
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    await ensureBootstrapAdmin(database.db, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
  }
  // The demo is on by default only for the embedded database (DESIGN.md).
  const demo = (config.DEMO ?? (config.DATABASE_URL ? "0" : "1")) === "1";
  const demoAdmin = demo ? await seedDemo(database.db) : null;
  return { ...database, demoAdmin };
}

export async function closeDatabase(): Promise<void> {
  const pending = globalForDb.__maillageDb;
  globalForDb.__maillageDb = undefined;
  if (pending) await (await pending).close();
}

let secret: string | undefined;
/**
 * SESSION_SECRET, or else a random secret kept in the data folder. With
 * PostgreSQL in production there is no data folder to share between
 * instances, so the variable is required.
 */
export function sessionSecret(): string {
  if (secret) return secret;
  const config = env();
  if (config.SESSION_SECRET) return (secret = config.SESSION_SECRET);
  if (config.DATABASE_URL && isProduction()) {
    throw new ConfigError("SESSION_SECRET is required in production with DATABASE_URL (at least 16 characters).");
  }
  if (config.DATA_DIR === "memory://") return (secret = randomBytes(32).toString("base64url"));
  const file = path.join(config.DATA_DIR, "session-secret");
  if (!existsSync(file)) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return (secret = readFileSync(file, "utf8").trim());
}
