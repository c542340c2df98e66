import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, useSchemaForm } from "~/components/forms";
import { LOCALES, type Locale } from "~/db/values";
import { LOCALE_NAMES } from "~/i18n/config";
import type { ConditionSource, ItemInput, QuestionKind, Texts } from "~/surveys/designer";
import { editableFields, questionForm, type questionFormValues } from "~/surveys/designer-forms";
import { displayText } from "~/surveys/localizable";
import { QUESTION_ROLES } from "~/surveys/roles";
import { errorText } from "./refusal-message";
import { TextareaField } from "./textarea-field";
import { firstTextError, TextsFields } from "./texts-fields";
import { useLeaveWarning } from "./use-leave-warning";

type EditorError = { code: string; field?: string; value?: string; references?: string[]; message?: string } | null;
type Props = {
  question: Record<string, unknown>;
  /** Just added and never saved: cancelling removes it. */
  fresh?: boolean;
  /** The question's fingerprint when the page was drawn: a save over someone else's change is refused. */
  stamp: string;
  kind: QuestionKind | null;
  values: ReturnType<typeof questionFormValues>;
  /** The action's reply to a refused save: what was typed, and the schema's errors by field. */
  result?: SubmissionResult<string[]> | null;
  sources: ConditionSource[];
  error: EditorError;
};

/**
 * The whole question in one form (intent=save-question), so it works without
 * JavaScript: the row buttons of the tables save the form too, then apply their move.
 * Keyed by the saved values, so that a reload after a row move shows the new order, not the old inputs.
 */
export function QuestionEditor(props: Props) {
  return <EditorForm key={JSON.stringify(props.values)} {...props} />;
}

// The form's first values as conform holds them (strings, "on" for a ticked box), from the question or from a refused post.
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const stringAt = (value: unknown) => (typeof value === "string" ? value : "");
const textsAt = (value: unknown): Texts => (isRecord(value) ? Object.fromEntries(LOCALES.map((locale) => [locale, stringAt(value[locale])])) : {});
const itemsAt = (value: unknown): ItemInput[] => (Array.isArray(value) ? value : []).map((row) => (isRecord(row) ? { value: stringAt(row.value), text: textsAt(row.text) } : { value: "", text: {} }));

