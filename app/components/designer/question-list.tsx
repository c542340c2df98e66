import { getFormProps } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useSchemaForm } from "~/components/forms";
import { pageForm } from "~/surveys/designer-forms";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/db/values";
import { type Condition, type PageSummary, QUESTION_KINDS, textsOf } from "~/surveys/designer";
import { displayText } from "~/surveys/localizable";
import type { LocalizableText } from "~/surveys/roles";
import { Completeness } from "./completeness";
import { firstTextError, TextsFields } from "./texts-fields";

type Titles = Record<string, LocalizableText | null>;

/** The survey's pages and questions in order, each with its facts and keyboard-operable buttons. */
export function QuestionList({ pages }: { pages: PageSummary[] }) {
  const { t, i18n } = useTranslation("designer");
  const locale = i18n.language as Locale;
  const titles: Titles = Object.fromEntries(pages.flatMap((page) => page.questions.map((q) => [q.name, q.title])));
  const names = pages.flatMap((page) => page.questions.map((q) => q.name));
  const titleOf = (name: string) => displayText(titles[name], locale) || name;
  return (
    <div className="stack-lg">
      <ol className="designer-pages">
        {pages.map((page, pageIndex) => {
          const headingId = `page-${page.name}-title`;
          const pageTitle = displayText(page.title, locale);
          return (
            <li key={page.name} id={`page-${page.name}`} className="designer-page">
              <section aria-labelledby={headingId} className="stack">
                <h2 id={headingId}>
                  {t("page.heading", { number: pageIndex + 1 })}
                  {pageTitle ? ` : ${pageTitle}` : ""}
                </h2>
                {page.questions.length === 0 ? <p className="hint">{t("page.empty")}</p> : null}
                <ol className="designer-questions">
                  {page.questions.map((question) => {
                    const title = titleOf(question.name);
                    const position = names.indexOf(question.name);
                    return (
                      <li key={question.name} id={`question-${question.name}`} className="designer-question">
                        <h3 className="question-title">
                          {title} <code className="question-name">{question.name}</code>
                        </h3>
                        <dl className="question-facts">
                          <div>
                            <dt>{t("facts.type")}</dt>
                            <dd>{question.kind ? t(`kinds.${question.kind}`) : question.type}</dd>
                          </div>
                          <div>
                            <dt>{t("facts.role")}</dt>
                            <dd>{question.role ? t(`roles.${question.role}`, { defaultValue: question.role }) : t("facts.noRole")}</dd>
                          </div>
                          <div>
                            <dt>{t("facts.required")}</dt>
                            <dd>{question.required ? t("facts.yes") : t("facts.no")}</dd>
                          </div>
                          <div>
                            <dt>{t("facts.condition")}</dt>
                            <dd>
                              <ConditionSummary condition={question.condition} titleOf={titleOf} />
                            </dd>
                          </div>
                        </dl>
                        <Completeness counts={question.completeness} label={t("texts.translations")} />
                        <div className="question-actions">
                          <Link className="button button-secondary" to={`?q=${encodeURIComponent(question.name)}`} aria-label={t("actions.editNamed", { title })}>
                            {t("actions.edit")}
                          </Link>
                          <MoveButton name={question.name} direction="up" title={title} disabled={position === 0} />
                          <MoveButton name={question.name} direction="down" title={title} disabled={position === names.length - 1} />
                          <Form method="get">
                            <input type="hidden" name="delete" value={question.name} />
                            <button type="submit" className="button button-danger" aria-label={t("actions.deleteNamed", { title })}>
                              {t("actions.delete")}
                            </button>
                          </Form>
                        </div>
                      </li>
                    );
                  })}
                </ol>
                <Form method="post" className="inline-form add-question">
                  <input type="hidden" name="intent" value="add-question" />
                  <input type="hidden" name="page" value={page.name} />
                  <div className="field">
                    <label htmlFor={`add-type-${page.name}`}>{t("page.newQuestionType", { number: pageIndex + 1 })}</label>
                    <select id={`add-type-${page.name}`} name="type" defaultValue="single">
                      {QUESTION_KINDS.map((kind) => (
                        <option key={kind} value={kind}>
                          {t(`kinds.${kind}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <button type="submit" className="button">
                    {t("page.addQuestion")}
                  </button>
                </Form>
                <details className="page-tools">
                  <summary>{t("page.tools", { number: pageIndex + 1 })}</summary>
                  <div className="stack">
                    <PageTitleForm page={page} />
                    {pages.length > 1 ? <DeletePage page={page} index={pageIndex} pages={pages} /> : null}
                  </div>
                </details>
              </section>
            </li>
          );
        })}
      </ol>
      <Form method="post">
        <input type="hidden" name="intent" value="add-page" />
        <button type="submit" className="button button-secondary">
          {t("page.add")}
        </button>
      </Form>
    </div>
  );
}

/** A page's title in three languages, checked in the page by the same schema as the action's. */
function PageTitleForm({ page }: { page: PageSummary }) {
  const { t } = useTranslation("designer");
  const [form] = useSchemaForm(pageForm, { id: `page-${page.name}-form`, defaultValue: { page: page.name, title: textsOf(page.title) } });
  const say = (code: string) => t([`errors.${code}`, `common:errors.${code}`]);
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="rename-page" />
      <input type="hidden" name="page" value={page.name} />
      <fieldset>
        <legend>{t("page.title")}</legend>
        <TextsFields prefix="title" idPrefix={`page-${page.name}-title`} label={t("page.title")} values={textsOf(page.title)} maxLength={1000} error={firstTextError(form.allErrors, "title", say)} />
      </fieldset>
      <button type="submit" className="button button-secondary">
        {t("page.saveTitle")}
      </button>
    </Form>
  );
}

function MoveButton({ name, direction, title, disabled }: { name: string; direction: "up" | "down"; title: string; disabled: boolean }) {
  const { t } = useTranslation("designer");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="move-question" />
      <input type="hidden" name="question" value={name} />
      <input type="hidden" name="direction" value={direction} />
      <button type="submit" className="button button-secondary" disabled={disabled} aria-label={t(`actions.${direction}Named`, { title })}>
        <span aria-hidden="true">{direction === "up" ? "↑ " : "↓ "}</span>
        {t(`actions.${direction}`)}
      </button>
    </Form>
  );
}

function DeletePage({ page, index, pages }: { page: PageSummary; index: number; pages: PageSummary[] }) {
  const { t } = useTranslation("designer");
  const others = pages.filter((p) => p.name !== page.name);
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="delete-page" />
      <input type="hidden" name="page" value={page.name} />
      {page.questions.length > 0 ? (
        <div className="field">
          <label htmlFor={`move-to-${page.name}`}>{t("page.moveQuestionsTo", { count: page.questions.length })}</label>
          <select id={`move-to-${page.name}`} name="moveTo">
            {others.map((other) => (
              <option key={other.name} value={other.name}>
                {t("page.heading", { number: pages.indexOf(other) + 1 })}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <button type="submit" className="button button-danger">
        {t("page.delete", { number: index + 1 })}
      </button>
    </Form>
  );
}

/** A condition in words: "when “Colour” is “red”", or the expression itself. */
export function ConditionSummary({ condition, titleOf }: { condition: Condition; titleOf: (name: string) => string }) {
  const { t } = useTranslation("designer");
  if (condition.kind === "none") return <>{t("condition.always")}</>;
  if (condition.kind === "answer") return <>{t("condition.when", { question: titleOf(condition.question), value: condition.value })}</>;
  return (
    <>
      {t("condition.whenExpression")} <code>{condition.expression}</code>
    </>
  );
}

/** The second step of deleting a question, as its own form so it works without JavaScript. */
export function DeleteConfirmation({
  name,
  title,
  references,
}: {
  name: string;
  title: string;
  references: { name: string; title: string }[];
}) {
  const { t } = useTranslation("designer");
  return (
    <section className="confirm-panel stack" aria-labelledby="confirm-delete-title">
      <h2 id="confirm-delete-title" tabIndex={-1}>
        {t("delete.title", { title })}
      </h2>
      {references.length > 0 ? (
        <>
          <p>{t("delete.referenced", { count: references.length })}</p>
          <ul>
            {references.map((reference) => (
              <li key={reference.name}>
                {reference.title} <code>{reference.name}</code>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t("delete.explain")}</p>
      )}
      <div className="inline-form">
        <Form method="post" action="?">
          <input type="hidden" name="intent" value="delete-question" />
          <input type="hidden" name="question" value={name} />
          {references.length > 0 ? <input type="hidden" name="removeConditions" value="1" /> : null}
          <button type="submit" className="button button-danger">
            {references.length > 0 ? t("delete.confirmWithConditions") : t("delete.confirm")}
          </button>
        </Form>
        <Link to={`?#question-${name}`} className="button button-secondary">
          {t("delete.cancel")}
        </Link>
      </div>
    </section>
  );
}
