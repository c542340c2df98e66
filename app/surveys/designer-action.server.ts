// The survey designer's loader and action behind /surveys/:slug/edit: reads
// the forms, applies the pure operations of designer.ts, checks the result with
// survey-core and the definition check, then saves, audits and redirects.
import { createHash } from "node:crypto";
import { data, redirect } from "@remix-run/node";
import { ConditionsParser } from "survey-core";
import { audit } from "~/auth/audit.server";
import { isAppError } from "~/http/errors";
import type { Db } from "~/db/client.server";
import type { Locale } from "~/db/values";
import { isLocale } from "~/i18n/config";
import { checkDefinition, DEFINITION_LIMITS, type DefinitionProblem } from "./definition.server";
import {
  addPage,
  addQuestion,
  conditionSources,
  type Definition,
  deletePage,
  deleteQuestion,
  designerPages,
  type DesignerError,
  type DesignerResult,
  editItems,
  findQuestion,
  type ItemInput,
  moveQuestion,
  type PageSummary,
  questionKind,
  readCondition,
  referencesTo,
  renamePage,
  setCondition,
  setIntroduction,
  textsOf,
  updateQuestion,
} from "./designer";
import { requireSurvey } from "./survey-action.server";
import { countResponses, getDefinition, getUndo, saveDefinition, type Survey, updateSurveySettings } from "./surveys.server";
import { readForm } from "~/http/forms.server";
import type { SubmissionResult } from "@conform-to/react";
import { parseForm } from "~/http/forms";
import type { z } from "zod";
import {
  addQuestionForm,
  deletePageForm,
  deleteQuestionForm,
  introductionForm,
  moveQuestionForm,
  pageForm,
  questionChanges,
  questionForm,
  questionFormValues,
} from "./designer-forms";

export type DesignerMode = "list" | "question" | "json";

/** Everything the designer page shows, for the view the URL asks for (`?q=`, `?view=json`, `?delete=`). */
export async function loadDesigner(request: Request, slug: string | undefined) {
  const { db, survey } = await requireSurvey(request, slug, "surveys:edit");
  const definition = (await getDefinition(db, { surveyId: survey.id, version: survey.currentVersion })) ?? {};
  const url = new URL(request.url);
  const answered = await countResponses(db, { surveyId: survey.id, version: survey.currentVersion });
  const check = checkDefinition({ definition, locales: survey.locales });
  const pages = summarise(definition, survey.locales);
  const titles = Object.fromEntries(pages.flatMap((page) => page.questions.map((q) => [q.name, q.title])));

  const q = url.searchParams.get("q");
  const question = q ? findQuestion(definition, q) : undefined;
  if (q && !question) throw new Response("Not found", { status: 404 });
  const deleting = url.searchParams.get("delete");
  const preview = url.searchParams.get("preview");
  return {
    survey: { slug: survey.slug, title: survey.title, locales: survey.locales, version: survey.currentVersion, status: survey.effectiveStatus, revision: survey.updatedAt.getTime(), canUndo: survey.undoChange !== null },
    answered,
    completeness: check.completeness,
    problems: check.problems,
    pages,
    introduction: textsOf(definition.description),
    surveyTitle: textsOf(survey.title),
    mode: (question ? "question" : url.searchParams.get("view") === "json" ? "json" : "list") as DesignerMode,
    previewLocale: isLocale(preview) ? preview : null,
    editor: question
      ? {
          question,
          kind: questionKind(question) ?? null,
          page: pages.find((page) => page.questions.some((s) => s.name === question.name))?.name ?? "",
          values: questionFormValues(question),
          sources: conditionSources(definition, question.name),
          stamp: questionStamp(question),
        }
      : null,
    deleting:
      deleting && findQuestion(definition, deleting)
        ? { name: deleting, title: titles[deleting] ?? null, references: referencesTo(definition, deleting).map((name) => ({ name, title: titles[name] ?? null })) }
        : null,
    json: url.searchParams.get("view") === "json" ? JSON.stringify(definition, null, 2) : null,
  };
}

