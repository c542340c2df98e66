// A share link's form, checked in the page and by its action (share-links.server.ts).
import { z } from "zod";
import { codeSchema } from "~/catalogue/codes";

/** A YYYY-MM-DD day that exists (Date would read 2026-02-31 as 3 March). */
export function isCalendarDay(value: string): boolean {
  const day = new Date(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

/** The staff page's form for a new link: a label, its last day (it works until the end of it, UTC), an antenna and a sector or all. */
export const shareLinkForm = z.object({
  label: z.string().trim().max(100, "too_long").default(""),
  expiresOn: z.string().refine(isCalendarDay, "invalid_date"),
  antenna: z.union([codeSchema, z.literal("")]).optional(),
  sector: z.union([codeSchema, z.literal("")]).optional(),
});
