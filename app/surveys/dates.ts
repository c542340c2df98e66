// Opening and closing dates are typed by Belgian staff in <input type="datetime-local">,
// which carries no time zone: they are read and shown as Brussels time.
export const COOPERATIVE_TIME_ZONE = "Europe/Brussels";

function offsetMinutes(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** "2026-12-01T09:00" in Brussels → the instant; null for an empty or invalid value. */
export function fromLocalInput(value: string, timeZone = COOPERATIVE_TIME_ZONE): Date | null {
  const match = value.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const guess = new Date(Date.UTC(y, mo - 1, d, h, mi));
  // Two passes settle the offset around a daylight-saving change.
  const first = new Date(guess.getTime() - offsetMinutes(guess, timeZone) * 60_000);
  return new Date(guess.getTime() - offsetMinutes(first, timeZone) * 60_000);
}

/** The instant as a datetime-local value in Brussels time ("" for none). */
export function toLocalInput(at: Date | string | null, timeZone = COOPERATIVE_TIME_ZONE): string {
  if (!at) return "";
  const date = new Date(at);
  const local = new Date(date.getTime() + offsetMinutes(date, timeZone) * 60_000);
  return local.toISOString().slice(0, 16);
}
