import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { type Locale, type Role, users } from "~/db/schema";
import { AppError } from "~/http/errors";
import { revokeUserTokens } from "./api-tokens.server";
import { hashPassword } from "./password.server";
import { checkNewPassword } from "./password-rules";
import { endUserSessions } from "./sessions.server";

export type User = {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale | null;
  disabled: boolean;
};

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  locale: users.locale,
  disabledAt: users.disabledAt,
};

type Row = { id: string; email: string; name: string; role: Role; locale: Locale | null; disabledAt: Date | null };
const toUser = ({ disabledAt, ...rest }: Row): User => ({ ...rest, disabled: disabledAt !== null });

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function createUser(
  db: Db,
  input: { email: string; name: string; role: Role; password: string },
): Promise<User> {
  const problem = checkNewPassword(input.password);
  if (problem) throw new AppError(400, problem, { password: problem });
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const [row] = await db
    .insert(users)
    .values({ email, name: input.name.trim(), role: input.role, passwordHash })
    .onConflictDoNothing()
    .returning(publicColumns);
  if (!row) throw new AppError(409, "email_taken", { email: "email_taken" });
  return toUser(row);
}

export async function findUserByEmail(db: Db, email: string) {
  // PostgreSQL refuses NUL bytes in text: such an address cannot exist.
  if (email.includes("\u0000") || email.length > 320) return null;
  const [row] = await db.select().from(users).where(eq(users.email, normalizeEmail(email)));
  return row ?? null;
}

export async function getUser(db: Db, { id }: { id: string }): Promise<User | null> {
  const [row] = await db.select(publicColumns).from(users).where(eq(users.id, id));
  return row ? toUser(row) : null;
}

export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.select(publicColumns).from(users).orderBy(asc(users.email));
  return rows.map(toUser);
}

export async function setUserRole(db: Db, { id, role }: { id: string; role: Role }): Promise<void> {
  await assertNotLastAdmin(db, id, role === "admin");
  await db.update(users).set({ role }).where(eq(users.id, id));
}

/** Disabling ends every session and revokes every token of the account at once: enabling it again revives none. */
export async function setUserDisabled(db: Db, { id, disabled }: { id: string; disabled: boolean }): Promise<void> {
  if (disabled) await assertNotLastAdmin(db, id, false);
  await db
    .update(users)
    .set({ disabledAt: disabled ? new Date() : null })
    .where(eq(users.id, id));
  if (disabled) {
    await endUserSessions(db, { userId: id });
    await revokeUserTokens(db, { userId: id });
  }
}

/**
 * A new password ends the user's other sessions (`keepSession`, the one that
 * changed it, stays) and revokes their tokens: whoever held the old password
 * or a token made with it is out.
 */
export async function setUserPassword(db: Db, { id, password, keepSession }: { id: string; password: string; keepSession?: string | null }): Promise<void> {
  const problem = checkNewPassword(password);
  if (problem) throw new AppError(400, problem, { password: problem });
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(password) })
    .where(eq(users.id, id));
  await endUserSessions(db, { userId: id, except: keepSession ?? null });
  await revokeUserTokens(db, { userId: id });
}

export async function setUserLocale(db: Db, { id, locale }: { id: string; locale: Locale }): Promise<void> {
  await db.update(users).set({ locale }).where(eq(users.id, id));
}

// The cooperative must never be left without an active admin.
async function assertNotLastAdmin(db: Db, id: string, staysAdmin: boolean): Promise<void> {
  if (staysAdmin) return;
  const [row] = await db
    .select({ others: sql<number>`count(*)::int` })
    .from(users)
    .where(sql`${users.role} = 'admin' and ${users.disabledAt} is null and ${users.id} <> ${id}`);
  const target = await getUser(db, { id });
  if (target?.role === "admin" && !target.disabled && (row?.others ?? 0) === 0) {
    throw new AppError(409, "last_admin");
  }
}

/** ADMIN_EMAIL + ADMIN_PASSWORD: creates that admin when the database has none. */
export async function ensureBootstrapAdmin(
  db: Db,
  { email, password }: { email: string; password: string },
): Promise<"created" | "exists"> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.role, "admin"));
  if ((row?.n ?? 0) > 0) return "exists";
  const passwordHash = await hashPassword(password);
  await db
    .insert(users)
    .values({ email: normalizeEmail(email), name: "Admin", role: "admin", passwordHash })
    .onConflictDoUpdate({ target: users.email, set: { role: "admin", passwordHash, disabledAt: null } });
  return "created";
}

/**
 * Erases a staff account: its sessions and tokens go with it; what it did
 * stays in the audit log and on its surveys without naming it.
 */
export async function eraseUser(db: Db, { userId, byUserId }: { userId: string; byUserId: string }): Promise<void> {
  if (userId === byUserId) throw new AppError(409, "cannot_erase_self");
  if (!(await getUser(db, { id: userId }))) throw new AppError(404, "not_found");
  await assertNotLastAdmin(db, userId, false);
  await db.delete(users).where(eq(users.id, userId));
}
