import { listAntennas, listSectors } from "~/catalogue/catalogue.server";
import type { Db } from "~/db/client.server";
import { AppError } from "~/http/errors";
import type { SurveyJson } from "./survey-core.server";
import { createSurvey, getSurveyBySlug, type Survey } from "./surveys.server";
import { type NewSurveyInput, surveySettingsSchema } from "./survey-forms";
import { networkingTemplate } from "./template";

export const BLANK_DEFINITION: SurveyJson = { pages: [{ name: "page1", elements: [] }] };

/**
 * A new draft survey from the networking template or blank, targeted at one
 * antenna and/or sector (or everyone).
 */
export async function createNewSurvey(
  db: Db,
  input: NewSurveyInput,
  { createdBy }: { createdBy: string },
): Promise<Survey> {
  const [antennas, sectors] = await Promise.all([listAntennas(db), listSectors(db)]);
  if (input.antenna && !antennas.some((a) => a.code === input.antenna)) throw new AppError(400, "invalid_request", { antenna: "unknown_antenna" });
  if (input.sector && !sectors.some((s) => s.code === input.sector)) throw new AppError(400, "invalid_request", { sector: "unknown_sector" });
  const targetAntennas = input.antenna ? [input.antenna] : [];
  let title: Record<string, string> = {};
  let definition: SurveyJson = structuredClone(BLANK_DEFINITION);
  if (input.source === "template") {
    // The live catalogue, so antennas and sectors added by an admin appear in the questions.
    const template = networkingTemplate({ antennas: targetAntennas, catalogue: { antennas, sectors } });
    definition = template.definition;
    title = template.title as Record<string, string>;
  }
  if (input.title.fr) title = { default: input.title.fr, nl: input.title.nl, en: input.title.en };
  title = Object.fromEntries(Object.entries(title).filter(([, v]) => v));
  if (!title.default) throw new AppError(400, "invalid_request", { "title.fr": "required" });
  const slug = input.slug || (await freeSlug(db, [input.antenna ?? "", input.sector ?? "", title.default]));
  return createSurvey(db, {
    slug,
    title,
    definition,
    createdBy,
    settings: surveySettingsSchema.parse({ antennas: targetAntennas, sectors: input.sector ? [input.sector] : [] }),
  });
}

export function slugify(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
}

async function freeSlug(db: Db, parts: string[]): Promise<string> {
  const base = slugify(parts.filter(Boolean).join(" ")) || "survey";
  const stem = base.length >= 3 ? base : `${base}-survey`;
  for (let i = 1; i < 100; i++) {
    const candidate = i === 1 ? stem : `${stem}-${i}`;
    if (!(await getSurveyBySlug(db, { slug: candidate }))) return candidate;
  }
  return `${stem}-${Date.now().toString(36)}`;
}
