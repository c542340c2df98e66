import { z } from "zod";
import { emptyAsAbsent } from "~/http/query";
import { type AuditAction, isAuditAction } from "./audit-actions";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)));

/** The audit page's filters, from its GET form: who, what, from and to which day. */
export const auditQuery = z.object({
  user: emptyAsAbsent(z.string().uuid()),
  action: emptyAsAbsent(z.string().refine(isAuditAction)),
  from: emptyAsAbsent(day),
  to: emptyAsAbsent(day),
}).transform(({ user, action, from, to }) => ({
  ...(user && { userId: user }),
  ...(action && { action: action as AuditAction }),
  ...(from && { from }),
  ...(to && { to }),
}));
