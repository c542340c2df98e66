import type { z } from "zod";
import { listAntennas, listSectors } from "~/catalogue/catalogue.server";
import type { Db } from "~/db/client.server";
import { zodFields } from "~/http/api.server";
import { AppError } from "~/http/errors";
import { fromLocalInput } from "./dates";
import { LOCALES, type Locale } from "~/db/values";
import { noticeFor } from "./notice.server";
import { surveyOptionsSchema } from "./options";
import {
  countResponses,
  localizableTitleSchema,
  slugSchema,
  type Survey,
  surveySettingsSchema,
  updateSurveyOptions,
  updateSurveySettings,
} from "./surveys.server";

/** Reads the settings form (checkbox groups, Brussels-time dates) and saves it. */
/** The survey's title from a form's `title.fr|nl|en` fields (French required), for the settings and the designer alike. */
export function readSurveyTitle(form: FormData) {
  return localizableTitleSchema.safeParse(
    Object.fromEntries(
      [
        ["default", form.get("title.fr")],
        ["nl", form.get("title.nl")],
        ["en", form.get("title.en")],
      ].filter(([, v]) => typeof v === "string" && v.trim() !== ""),
    ),
  );
}

export async function saveSettingsForm(db: Db, survey: Survey, form: FormData): Promise<void> {
  const input = {
    antennas: form.getAll("antennas").map(String),
    sectors: form.getAll("sectors").map(String),
    locales: form.getAll("locales").map(String),
    minGroupSize: Number(form.get("minGroupSize")),
    access: form.get("access"),
    anonymous: form.get("anonymous") === "on",
    opensAt: fromLocalInput(String(form.get("opensAt") ?? "")),
    closesAt: fromLocalInput(String(form.get("closesAt") ?? "")),
  };
  const settings = surveySettingsSchema.safeParse(input);
  const title = readSurveyTitle(form);
  const slug = slugSchema.safeParse(form.get("slug"));
  const fields: Record<string, string> = {
    ...(settings.success ? {} : zodFields(settings.error)),
    ...(title.success ? {} : { "title.fr": "required" }),
    ...(slug.success ? {} : { slug: "invalid_slug" }),
  };
  if (!settings.success || !title.success || !slug.success) throw new AppError(400, "invalid_request", fields);
  const s = settings.data;
  if (s.opensAt && s.closesAt && s.closesAt <= s.opensAt) throw new AppError(400, "invalid_request", { closesAt: "closes_before_opening" });
  await assertKnownCodes(db, s);
  // Once members have answered, what they were promised stays: the link and the anonymity.
  const answered = await countResponses(db, { surveyId: survey.id });
  if (answered > 0 && slug.data !== survey.slug) throw new AppError(409, "invalid_request", { slug: "slug_frozen" });
  if (answered > 0 && s.anonymous !== survey.anonymous) throw new AppError(409, "invalid_request", { anonymous: "anonymity_frozen" });
  if (survey.status !== "draft" && slug.data !== survey.slug) throw new AppError(409, "invalid_request", { slug: "slug_frozen" });
  // A notice left as proposed is not stored: it keeps following the survey's settings.
  const proposed = { ...survey, settings: { ...survey.settings, privacyNotice: {} } };
  const normalize = (text: string) => text.replace(/\r\n/g, "\n").trim();
  const options = surveyOptionsSchema.safeParse({
    privacyNotice: Object.fromEntries(
      LOCALES.map((l) => [l, normalize(String(form.get(`privacyNotice.${l}`) ?? ""))]).filter(
        ([l, text]) => text !== "" && text !== normalize(noticeFor(proposed, l as Locale)),
      ),
    ),
    retentionMonths: Number(form.get("retentionMonths")),
    requireConsent: form.get("requireConsent") === "on",
  });
  if (!options.success) throw new AppError(400, "invalid_request", zodFields(options.error));
  await updateSurveySettings(db, { surveyId: survey.id, title: title.data, slug: slug.data, settings: s });
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
