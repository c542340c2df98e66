// survey-core on the server only (DESIGN.md: it never ships to the member's
// browser). Every module that builds a SurveyJS model goes through here, so
// the custom `role` property is registered exactly once.
import { Model, Serializer, surveyLocalization } from "survey-core";
import { QUESTION_ROLES } from "./roles";

// Our texts keep French under `default`; survey-core's default language is
// English, so without this an English model would read the French text.
surveyLocalization.defaultLocale = "fr";

if (!Serializer.findProperty("question", "role")) {
  Serializer.addProperty("question", { name: "role", choices: [...QUESTION_ROLES], category: "general" });
}

export type SurveyJson = Record<string, unknown>;

/** A survey-core model of a definition, in one locale ("fr" is SurveyJS's "default"). */
export function createModel(definition: SurveyJson, locale?: string): Model {
  const model = new Model(definition);
  if (locale) model.locale = locale === "fr" ? "" : locale;
  return model;
}

/** survey-core's complaints about a definition (unknown properties, wrong types), as plain text. */
export function definitionErrors(model: Model): string[] {
  return (model.jsonErrors ?? []).map((error) => error.message ?? String(error));
}

export { Model, Serializer };
