import { z } from "zod";
import { type AuditAction, isAuditAction } from "./audit-actions";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)));
// An empty field of the filter form means "all".
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** The audit page's filters, from its GET form: who, what, from and to which day. */
export const auditQuery = z.object({
  user: optional(z.string().uuid()),
  action: optional(z.string().refine(isAuditAction)),
  from: optional(day),
  to: optional(day),
}).transform(({ user, action, from, to }) => ({
  ...(user && { userId: user }),
  ...(action && { action: action as AuditAction }),
  ...(from && { from }),
  ...(to && { to }),
}));
