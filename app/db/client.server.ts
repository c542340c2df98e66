import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Database = {
  db: Db;
  kind: "pglite" | "postgres";
  close: () => Promise<void>;
  /** Cheap round trip for /healthz. */
  ping: () => Promise<void>;
  /** Applies the committed SQL migrations in `drizzle/`. */
  migrate: () => Promise<void>;
};

const MIGRATION_LOCK = 74_616_001; // any constant shared by every instance

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "drizzle");

export class DatabaseUnreachableError extends Error {
  override name = "DatabaseUnreachableError";
}

/**
 * Opens PostgreSQL through postgres.js when a URL is given, else PGlite in
 * `dataDir` (or in memory when `dataDir` is "memory://").
 */
export async function openDatabase(options: { url?: string; dataDir: string; poolSize?: number }): Promise<Database> {
  const url = options.url;
  if (url) {
    const client = postgres(url, {
      max: options.poolSize ?? 10,
      idle_timeout: 30,
      connect_timeout: 10,
      onnotice: () => {},
    });
    try {
      await client`select 1`;
    } catch (error) {
      await client.end({ timeout: 1 }).catch(() => {});
      throw new DatabaseUnreachableError(
        `Cannot reach PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`,
      );
    }
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    // /healthz asks on a connection of its own and with a deadline: behind a busy pool, or
    // while PostgreSQL restarts and accepts no connection yet, it would hang instead of saying "down".
    const probe = postgres(url, { max: 1, idle_timeout: 60, connect_timeout: PING_TIMEOUT_S, onnotice: () => {} });
    return {
      db,
      kind: "postgres",
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), probe.end({ timeout: 1 })]);
      },
      ping: () => withDeadline(probe`select 1`, PING_TIMEOUT_S * 1000),
      // An advisory lock, on a connection of its own, keeps several instances
      // starting together from applying the same migration twice.
      migrate: async () => {
        const single = postgres(url, { max: 1, onnotice: () => {} });
        try {
          await single`select pg_advisory_lock(${MIGRATION_LOCK})`;
          await migratePostgres(drizzlePostgres(single), { migrationsFolder: MIGRATIONS_FOLDER });
        } finally {
          await single.end({ timeout: 5 });
        }
      },
    };
  }
  const inMemory = options.dataDir === "memory://";
  if (!inMemory) mkdirSync(options.dataDir, { recursive: true });
  const client = inMemory ? new PGlite() : new PGlite(path.join(options.dataDir, "pglite"));
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    close: () => client.close(),
    ping: async () => {
      await client.query("select 1");
    },
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER }),
  };
}

const PING_TIMEOUT_S = 2;

/** Rejects when `promise` has not settled within `ms` (the work itself goes on). */
async function withDeadline(promise: PromiseLike<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnreachableError(`no answer within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(invalid URL)";
  }
}

/**
 * Rows of a raw SQL query, whichever the driver: postgres.js answers an
 * array, PGlite an object with `rows`.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
