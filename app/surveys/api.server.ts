import { z } from "zod";
import { listAntennas, listSectors } from "~/catalogue/catalogue.server";
import type { Db } from "~/db/client.server";
import { AppError } from "~/http/errors";
import { checkDefinition } from "./definition.server";
import { assertKnownCodes } from "./settings-form.server";
import { createSurvey, getDefinition, type Survey } from "./surveys.server";
import { localizableTitleSchema, slugSchema, surveySettingsSchema } from "./survey-forms";

// `POST /api/surveys` (DESIGN.md): the same checks as the pages.
export const createSurveyBody = z
  .object({
    slug: slugSchema,
    title: localizableTitleSchema,
    definition: z.record(z.unknown(), { invalid_type_error: "invalid_definition" }),
  })
  .and(surveySettingsSchema);

export async function createSurveyFromApi(db: Db, body: z.infer<typeof createSurveyBody>, { userId }: { userId: string }) {
  const { slug, title, definition, ...settings } = body;
  await assertKnownCodes(db, settings);
  const [antennas, sectors] = await Promise.all([listAntennas(db), listSectors(db)]);
  const check = checkDefinition({
    definition,
    locales: settings.locales,
    catalogue: { antennas: antennas.map((a) => a.code), sectors: sectors.map((s) => s.code) },
  });
  if (!check.valid) {
    throw new AppError(400, "invalid_definition", { definition: "invalid_definition" }, undefined, { problems: check.problems });
  }
  if (settings.opensAt && settings.closesAt && settings.closesAt <= settings.opensAt) {
    throw new AppError(400, "invalid_request", { closesAt: "closes_before_opening" });
  }
  return createSurvey(db, { slug, title: title as Record<string, string>, definition, settings, createdBy: userId });
}

/** A survey's public fields, as the API and the staff pages show them. */
export function surveyFields(survey: Survey) {
  return {
    slug: survey.slug,
    title: survey.title,
    status: survey.effectiveStatus,
    version: survey.currentVersion,
    antennas: survey.antennas,
    sectors: survey.sectors,
    locales: survey.locales,
    access: survey.access,
    anonymous: survey.anonymous,
    minGroupSize: survey.minGroupSize,
    opensAt: survey.opensAt,
    closesAt: survey.closesAt,
  };
}

/** The survey as the API shows it, with the definition members answer. */
export async function surveyForApi(db: Db, survey: Survey) {
  return { ...surveyFields(survey), definition: await getDefinition(db, { surveyId: survey.id, version: survey.currentVersion }) };
}
