import type { Locale } from "~/db/values";

export const SUPPORTED_LOCALES: readonly Locale[] = ["fr", "nl", "en"];
export const DEFAULT_LOCALE: Locale = "fr";

export const isLocale = (value: unknown): value is Locale =>
  typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);

/** Shown in the language switcher, each in its own language. */
export const LOCALE_NAMES: Record<Locale, string> = { fr: "Français", nl: "Nederlands", en: "English" };
