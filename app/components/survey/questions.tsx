// One accessible, server-rendered component per question type. Controls are
// uncontrolled (defaultValue / defaultChecked) so the page is a plain form
// that works before, and without, any JavaScript.
import { type ReactElement, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { commentField, type FormFields, matrixField, questionFields, rankField } from "~/responses/form-data";
import type { PageChoice, PageQuestion } from "~/responses/page-model.server";
import { describedBy, QuestionHelp, questionIds, QuestionTitle } from "./question-parts";

type Of<T extends PageQuestion["type"]> = Extract<PageQuestion, { type: T }>;
type BodyProps<Q extends PageQuestion> = { question: Q; fields: FormFields; disabled: boolean };
type Props<T extends PageQuestion["type"]> = BodyProps<Of<T>>;

const has = (fields: FormFields, name: string, value: unknown): boolean => (fields[name] ?? []).includes(String(value));

/** Draws a question of any type; hidden (and its fields disabled) while its condition is false. */
export function SurveyQuestion({ question }: { question: PageQuestion }) {
  const fields = questionFields(question);
  const disabled = question.readOnly || !question.visible;
  const ids = questionIds(question.name);
  return (
    <div
      className="question"
      id={ids.block}
      data-question={question.name}
      data-readonly={question.readOnly ? "" : undefined}
      hidden={!question.visible}
    >
      <QuestionBody question={question} fields={fields} disabled={disabled} />
    </div>
  );
}

// Each type's component; the cast joins a question to the component of its own type.
const BODIES: { [T in PageQuestion["type"]]: (props: Props<T>) => ReactElement | null } = {
  radiogroup: ChoiceQuestion,
  checkbox: ChoiceQuestion,
  dropdown: DropdownQuestion,
  rating: RatingQuestion,
  boolean: BooleanQuestion,
  ranking: RankingQuestion,
  matrix: MatrixQuestion,
  text: TextQuestion,
  comment: CommentQuestion,
};

function QuestionBody(props: Props<PageQuestion["type"]>) {
  const Body = BODIES[props.question.type] as (props: Props<PageQuestion["type"]>) => ReactElement | null;
  return <Body {...props} />;
}

/** A fieldset of large label rows, one per option: radios or checkboxes. */
function OptionGroup({
  question,
  type = "radio",
  options,
  fields,
  disabled,
  hint,
  className = "options",
}: {
  question: PageQuestion;
  type?: "radio" | "checkbox";
  options: PageChoice[];
  fields: FormFields;
  disabled: boolean;
  hint?: string;
  className?: string;
}) {
  const ids = questionIds(question.name);
  const invalid = question.errors.length > 0 || undefined;
  return (
    <fieldset className="question-group" aria-describedby={describedBy(question, Boolean(hint))}>
      <legend id={ids.title}>
        <QuestionTitle question={question} />
      </legend>
      <QuestionHelp question={question} hint={hint} />
      <div className={className}>
        {options.map((option, index) => (
          <label className="option" key={String(option.value)}>
            <input
              type={type}
              id={ids.option(index)}
              name={question.name}
              value={String(option.value)}
              defaultChecked={has(fields, question.name, option.value)}
              disabled={disabled}
              required={type === "radio" && question.required}
              aria-invalid={invalid}
              data-exclusive={option.exclusive ? "" : undefined}
            />
            <span>{option.text}</span>
          </label>
        ))}
      </div>
      <OtherText question={question} disabled={disabled} />
    </fieldset>
  );
}

/** What a question's one control carries: name, answer so far, state and the links to its help. */
function controlAttributes({ question, fields, disabled }: BodyProps<PageQuestion>, hint: string | undefined) {
  return {
    id: questionIds(question.name).id,
    name: question.name,
    defaultValue: fields[question.name]?.[0] ?? "",
    disabled,
    required: question.required,
    "aria-invalid": question.errors.length > 0 || undefined,
    "aria-describedby": describedBy(question, Boolean(hint)),
  };
}

/** A single control with its label above, then description, hint and errors. */
function LabelledField({ question, hint, children }: { question: PageQuestion; hint?: string; children: ReactNode }) {
  const ids = questionIds(question.name);
  return (
    <div className="question-field">
      <label htmlFor={ids.id} id={ids.title}>
        <QuestionTitle question={question} />
      </label>
      <QuestionHelp question={question} hint={hint} />
      {children}
    </div>
  );
}

/** The text box of "Other (describe)", always present so it works without a script. */
function OtherText({ question, disabled }: { question: PageQuestion; disabled: boolean }) {
  const { t } = useTranslation("member");
  if (question.type !== "radiogroup" && question.type !== "checkbox" && question.type !== "dropdown") return null;
  if (!question.other) return null;
  const ids = questionIds(question.name);
  return (
    <div className="other-text">
      <label htmlFor={ids.otherText}>
        {`${question.other.text} – ${t("other_label")}`}
      </label>
      <input
        type="text"
        id={ids.otherText}
        name={commentField(question.name)}
        defaultValue={question.other.comment}
        placeholder={question.other.placeholder}
        disabled={disabled}
        maxLength={1000}
        aria-invalid={question.errors.length > 0 || undefined}
      />
    </div>
  );
}

function selectionHint(question: Of<"checkbox">, t: (key: string, options?: Record<string, unknown>) => string): string | undefined {
  const { minSelectedChoices: min, maxSelectedChoices: max } = question;
  if (min && max) return t("select_between", { min, max });
  if (max) return t("select_up_to", { count: max });
  if (min) return t("select_at_least", { count: min });
  return undefined;
}

function ChoiceQuestion({ question, fields, disabled }: BodyProps<Of<"radiogroup"> | Of<"checkbox">>) {
  const { t } = useTranslation("member");
  const options = question.other ? [...question.choices, question.other] : question.choices;
  return (
    <OptionGroup
      question={question}
      type={question.type === "checkbox" ? "checkbox" : "radio"}
      options={options}
      fields={fields}
      disabled={disabled}
      hint={question.type === "checkbox" ? selectionHint(question, t) : undefined}
    />
  );
}

function RatingQuestion({ question, fields, disabled }: Props<"rating">) {
  const { t } = useTranslation("member");
  const first = question.choices[0];
  const last = question.choices[question.choices.length - 1];
  const hint =
    question.minDescription && question.maxDescription && first && last
      ? t("rating_scale", { min: first.text, minText: question.minDescription, max: last.text, maxText: question.maxDescription })
      : undefined;
  return (
<OptionGroup question={question} options={question.choices} fields={fields} disabled={disabled} hint={hint} className="options options-scale" />
  );
}

function BooleanQuestion({ question, fields, disabled }: Props<"boolean">) {
  const options = [
    { value: "true", text: question.labelTrue },
    { value: "false", text: question.labelFalse },
  ];
  return (
<OptionGroup question={question} options={options} fields={fields} disabled={disabled} className="options options-inline" />
  );
}

function DropdownQuestion({ question, fields, disabled }: Props<"dropdown">) {
  const { t } = useTranslation("member");
  const options = question.other ? [...question.choices, question.other] : question.choices;
  return (
    <LabelledField question={question}>
      <select {...controlAttributes({ question, fields, disabled }, undefined)}>
        <option value="">{question.placeholder ?? t("choose")}</option>
        {options.map((option) => (
          <option key={String(option.value)} value={String(option.value)}>
            {option.text}
          </option>
        ))}
      </select>
      <OtherText question={question} disabled={disabled} />
    </LabelledField>
  );
}

/** Ranking without dragging: each item gets a place from a select. */
function RankingQuestion({ question, fields, disabled }: Props<"ranking">) {
  const { t } = useTranslation("member");
  const ids = questionIds(question.name);
  // Items in the member's current order, unranked ones after, as shown before.
  const placed = question.value.map((value) => question.choices.find((choice) => choice.value === value)).filter((choice) => choice !== undefined);
  const items = [...placed, ...question.choices.filter((choice) => !placed.includes(choice))];
  const places = question.choices.map((_, index) => index + 1);
  return (
    <fieldset className="question-group" aria-describedby={describedBy(question, true)}>
      <legend id={ids.title}>
        <QuestionTitle question={question} />
      </legend>
      <QuestionHelp question={question} hint={t("rank_hint")} />
      <ol className="ranking">
        {items.map((item, index) => (
          <li key={String(item.value)} className="ranking-item">
            <label htmlFor={ids.option(index)}>{item.text}</label>
            <select
              id={ids.option(index)}
              name={rankField(question.name, item.value)}
              defaultValue={fields[rankField(question.name, item.value)]?.[0] ?? ""}
              disabled={disabled}
              aria-label={t("rank_label", { item: item.text })}
              aria-invalid={question.errors.length > 0 || undefined}
            >
              <option value="">{t("rank_unset")}</option>
              {places.map((place) => (
                <option key={place} value={place}>
                  {t("rank_option", { rank: place })}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ol>
    </fieldset>
  );
}

/** A matrix as a list of row fieldsets: readable at 360 px, no table to scroll sideways. */
function MatrixQuestion({ question, fields, disabled }: Props<"matrix">) {
  const ids = questionIds(question.name);
  return (
    <fieldset className="question-group" aria-describedby={describedBy(question, false)}>
      <legend id={ids.title}>
        <QuestionTitle question={question} />
      </legend>
      <QuestionHelp question={question} />
      {question.rows.map((row, rowIndex) => {
        const name = matrixField(question.name, row.value);
        return (
          <fieldset className="matrix-row" key={String(row.value)}>
            <legend>{row.text}</legend>
            <div className="options options-inline">
              {question.columns.map((column, columnIndex) => (
                <label className="option" key={String(column.value)}>
                  <input
                    type="radio"
                    id={`${ids.option(rowIndex)}-${columnIndex}`}
                    name={name}
                    value={String(column.value)}
                    defaultChecked={has(fields, name, column.value)}
                    disabled={disabled}
                    required={question.required && question.eachRowRequired}
                    aria-invalid={question.errors.length > 0 || undefined}
                  />
                  <span>{column.text}</span>
                </label>
              ))}
            </div>
          </fieldset>
        );
      })}
    </fieldset>
  );
}

function TextQuestion({ question, fields, disabled }: Props<"text">) {
  const { t } = useTranslation("member");
  const number = question.inputType === "number";
  const { min, max } = question;
  const hint = number
    ? min !== undefined && max !== undefined
      ? t("range", { min, max })
      : min !== undefined
        ? t("range_min", { min })
        : max !== undefined
          ? t("range_max", { max })
          : undefined
    : question.maxLength
      ? t("max_length", { count: question.maxLength })
      : undefined;
  return (
    <LabelledField question={question} hint={hint}>
      <input
        {...controlAttributes({ question, fields, disabled }, hint)}
        type={question.inputType}
        inputMode={number ? "decimal" : undefined}
        min={min}
        max={max}
        step={question.step ?? (number ? "any" : undefined)}
        maxLength={question.maxLength}
        placeholder={question.placeholder}
        autoComplete={question.inputType === "email" ? "email" : question.inputType === "tel" ? "tel" : undefined}
      />
    </LabelledField>
  );
}

function CommentQuestion({ question, fields, disabled }: Props<"comment">) {
  const { t } = useTranslation("member");
  const hint = question.maxLength ? t("max_length", { count: question.maxLength }) : undefined;
  return (
    <LabelledField question={question} hint={hint}>
      <textarea
        {...controlAttributes({ question, fields, disabled }, hint)}
        rows={question.rows ?? 4}
        maxLength={question.maxLength}
        placeholder={question.placeholder}
      />
    </LabelledField>
  );
}
