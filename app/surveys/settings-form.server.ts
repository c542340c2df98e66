import type { z } from "zod";
import { listAntennas, listSectors } from "~/catalogue/catalogue.server";
import type { Db } from "~/db/client.server";
import { zodFields } from "~/http/api.server";
import { AppError } from "~/http/errors";
import { LOCALES, type Locale } from "~/db/values";
import { noticeFor } from "./notice.server";
import { surveyOptionsSchema } from "./options";
import { countResponses, type Survey, updateSurveyOptions, updateSurveySettings } from "./surveys.server";
import type { SettingsInput, surveySettingsSchema } from "./survey-forms";

/** Saves the settings form once its schema accepted it: what only the server knows (known codes, what answers froze) is checked here. */
export async function saveSettingsForm(db: Db, survey: Survey, input: SettingsInput): Promise<void> {
  const { title, slug, privacyNotice, retentionMonths, requireConsent, ...settings } = input;
  await assertKnownCodes(db, settings);
  // Once members have answered, what they were promised stays: the link and the anonymity.
  const answered = await countResponses(db, { surveyId: survey.id });
  if (answered > 0 && slug !== survey.slug) throw new AppError(409, "invalid_request", { slug: "slug_frozen" });
  if (answered > 0 && settings.anonymous !== survey.anonymous) throw new AppError(409, "invalid_request", { anonymous: "anonymity_frozen" });
  if (survey.status !== "draft" && slug !== survey.slug) throw new AppError(409, "invalid_request", { slug: "slug_frozen" });
  // A notice left as proposed is not stored: it keeps following the survey's settings.
  const proposed = { ...survey, settings: { ...survey.settings, privacyNotice: {} } };
  const normalize = (text: string) => text.replace(/\r\n/g, "\n").trim();
  const options = surveyOptionsSchema.safeParse({
    privacyNotice: Object.fromEntries(
      LOCALES.map((l) => [l, normalize(privacyNotice[l] ?? "")]).filter(([l, text]) => text !== "" && text !== normalize(noticeFor(proposed, l as Locale))),
    ),
    retentionMonths,
    requireConsent,
  });
  if (!options.success) throw new AppError(400, "invalid_request", zodFields(options.error));
  await updateSurveySettings(db, { surveyId: survey.id, title, slug, settings });
  await updateSurveyOptions(db, { surveyId: survey.id, options: options.data });
}

export async function assertKnownCodes(db: Db, { antennas, sectors }: { antennas: string[]; sectors: string[] }) {
  const [knownAntennas, knownSectors] = await Promise.all([listAntennas(db), listSectors(db)]);
  const unknownAntenna = antennas.find((code) => !knownAntennas.some((a) => a.code === code));
  const unknownSector = sectors.find((code) => !knownSectors.some((s) => s.code === code));
  if (unknownAntenna) throw new AppError(400, "invalid_request", { antennas: "unknown_antenna" });
  if (unknownSector) throw new AppError(400, "invalid_request", { sectors: "unknown_sector" });
}

export type SettingsFields = z.infer<typeof surveySettingsSchema>;
