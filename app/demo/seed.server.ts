import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { createUser } from "~/auth/users.server";
import { saveAntenna, saveSector } from "~/catalogue/catalogue.server";
import type { Db } from "~/db/client.server";
import { antennas, surveys, users } from "~/db/schema";
import { env } from "~/env.server";
import { DEMO_ANTENNAS, DEMO_SECTORS } from "./catalogue";
import { seedDemoSurvey } from "./demo-survey.server";

export const DEMO_ADMIN_EMAIL = "admin@demo.maillage.be";

/**
 * Fills an empty database with the demo: antennas, sectors, the networking
 * survey published with synthetic answers and, when there is no account yet, a demo admin whose random password is kept beside the
 * embedded database so that the console can show it at every start.
 */
export async function seedDemo(db: Db): Promise<{ email: string; password: string } | null> {
  const [{ n: antennaCount } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(antennas);
  if (antennaCount === 0) {
    for (const antenna of DEMO_ANTENNAS) await saveAntenna(db, antenna);
    for (const sector of DEMO_SECTORS) await saveSector(db, sector);
  }
  const [{ n: surveyCount } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(surveys);
  if (surveyCount === 0) await seedDemoSurvey(db);
  const file = path.join(env().DATA_DIR, "demo-admin.txt");
  // Only the embedded database on disk keeps the password beside it.
  const keepsFiles = !env().DATABASE_URL && env().DATA_DIR !== "memory://";
  const [{ n: userCount } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  if (userCount === 0) {
    const password = `demo-${randomBytes(9).toString("base64url")}`;
    await createUser(db, { email: DEMO_ADMIN_EMAIL, name: "Admin (démo)", role: "admin", password });
    if (keepsFiles) writeFileSync(file, password, { mode: 0o600 });
    return { email: DEMO_ADMIN_EMAIL, password };
  }
  if (keepsFiles && existsSync(file)) {
    return { email: DEMO_ADMIN_EMAIL, password: readFileSync(file, "utf8").trim() };
  }
  return null;
}
