// What a facilitator needs beyond the counts: how many are likely to come,
// when a slot starts, which places need no common city, which languages to
// hold the meeting in. The assumptions are written here once
// (docs/decisions/012-recommendations-per-antenna.md says where they come from).

/**
 * Share of the members a meeting fits who are likely to come. Registrations
 * to free events are honoured by about 40 to 72 % (KNVI Labs' 2026
 * benchmarks: 40-60 % no-shows at free events; PheedLoop's Event Data Lab,
 * 860 events: 28 % median no-show at free events); a tick in a survey commits
 * less than a registration, so the low end is lowered to 30 %.
 */
export const ATTENDANCE = { low: 0.3, high: 0.6 } as const;

export function turnout(participants: number): { low: number; high: number } {
  return { low: Math.max(1, Math.floor(participants * ATTENDANCE.low)), high: Math.max(1, Math.round(participants * ATTENDANCE.high)) };
}

/** The place value that needs no common city: a meeting there may gather a whole survey. */
export const ONLINE_VENUE = "online";

/** When a meeting starts in each part of the day the template's slots name (`mon-evening`, `weekend`). */
const STARTS_AT: Record<string, string> = { morning: "09:30", lunch: "12:30", afternoon: "14:00", evening: "18:30", weekend: "10:30" };

export function slotStart(slot: string | null): string | null {
  if (slot === null) return null;
  return STARTS_AT[slot.split("-").at(-1)!] ?? null;
}

/** A language besides the most common one is named when at least this share of the participants answered in it. */
export const LANGUAGE_SHARE = 0.2;