// Per-question counts come from the definition check run on each question
// alone, so they count exactly what publishing will ask for.
function summarise(definition: Definition, locales: readonly Locale[]): PageSummary[] {
  return designerPages(definition).map((page) => ({
    name: page.name,
    title: page.title ?? null,
    questions: page.questions.map((question) => ({
      name: question.name,
      type: question.type,
      kind: questionKind(question) ?? null,
      title: (question.title as PageSummary["title"]) ?? null,
      role: typeof question.role === "string" ? question.role : null,
      required: question.isRequired === true,
      condition: readCondition(question.visibleIf),
      completeness: checkDefinition({ definition: { pages: [{ name: "p", elements: [question] }] }, locales }).completeness,
    })),
  }));
}

/** What a refused form shows: the error, the definition check's problems, and the values typed. */
export type DesignerRefusal = {
  intent: string;
  error: DesignerError | { code: string; field?: string; message?: string };
  problems: DefinitionProblem[];
  /** conform's reply to the editor's form: the values typed and the schema's errors, by field. */
  result?: SubmissionResult<string[]>;
  json?: string;
  /** After a refused save over someone else's change: the question's stamp now, so saving again replaces it. */
  stamp?: string;
};

const refuse = (refusal: Omit<DesignerRefusal, "problems"> & { problems?: DefinitionProblem[] }, status = 400) =>
  data<DesignerRefusal>({ problems: [], ...refusal }, { status });

