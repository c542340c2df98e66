import { listAntennas, listSectors } from "~/catalogue/catalogue.server";
import type { Db } from "~/db/client.server";
import { AppError } from "~/http/errors";
import { type DefinitionCheck, checkDefinition } from "./definition.server";
import { getDefinition, type Survey, setSurveyStatus } from "./surveys.server";

/** The current version checked for publishing: loads in survey-core, every offered language complete, roles well shaped. */
export async function checkSurveyForPublishing(db: Db, survey: Survey): Promise<DefinitionCheck> {
  const [definition, antennas, sectors] = await Promise.all([
    getDefinition(db, { surveyId: survey.id, version: survey.currentVersion }),
    listAntennas(db),
    listSectors(db),
  ]);
  return checkDefinition({
    definition: definition ?? {},
    title: survey.title,
    locales: survey.locales,
    catalogue: { antennas: antennas.map((a) => a.code), sectors: sectors.map((s) => s.code) },
  });
}

/** Opens a draft (or reopens a closed survey) once its check passes; the problems travel with the error. */
export async function publishSurvey(db: Db, survey: Survey): Promise<Survey> {
  const check = await checkSurveyForPublishing(db, survey);
  if (!check.publishable) {
    throw new AppError(400, "survey_not_publishable", undefined, undefined, {
      problems: check.problems,
      missing: check.missing,
      completeness: check.completeness,
    });
  }
  return setSurveyStatus(db, { surveyId: survey.id, status: "open" });
}
