import { asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { type antennaSchema, codeSchema, type sectorSchema } from "./codes";
import type { Db } from "~/db/client.server";
import { antennas, type LocalizedName, type Locale, sectors } from "~/db/schema";

// Antennas and sectors: stable lowercase codes that surveys, responses and
// the API refer to, with names in the three languages.

export type Antenna = z.infer<typeof antennaSchema>;
export type Sector = z.infer<typeof sectorSchema>;

export function listAntennas(db: Db): Promise<Antenna[]> {
  return db
    .select({ code: antennas.code, name: antennas.name, defaultLocale: antennas.defaultLocale })
    .from(antennas)
    .orderBy(asc(antennas.code));
}

export function listSectors(db: Db): Promise<Sector[]> {
  return db.select({ code: sectors.code, name: sectors.name }).from(sectors).orderBy(asc(sectors.code));
}

/** The antennas and sectors a survey asks about: its targets, or every known one when it targets all. */
export async function surveyTargets(db: Db, survey: { antennas: string[]; sectors: string[] }): Promise<{ antennas: Antenna[]; sectors: Sector[] }> {
  const [antennas, sectors] = await Promise.all([listAntennas(db), listSectors(db)]);
  const targeted = <T extends { code: string }>(known: T[], codes: string[]) => (codes.length ? known.filter((entry) => codes.includes(entry.code)) : known);
  return { antennas: targeted(antennas, survey.antennas), sectors: targeted(sectors, survey.sectors) };
}

export async function getAntenna(db: Db, { code }: { code: string }): Promise<Antenna | null> {
  if (!codeSchema.safeParse(code).success) return null;
  const [row] = await db
    .select({ code: antennas.code, name: antennas.name, defaultLocale: antennas.defaultLocale })
    .from(antennas)
    .where(eq(antennas.code, code));
  return row ?? null;
}

/** Creates or renames an antenna; its code never changes once used. */
export async function saveAntenna(db: Db, antenna: Antenna): Promise<void> {
  await db
    .insert(antennas)
    .values(antenna)
    .onConflictDoUpdate({ target: antennas.code, set: { name: antenna.name, defaultLocale: antenna.defaultLocale } });
}

export async function saveSector(db: Db, sector: Sector): Promise<void> {
  await db.insert(sectors).values(sector).onConflictDoUpdate({ target: sectors.code, set: { name: sector.name } });
}

export const localizedName = (name: LocalizedName, locale: Locale) => name[locale] || name.fr;

/** An antenna or sector as a view's picker offers it, in the reader's language. */
export type NamedCode = { code: string; name: string };

/**
 * What a view's antenna and sector pickers offer: the survey's targets (or the
 * whole catalogue), or only a share link's own. Never the codes found in
 * answers: those would tell who answered.
 */
export async function pickerOptions(
  db: Db,
  { targets, locale, locked = {} }: { targets: { antennas: string[]; sectors: string[] }; locale: Locale; locked?: { antenna?: string | null; sector?: string | null } },
): Promise<{ antennas: NamedCode[]; sectors: NamedCode[] }> {
  const [antennas, sectors] = await Promise.all([listAntennas(db), listSectors(db)]);
  const offer = (list: { code: string; name: LocalizedName }[], targeted: string[], only?: string | null): NamedCode[] =>
    list
      .filter((entry) => (only ? entry.code === only : targeted.length === 0 || targeted.includes(entry.code)))
      .map((entry) => ({ code: entry.code, name: localizedName(entry.name, locale) }));
  return { antennas: offer(antennas, targets.antennas, locked.antenna), sectors: offer(sectors, targets.sectors, locked.sector) };
}
