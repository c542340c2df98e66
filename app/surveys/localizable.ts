import type { Locale, LocalizedName } from "~/db/values";
import type { LocalizableText } from "./roles";

// SurveyJS keeps the French text under `default`; a `fr` key is never shown,
// because French is the model's default locale (survey-core.server.ts).
const localeKey = (locale: Locale): string => (locale === "fr" ? "default" : locale);

/** The text written for this locale, without any fallback; undefined when missing or blank. */
export function textIn(text: LocalizableText | null | undefined, locale: Locale): string | undefined {
  if (text == null) return undefined;
  const written = typeof text === "string" ? (locale === "fr" ? text : undefined) : text[localeKey(locale)];
  return typeof written === "string" && written.trim() !== "" ? written : undefined;
}

/** The text a member sees in this locale: its own, else the French one, as survey-core falls back. */
export const displayText = (text: LocalizableText | null | undefined, locale: Locale): string =>
  textIn(text, locale) ?? textIn(text, "fr") ?? "";

/** A catalogue name (`{fr, nl, en}`) as a SurveyJS localizable string. */
export const localizable = (name: LocalizedName): LocalizableText => ({ default: name.fr, nl: name.nl, en: name.en });
