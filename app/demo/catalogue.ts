import type { LocalizedName, Locale } from "~/db/values";

// The cooperative's antennas and sectors with their stable codes (DESIGN.md).
export const DEMO_ANTENNAS: { code: string; name: LocalizedName; defaultLocale: Locale }[] = [
  { code: "bru", name: { fr: "Bruxelles", nl: "Brussel", en: "Brussels" }, defaultLocale: "fr" },
  { code: "ant", name: { fr: "Anvers", nl: "Antwerpen", en: "Antwerp" }, defaultLocale: "nl" },
  { code: "gen", name: { fr: "Gand", nl: "Gent", en: "Ghent" }, defaultLocale: "nl" },
  { code: "lie", name: { fr: "Liège", nl: "Luik", en: "Liège" }, defaultLocale: "fr" },
  { code: "cha", name: { fr: "Charleroi", nl: "Charleroi", en: "Charleroi" }, defaultLocale: "fr" },
  { code: "nam", name: { fr: "Namur", nl: "Namen", en: "Namur" }, defaultLocale: "fr" },
  { code: "mon", name: { fr: "Mons", nl: "Bergen", en: "Mons" }, defaultLocale: "fr" },
];

export const DEMO_SECTORS: { code: string; name: LocalizedName }[] = [
  { code: "arts-scene", name: { fr: "Arts de la scène", nl: "Podiumkunsten", en: "Performing arts" } },
  { code: "audiovisuel", name: { fr: "Audiovisuel", nl: "Audiovisueel", en: "Audiovisual" } },
  { code: "musique", name: { fr: "Musique", nl: "Muziek", en: "Music" } },
  { code: "arts-plastiques", name: { fr: "Arts plastiques", nl: "Beeldende kunst", en: "Visual arts" } },
  { code: "design", name: { fr: "Design et architecture d'intérieur", nl: "Design en interieurarchitectuur", en: "Design and interior design" } },
  { code: "formation", name: { fr: "Formation et animation", nl: "Opleiding en begeleiding", en: "Training and facilitation" } },
  { code: "numerique", name: { fr: "Numérique et informatique", nl: "Digitaal en IT", en: "Digital and IT" } },
  { code: "artisanat", name: { fr: "Artisanat", nl: "Ambacht", en: "Crafts" } },
  { code: "communication", name: { fr: "Communication et graphisme", nl: "Communicatie en grafisch ontwerp", en: "Communication and graphic design" } },
  { code: "ecriture", name: { fr: "Écriture et édition", nl: "Schrijven en uitgeven", en: "Writing and publishing" } },
  { code: "conseil", name: { fr: "Conseil et services", nl: "Advies en diensten", en: "Consulting and services" } },
];