function EditorForm({ question, kind, values, result, sources, stamp, error, fresh = false }: Props) {
  const { t, i18n } = useTranslation("designer");
  const locale = i18n.language as Locale;
  const [form] = useSchemaForm(questionForm, { id: "question-editor", defaultValue: values, lastResult: result });
  const initial = form.initialValue as Record<string, unknown>;
  const fields = new Set(editableFields(question));
  const name = String(question.name);
  const message = error ? errorText(t, error) : null;
  // The schema's errors (in the browser before posting, or the server's) by conform name: `title.fr`, `choices[1].value`.
  const say = (code: string) => t([`errors.${code}`, `common:errors.${code}`]);
  const schemaError = (field: string) => {
    const code = form.allErrors[field]?.[0];
    return code ? say(code) : null;
  };
  const errorOn = (field: string) => (error?.field === field ? message : null) ?? schemaError(field);
  const textError = (prefix: string) => {
    const field = error?.field ?? "";
    if (message && field.startsWith(`${prefix}.`)) return { locale: field.slice(prefix.length + 1), message };
    return firstTextError(form.allErrors, prefix, say);
  };
  const listError = (list: "choices" | "rows" | "columns") => {
    if (message && error?.field?.startsWith(list)) return { index: Number(error.field.split(".")[1] ?? -1), message };
    const failing = Object.keys(form.allErrors).find((field) => field.startsWith(`${list}[`));
    return failing ? { index: Number(failing.slice(list.length + 1, failing.indexOf("]"))), message: schemaError(failing)! } : null;
  };
  const texts = (field: string) => textsAt(initial[field]);
  const title = texts("title")[locale]?.trim() || texts("title").fr?.trim() || name;
  const leaveWarning = useLeaveWarning(t("editor.unsaved"));
  const formProps = getFormProps(form);
  return (
    <Form
      method="post"
      className="stack-lg question-editor"
      aria-labelledby="editor-title"
      {...formProps}
      noValidate
      onChange={leaveWarning.onChange}
      onSubmit={(event) => {
        formProps.onSubmit(event);
        if (!event.defaultPrevented) leaveWarning.onSubmit(event);
      }}
    >
      {/* Enter in a text field submits with the form's first button: make it "save", not a row's "move up". */}
      <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true">
        {t("editor.save")}
      </button>
      <input type="hidden" name="intent" value="save-question" />
      <input type="hidden" name="question" value={name} />
      <input type="hidden" name="stamp" value={stamp} />
      <div className="title-row">
        <h2 id="editor-title">{t("editor.title", { title })}</h2>
        <Link to={`?#question-${name}`}>{t("editor.back")}</Link>
      </div>
      <dl className="facts">
        <dt>{t("facts.type")}</dt>
        <dd>{kind ? t(`kinds.${kind}`) : String(question.type)}</dd>
      </dl>

      <div className="two-columns">
        <Field
          label={t("editor.name")}
          hint={t("editor.nameHint")}
          name="name"
          defaultValue={stringAt(initial.name)}
          required
          pattern="[A-Za-z][A-Za-z0-9_\-]{0,63}"
          maxLength={64}
          error={errorOn("name")}
        />
        {fields.has("role") ? (
          <div className="field">
            <label htmlFor="question-role">{t("editor.role")}</label>
            <p className="hint" id="question-role-hint">
              {t("editor.roleHint")}
            </p>
            <select id="question-role" name="role" defaultValue={stringAt(initial.role)} aria-describedby="question-role-hint">
              <option value="">{t("facts.noRole")}</option>
              {QUESTION_ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`roles.${role}`)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <label className="choice">
        <input type="checkbox" name="required" defaultChecked={initial.required === "on"} />
        <span>{t("editor.required")}</span>
      </label>

      <fieldset>
        <legend>{t("editor.questionTitle")}</legend>
        <TextsFields prefix="title" label={t("editor.questionTitle")} values={texts("title")} requiredFrench maxLength={1000} error={textError("title")} />
      </fieldset>
      <fieldset>
        <legend>{t("editor.description")}</legend>
        <TextsFields prefix="description" label={t("editor.description")} values={texts("description")} multiline maxLength={1000} error={textError("description")} />
      </fieldset>

      {(["choices", "rows", "columns"] as const).map((list) =>
        fields.has(list) ? <ItemsTable key={list} list={list} items={itemsAt(initial[list])} error={listError(list)} /> : null,
      )}

      {fields.has("showOtherItem") ? (
        <fieldset className="stack">
          <legend>{t("editor.other")}</legend>
          <label className="choice">
            <input type="checkbox" name="showOtherItem" defaultChecked={initial.showOtherItem === "on"} />
            <span>{t("editor.showOther")}</span>
          </label>
          <TextsFields prefix="otherText" label={t("editor.otherText")} values={texts("otherText")} maxLength={300} error={textError("otherText")} />
        </fieldset>
      ) : null}

      {fields.has("minSelectedChoices") ? (
        <NumberPair legend={t("editor.limits")} names={["minSelectedChoices", "maxSelectedChoices"]} labels={[t("editor.minSelected"), t("editor.maxSelected")]} hint={t("editor.noLimitHint")} values={initial} errorOn={errorOn} min={0} step={1} />
      ) : null}
      {fields.has("rateMin") ? (
        <NumberPair legend={t("editor.scale")} names={["rateMin", "rateMax"]} labels={[t("editor.rateMin"), t("editor.rateMax")]} values={initial} errorOn={errorOn} step={1} required />
      ) : null}
      {fields.has("minRateDescription") ? (
        <fieldset className="stack" aria-describedby="rate-labels-hint">
          <legend>{t("editor.rateLabels")}</legend>
          <p className="hint" id="rate-labels-hint">
            {t("editor.rateLabelsHint")}
          </p>
          {(["minRateDescription", "maxRateDescription"] as const).map((end) => (
            <fieldset key={end}>
              <legend>{t(`editor.${end}`)}</legend>
              <TextsFields prefix={end} label={t(`editor.${end}`)} values={texts(end)} maxLength={300} error={textError(end)} />
            </fieldset>
          ))}
        </fieldset>
      ) : null}
      {fields.has("min") ? <NumberPair legend={t("editor.bounds")} names={["min", "max"]} labels={[t("editor.min"), t("editor.max")]} values={initial} errorOn={errorOn} step="any" /> : null}
      {fields.has("maxLength") ? (
        <Field label={t("editor.maxLength")} hint={t("editor.noLimitHint")} name="maxLength" type="number" min={0} step={1} defaultValue={stringAt(initial.maxLength)} error={errorOn("maxLength")} />
      ) : null}

      <ConditionFields selected={stringAt(initial.condition)} expression={stringAt(initial.conditionExpression)} sources={sources} error={errorOn("conditionExpression") ?? errorOn("condition")} />

      <div className="inline-form">
        <button type="submit" className="button">
          {t("editor.save")}
        </button>
        {fresh ? (
          <button type="submit" name="discard" value="1" className="button button-secondary" formNoValidate>
            {t("editor.cancel")}
          </button>
        ) : (
          <Link to={`?#question-${name}`} className="button button-secondary">
            {t("editor.cancel")}
          </Link>
        )}
      </div>
    </Form>
  );
}

/** Two number fields that go together: a lower and an upper limit. */
function NumberPair({
  legend,
  names,
  labels,
  hint,
  values,
  errorOn,
  ...input
}: {
  legend: string;
  names: [string, string];
  labels: [string, string];
  hint?: string;
  values: Record<string, unknown>;
  errorOn: (field: string) => string | null;
  min?: number;
  step: number | "any";
  required?: boolean;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="two-columns">
        {names.map((name, index) => (
          <Field key={name} label={labels[index]} hint={hint} name={name} type="number" defaultValue={stringAt(values[name])} error={errorOn(name)} {...input} />
        ))}
      </div>
    </fieldset>
  );
}

/** Choices, matrix rows or columns: a value and three texts per row, with buttons to move, delete and add. */
function ItemsTable({ list, items, error }: { list: "choices" | "rows" | "columns"; items: ItemInput[]; error: { index: number; message: string } | null }) {
  const { t } = useTranslation("designer");
  const rowError = error?.message ?? null;
  const errorIndex = error?.index ?? -1;
  const label = t(`items.${list}`);
  const rows = [...items, { value: "", text: {} }];
  return (
    <fieldset id={`${list}-editor`} className="stack" aria-describedby={rowError ? `${list}-error` : `${list}-hint`}>
      <legend>{label}</legend>
      <p className="hint" id={`${list}-hint`}>
        {t("items.hint")}
      </p>
      {rowError ? (
        <p className="field-error" id={`${list}-error`}>
          {rowError}
        </p>
      ) : null}
      <table className="items-table">
        <caption className="visually-hidden">{label}</caption>
        <thead>
          <tr>
            <th scope="col">{t("items.value")}</th>
            {LOCALES.map((locale) => (
              <th scope="col" key={locale} lang={locale}>
                {LOCALE_NAMES[locale]}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t("items.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((item, index) => {
            const isNew = index === items.length;
            const n = index + 1;
            const rowLabel = isNew ? t("items.newRow") : t("items.row", { number: n });
            return (
              <tr key={index} className={isNew ? "new-item" : undefined}>
                <td data-label={t("items.value")}>
                  <input
                    name={`${list}[${index}].value`}
                    defaultValue={item.value}
                    aria-label={`${rowLabel} – ${t("items.value")}`}
                    aria-invalid={errorIndex === index && rowError ? true : undefined}
                    maxLength={100}
                  />
                </td>
                {LOCALES.map((locale) => (
                  <td key={locale} data-label={LOCALE_NAMES[locale]}>
                    <input name={`${list}[${index}].text.${locale}`} lang={locale} defaultValue={item.text[locale] ?? ""} aria-label={`${rowLabel} – ${LOCALE_NAMES[locale]}`} maxLength={300} />
                  </td>
                ))}
                <td className="row-actions">
                  {isNew ? null : (
                    <>
                      <button type="submit" name="itemAction" value={`${list}:up:${index}`} className="icon-button" disabled={index === 0} aria-label={t("items.up", { row: rowLabel })}>
                        ↑
                      </button>
                      <button
                        type="submit"
                        name="itemAction"
                        value={`${list}:down:${index}`}
                        className="icon-button"
                        disabled={index === items.length - 1}
                        aria-label={t("items.down", { row: rowLabel })}
                      >
                        ↓
                      </button>
                      <button type="submit" name="itemAction" value={`${list}:delete:${index}`} className="icon-button icon-danger" aria-label={t("items.delete", { row: rowLabel })}>
                        ✕
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="submit" name="itemAction" value={`${list}:add`} className="button button-secondary">
        {t(`items.add.${list}`)}
      </button>
    </fieldset>
  );
}

/** "Show this question when question X has answer Y", or a SurveyJS expression. */
function ConditionFields({ selected, expression, sources, error }: { selected: string; expression: string; sources: ConditionSource[]; error: string | null }) {
  const { t, i18n } = useTranslation("designer");
  const locale = i18n.language as Locale;
  const answerText = (source: ConditionSource, answer: ConditionSource["answers"][number]) =>
    displayText(answer.text, locale) ||
    (source.answers.length === 2 && answer.value === "true" ? t("facts.yes") : answer.value === "false" && source.answers.length === 2 ? t("facts.no") : answer.value);
  return (
    <fieldset className="stack" aria-describedby={error ? "condition-error" : undefined}>
      <legend>{t("condition.legend")}</legend>
      {error ? (
        <p className="field-error" id="condition-error">
          {error}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="condition">{t("condition.show")}</label>
        <select id="condition" name="condition" defaultValue={selected}>
          <option value="">{t("condition.always")}</option>
          {sources.map((source) => (
            <optgroup key={source.name} label={t("condition.whenQuestion", { question: displayText(source.title, locale) || source.name })}>
              {source.answers.map((answer) => (
                <option key={answer.value} value={`${source.name}=${answer.value}`}>
                  {t("condition.answerIs", { answer: answerText(source, answer) })}
                </option>
              ))}
            </optgroup>
          ))}
          <option value="expression">{t("condition.expressionOption")}</option>
        </select>
      </div>
      <TextareaField
        id="condition-expression"
        label={t("condition.expression")}
        hint={t("condition.expressionHint")}
        name="conditionExpression"
        rows={2}
        defaultValue={expression}
        aria-invalid={error ? true : undefined}
        maxLength={1000}
      />
    </fieldset>
  );
}
