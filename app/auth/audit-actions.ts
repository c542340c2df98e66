// Every action the audit log records, with what its target names: the one
// list the log is written from (audit.server.ts) and read with (the admin's
// audit page says each in words, `audit.actions.<action>` in the texts).

export type AuditTarget = "survey" | "user" | "token" | "antenna" | "sector" | null;

export const AUDIT_ACTIONS = {
  "survey.create": "survey",
  "survey.edit": "survey",
  "survey.settings": "survey",
  "survey.publish": "survey",
  "survey.close": "survey",
  "survey.archive": "survey",
  "survey.duplicate": "survey",
  "survey.export-all": "survey",
  "results.export-csv": "survey",
  "results.export-xlsx": "survey",
  "share_link.create": "survey",
  "share_link.revoke": "survey",
  "invitations.create": "survey",
  "invitations.erase-unused": "survey",
  "response.withdraw": "survey",
  "responses.retention-erase": "survey",
  "antennas.save": "antenna",
  "sectors.save": "sector",
  "user.create": "user",
  "user.role": "user",
  "user.disable": "user",
  "user.enable": "user",
  "user.erase": "user",
  "user.export": "user",
  "user.password": null,
  "user.password-reset": "user",
  "token.create": "token",
  "token.revoke": "token",
} as const satisfies Record<string, AuditTarget>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const isAuditAction = (value: unknown): value is AuditAction => typeof value === "string" && Object.hasOwn(AUDIT_ACTIONS, value);
