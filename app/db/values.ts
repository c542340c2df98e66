// Values and types the schema shares with the browser (no drizzle here, so
// importing them from a component does not pull the ORM into the bundle).

/** A text in the three languages of the cooperative; `fr` is the default. */
export type LocalizedName = { fr: string; nl: string; en: string };
export const LOCALES = ["fr", "nl", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const ROLES = ["admin", "staff", "reader"] as const;
export type Role = (typeof ROLES)[number];
