// Pieces every survey question shares: stable ids (the error summary links to
// them), the title with its required mark in words, help text and errors tied
// to the controls through aria-describedby.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { PageQuestion } from "~/responses/page-model.server";

/** Ids of one question's parts; names are SurveyJS names (letters, digits, `_`, `-`). */
export function questionIds(name: string) {
  const id = `q-${name}`;
  return {
    id,
    block: `${id}-block`,
    title: `${id}-title`,
    description: `${id}-description`,
    hint: `${id}-hint`,
    error: `${id}-error`,
    option: (index: number) => `${id}-${index}`,
    other: `${id}-other`,
    otherText: `${id}-other-text`,
  };
}

/** The control the error summary moves focus to. */
export function firstControlId(question: PageQuestion): string {
  const ids = questionIds(question.name);
  switch (question.type) {
    case "radiogroup":
    case "checkbox":
    case "rating":
    case "boolean":
    case "ranking":
      return ids.option(0);
    case "matrix":
      return `${ids.option(0)}-0`;
    default:
      return ids.id;
  }
}

/** The `aria-describedby` of a question: its description, hint and errors, those that exist. */
export function describedBy(question: PageQuestion, hasHint: boolean): string | undefined {
  const ids = questionIds(question.name);
  const parts = [question.description ? ids.description : null, hasHint ? ids.hint : null, question.errors.length > 0 ? ids.error : null];
  return parts.filter(Boolean).join(" ") || undefined;
}

export function QuestionTitle({ question }: { question: PageQuestion }) {
  const { t } = useTranslation("member");
  return (
    <>
      <span className="question-title">{question.title}</span>
      {question.required ? <span className="question-required">{` ${t("required")}`}</span> : null}
    </>
  );
}

/** Description, hint and errors, in reading order, under the title. */
export function QuestionHelp({ question, hint }: { question: PageQuestion; hint?: ReactNode }) {
  const ids = questionIds(question.name);
  return (
    <>
      {question.description ? (
        <p className="question-description" id={ids.description}>
          {question.description}
        </p>
      ) : null}
      {hint ? (
        <p className="question-hint" id={ids.hint}>
          {hint}
        </p>
      ) : null}
      {question.errors.length > 0 ? (
        <div className="question-error" id={ids.error}>
          {question.errors.map((error) => (
            <p key={error}>{error}</p>
          ))}
        </div>
      ) : null}
    </>
  );
}
