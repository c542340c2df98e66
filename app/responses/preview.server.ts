import { data } from "@remix-run/node";
import { LOCALES, type Locale } from "~/db/values";
import { isLocale } from "~/i18n/config";
import { requireSurvey } from "~/surveys/survey-action.server";
import { displayText } from "~/surveys/localizable";
import { getDefinition } from "~/surveys/surveys.server";
import { parseIntent, parsePageForm } from "./form-data";
import { blankPageModel, buildPageModel, NoVisiblePageError, type BuildPageModelInput, type PageModel } from "./page-model.server";
import { readForm } from "~/http/forms.server";

// The staff preview: the member page's own renderer on the current version,
// in one language, clicking through pages without saving anything. The
// answers so far travel in a hidden field.

export const previewLocale = (url: URL): Locale => {
  const language = url.searchParams.get("language");
  return isLocale(language) ? language : "fr";
};

async function load(request: Request, slug: string | undefined) {
  const { survey, db } = await requireSurvey(request, slug, "surveys:read");
  const definition = (await getDefinition(db, { surveyId: survey.id, version: survey.currentVersion })) ?? {};
  const locale = previewLocale(new URL(request.url));
  // What members see: the survey's own title, the rest from the definition.
  return { survey, definition, locale, title: displayText(survey.title, locale) };
}

/** The page as members would see it; a survey with no question yet (a new blank one) shows an empty first page. */
function previewPage(input: BuildPageModelInput & { title: string }): PageModel {
  try {
    return buildPageModel(input);
  } catch (error) {
    if (error instanceof NoVisiblePageError) return blankPageModel(input);
    throw error;
  }
}

export async function previewLoader(request: Request, slug: string | undefined) {
  const { definition, locale, title } = await load(request, slug);
  const model = previewPage({ definition, locale, title, answers: {}, pageIndex: 0 });
  return data({ model, answers: "{}", locales: LOCALES });
}

export async function previewAction(request: Request, slug: string | undefined) {
  const { definition, locale, title } = await load(request, slug);
  const form = await readForm(request);
  let answers: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(String(form.get("previewAnswers") ?? "{}"));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) answers = parsed as Record<string, unknown>;
  } catch {
    answers = {};
  }
  const pageIndex = Number(form.get("page") ?? 0);
  const before = previewPage({ definition, locale, title, answers, pageIndex });
  const { answers: posted, cleared } = parsePageForm(form, before.questions);
  answers = { ...answers, ...posted };
  for (const name of cleared) delete answers[name];
  const intent = parseIntent(form);
  const current = previewPage({ definition, locale, title, answers, pageIndex, showValidation: intent !== "previous" });
  const target =
    intent === "previous" ? current.page.previousIndex : Object.keys(current.pageErrors).length > 0 || current.page.isLast ? pageIndex : current.page.nextIndex;
  const model = target === pageIndex ? current : previewPage({ definition, locale, title, answers, pageIndex: target ?? pageIndex });
  return data({ model, answers: JSON.stringify(answers), locales: LOCALES });
}