/** Runs one of the designer's forms; every change is saved as the survey's definition and audited. */
export async function designerAction(request: Request, slug: string | undefined) {
  const { user, db, survey } = await requireSurvey(request, slug, "surveys:edit");
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const before = (await getDefinition(db, { surveyId: survey.id, version: survey.currentVersion })) ?? {};
  const base = `/surveys/${survey.slug}/edit`;
  const commit: Commit = async (change, next, result) => {
    if (!change.ok) return refuse({ intent, error: change.error, result });
    const problems = newProblems(before, change.definition, survey.locales);
    if (problems.length > 0) return refuse({ intent, error: { code: "invalid_definition" }, problems, result });
    const saved = await save(db, { survey, userId: user.id, definition: change.definition, detail: { intent, question: next.q ?? next.question }, undo: { definition: before, change: intent } });
    if (!saved) return refuse({ intent, error: { code: "survey_changed" }, result }, 409);
    const params = new URLSearchParams({ done: saved.created ? "new-version" : next.done, version: String(saved.version) });
    if (next.q) params.set("q", next.q);
    return redirect(`${base}?${params}${next.anchor ? `#${next.anchor}` : ""}`);
  };

  // Each form has its schema: read by it, or refused with its errors beside the fields.
  const withForm = <Schema extends z.ZodTypeAny>(schema: Schema, run: (value: z.output<Schema>, result: SubmissionResult<string[]>) => ReturnType<Commit>) => {
    const submission = parseForm(form, schema);
    if (submission.status !== "success") return refuse({ intent, error: { code: "check_fields" }, result: submission.reply() });
    return run(submission.value, submission.reply());
  };

  switch (intent) {
    case "undo": {
      // The definition before the last change comes back; the one it replaces is kept, so a second undo redoes.
      const undo = await getUndo(db, { surveyId: survey.id });
      if (!undo) return refuse({ intent, error: { code: "nothing_to_undo" } }, 409);
      const saved = await save(db, { survey, userId: user.id, definition: undo.definition, detail: { intent, undid: undo.change }, undo: { definition: before, change: "undo" } });
      if (!saved) return refuse({ intent, error: { code: "survey_changed" } }, 409);
      return redirect(`${base}?${new URLSearchParams({ done: "undone", version: String(saved.version) })}`);
    }
    case "add-page":
      return withForm(pageForm, ({ title }) => {
        const change = addPage(before, { title });
        return commit(change, { done: "page-added", anchor: change.ok ? `page-${change.name}` : undefined });
      });
    case "save-introduction":
      // The survey's title and its introduction, edited together where staff write the survey.
      return withForm(introductionForm, async ({ title, description }, result) => {
        const saved = await commit(setIntroduction(before, { description }), { done: "introduction-saved" }, result);
        // After the definition (whose save checks the survey did not change meanwhile), and only once it went through.
        if (saved instanceof Response && JSON.stringify(title) !== JSON.stringify(survey.title)) {
          await updateSurveySettings(db, { surveyId: survey.id, title, settings: {} });
          await audit(db, { userId: user.id, action: "survey.settings", target: survey.slug, detail: { title: true } });
        }
        return saved;
      });
    case "rename-page":
      return withForm(pageForm, ({ page = "", title }, result) => commit(renamePage(before, { pageName: page, title }), { done: "page-renamed", anchor: `page-${page}` }, result));
    case "delete-page":
      return withForm(deletePageForm, ({ page, moveTo }) => commit(deletePage(before, { pageName: page, moveTo }), { done: "page-deleted" }));
    case "add-question":
      return withForm(addQuestionForm, ({ page, type }) => {
        const change = addQuestion(before, { pageName: page, type });
        return commit(change, { done: "question-added", q: change.ok ? change.name : undefined });
      });
    case "move-question":
      return withForm(moveQuestionForm, ({ question, direction }) => commit(moveQuestion(before, { name: question, direction }), { done: "question-moved", question, anchor: `question-${question}` }));
    case "delete-question":
      return withForm(deleteQuestionForm, ({ question, removeConditions }) =>
        commit(deleteQuestion(before, { name: question, removeConditions: removeConditions === "1" }), { done: "question-deleted", question }),
      );
    case "save-question":
      return saveQuestion(before, form, commit, base);
    case "import-json":
      return importJson({ db, survey, userId: user.id, form, base });
    default:
      return refuse({ intent, error: { code: "invalid_request" } });
  }
}

type Commit = (change: DesignerResult<object>, next: { done: string; q?: string; question?: string; anchor?: string }, result?: SubmissionResult<string[]>) => Promise<Response | ReturnType<typeof refuse>>;

/** The question editor posts the whole question; a row button (move, delete, add) saves it too and stays in the editor. */
async function saveQuestion(before: Definition, form: FormData, commit: Commit, base: string) {
  const submission = parseForm(form, questionForm);
  const name = submission.payload.question;
  const question = typeof name === "string" ? findQuestion(before, name) : undefined;
  if (!question) return refuse({ intent: "save-question", error: { code: "question_not_found" } }, 404);
  // Cancel on a question just added: it goes, unless someone changed it since (then it stays as they left it).
  if (submission.payload.discard === "1") {
    if (submission.payload.stamp !== questionStamp(question)) return redirect(`${base}#question-${question.name}`);
    return commit(deleteQuestion(before, { name: question.name, removeConditions: false }), { done: "question-discarded" });
  }
  // What was typed comes back into the fields with every refusal, and the schema's errors beside them.
  const result = submission.reply();
  if (submission.status !== "success") return refuse({ intent: "save-question", error: { code: "check_fields" }, result });
  const values = submission.value;
  // Two staff on one question: the later save would silently undo the other's. Refused once,
  // with the typed values kept; the page then carries the new stamp, so saving again replaces.
  const current = questionStamp(question);
  if (values.stamp !== "" && values.stamp !== current) return refuse({ intent: "save-question", error: { code: "question_changed" }, result, stamp: current }, 409);
  const { itemAction } = values;
  if (itemAction) {
    const list = values[itemAction.list];
    const { action, index } = itemAction;
    values[itemAction.list] = action === "add" ? [...list, { value: freeValue(list, itemAction.list), text: {} }] : editItems(list, { action, index });
  }
  const { patch, condition } = questionChanges(question, values);
  const syntax = condition.kind === "expression" ? expressionError(condition.expression) : null;
  if (syntax) return refuse({ intent: "save-question", error: { code: "invalid_expression", field: "conditionExpression", message: syntax }, result });
  const updated = updateQuestion(before, question.name, patch);
  const changed = updated.ok ? setCondition(updated.definition, { name: updated.name, condition }) : updated;
  const saved = updated.ok ? updated.name : question.name;
  return itemAction
    ? commit(changed, { done: "question-saved", q: saved, anchor: `${itemAction.list}-editor` }, result)
    : commit(changed, { done: "question-saved", question: saved, anchor: `question-${saved}` }, result);
}

/** A short fingerprint of a question as saved: the editor sends back the one it was opened with. */
export function questionStamp(question: Record<string, unknown>): string {
  return createHash("sha256").update(JSON.stringify(question)).digest("base64url").slice(0, 16);
}

const ITEM_PREFIX = { choices: "option", rows: "row", columns: "column" } as const;
const freeValue = (list: ItemInput[], kind: keyof typeof ITEM_PREFIX) => {
  for (let n = list.length + 1; ; n += 1) {
    const value = `${ITEM_PREFIX[kind]}_${n}`;
    if (!list.some((item) => item.value === value)) return value;
  }
};


/** survey-core's parser on an expression: null when it reads it, else where it stopped. */
export function expressionError(expression: string): string | null {
  const parser = new ConditionsParser();
  if (parser.parseExpression(expression)) return null;
  const at = parser.error?.at;
  return typeof at === "number" ? `${expression.slice(0, at)} ⟵ ${expression.slice(at)}`.trim() : expression;
}

const problemKey = (p: DefinitionProblem) => [p.code, p.path, p.locale, p.value, p.role].join("|");

// An edit is refused only for problems it brings: an older definition with a
// problem of its own can still be mended one step at a time.
function newProblems(before: Definition, after: Definition, locales: readonly Locale[]): DefinitionProblem[] {
  const known = new Set(checkDefinition({ definition: before, locales }).problems.map(problemKey));
  // A survey being built may have no question yet: that is for publishing to refuse.
  return checkDefinition({ definition: after, locales }).problems.filter((p) => p.code !== "no_questions" && !known.has(problemKey(p)));
}

/** Saves and audits an edit; null when the survey changed since this request read it (nothing is saved then). */
async function save(
  db: Db,
  { survey, userId, definition, detail, undo }: { survey: Survey; userId: string; definition: Definition; detail: Record<string, unknown>; undo?: { definition: Definition; change: string } },
) {
  const saved = await saveDefinition(db, { surveyId: survey.id, definition, expectedUpdatedAt: survey.updatedAt, undo }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "survey_changed") return null;
    throw error;
  });
  if (saved) await audit(db, { userId, action: "survey.edit", target: survey.slug, detail: { ...detail, version: saved.version, newVersion: saved.created } });
  return saved;
}

/** Replaces the whole definition from pasted JSON or an uploaded file; anything invalid is refused and nothing saved. */
async function importJson({ db, survey, userId, form, base }: { db: Db; survey: Survey; userId: string; form: FormData; base: string }) {
  const file = form.get("file");
  let json = String(form.get("json") ?? "");
  if (file instanceof File && file.size > 0) {
    if (file.size > DEFINITION_LIMITS.bytes) {
      return refuse({ intent: "import-json", error: { code: "invalid_definition" }, problems: [{ code: "too_large", limit: DEFINITION_LIMITS.bytes }], json }, 413);
    }
    json = await file.text();
  }
  const check = checkDefinition({ definition: json, locales: survey.locales });
  if (!check.valid) return refuse({ intent: "import-json", error: { code: "invalid_definition" }, problems: check.problems, json });
  const definition = JSON.parse(json) as Definition;
  const saved = await save(db, { survey, userId, definition, detail: { intent: "import-json" } });
  if (!saved) return refuse({ intent: "import-json", error: { code: "survey_changed" }, json }, 409);
  return redirect(`${base}?${new URLSearchParams({ view: "json", done: saved.created ? "new-version" : "imported", version: String(saved.version) })}`);
}
