import type { Role } from "~/db/values";

// Every permission of Maillage, and the roles that hold it. Loaders and
// actions ask `can(user, permission)`; nothing else decides who may do what.
const GRANTS = {
  "results:read": ["admin", "staff", "reader"],
  "surveys:read": ["admin", "staff", "reader"],
  "surveys:edit": ["admin", "staff"],
  "invitations:create": ["admin", "staff"],
  "shares:manage": ["admin", "staff"],
  "tokens:own": ["admin", "staff"],
  "users:manage": ["admin"],
  "catalogue:manage": ["admin"],
  "audit:read": ["admin"],
  "data:export": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof GRANTS;

export function can(user: { role: Role } | null | undefined, permission: Permission): boolean {
  return !!user && (GRANTS[permission] as readonly Role[]).includes(user.role);
}
