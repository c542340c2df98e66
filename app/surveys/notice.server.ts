import type { Locale } from "~/db/values";
import { env } from "~/env.server";
import { privacyNotice, readOptions } from "./options";
import type { Survey } from "./surveys.server";

const CONTACT_FALLBACK: Record<Locale, string> = { fr: "votre antenne", nl: "je antenne", en: "your antenna" };

/** The privacy notice of a survey in one language, with the controller and contact from the configuration. */
export function noticeFor(survey: Survey, locale: Locale): string {
  const config = env();
  return privacyNotice(readOptions(survey.settings), locale, {
    controller: config.PRIVACY_CONTROLLER,
    contact: config.PRIVACY_CONTACT ?? CONTACT_FALLBACK[locale],
    anonymous: survey.anonymous,
    minGroupSize: survey.minGroupSize,
  });
}
