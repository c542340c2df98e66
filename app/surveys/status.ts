// Shared with the browser: the statuses a survey shows (see effectiveStatus in surveys.server.ts).
export const EFFECTIVE_STATUSES = ["draft", "scheduled", "open", "closed", "archived"] as const;
export type EffectiveStatus = (typeof EFFECTIVE_STATUSES)[number];
