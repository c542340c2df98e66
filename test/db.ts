import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { type Database, openDatabase } from "~/db/client.server";

export type TestDriver = "pglite" | "postgres";

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const testDrivers: TestDriver[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/**
 * A fresh, migrated database for one test file and driver: an in-memory
 * PGlite, or a PostgreSQL database created for the file and dropped after.
 */
export async function createTestDatabase(driver: TestDriver): Promise<Database & { drop: () => Promise<void> }> {
  if (driver === "pglite") {
    const database = await openDatabase({ dataDir: "memory://" });
    await database.migrate();
    return { ...database, drop: database.close };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `maillage_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), dataDir: "unused", poolSize: 4 });
  await database.migrate();
  return {
    ...database,
    drop: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Registers beforeAll/afterAll for a test file and hands out the database. */
export function useTestDatabase(driver: TestDriver): () => Database {
  let database: (Database & { drop: () => Promise<void> }) | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await database?.drop();
  });
  return () => {
    if (!database) throw new Error("test database not ready");
    return database;
  };
}
