import { type DefaultValue, type FieldMetadata, type SubmissionResult, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { type InputHTMLAttributes, type ReactNode, useId } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/auth/password-rules";
import { parseForm } from "~/http/forms";

/** A form field as conform knows it from the form's schema: its name, first value, constraints and errors. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any field of any form: conform types each by its schema.
export type SchemaField = FieldMetadata<any, any, string[]>;

/**
 * A form validated by its schema in the browser before it posts, with the same
 * schema the action parses (http/forms.ts): first on leaving a field, then as
 * one types. `lastResult` is the action's `reply()`, so the server's errors and
 * the values typed come back into the fields, with or without JavaScript.
 */
export function useSchemaForm<Schema extends z.ZodTypeAny>(
  schema: Schema,
  options: { id: string; lastResult?: SubmissionResult<string[]> | null; defaultValue?: DefaultValue<z.input<Schema>> },
) {
  return useForm<z.input<Schema>, z.output<Schema>>({
    ...options,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseForm(formData, schema),
  });
}

/** Error codes in words: the page's own `errors.*` (its namespace) first, then common's. */
function useErrorWords(namespace: string) {
  const { t } = useTranslation("common");
  return (code: string | undefined): string | null => (code ? t([`${namespace}:errors.${code}`, `common:errors.${code}`], { defaultValue: t("errors.invalid_value") }) : null);
}

/** A field's first error in words, or null. */
export function useFieldError(field: Pick<SchemaField, "errors"> | undefined, namespace = "common"): string | null {
  return useErrorWords(namespace)(field?.errors?.[0]);
}

/** The error of any of a form's fields, by name, in words (for groups a Field does not draw itself). */
export function useFieldErrors(fields: Record<string, Pick<SchemaField, "errors">>, namespace = "common") {
  const say = useErrorWords(namespace);
  return (name: string) => say(fields[name]?.errors?.[0]);
}

/** A checkbox group's first values: conform holds one ticked value as a string, several as a list. */
export const listAt = (field: Pick<SchemaField, "initialValue">): string[] => {
  const value: unknown = field.initialValue;
  return Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : [];
};

/** The attributes a schema field gives its input: name, first value and the constraints the browser checks too. */
export function fieldAttributes(field: SchemaField): InputHTMLAttributes<HTMLInputElement> {
  const value = field.initialValue;
  return {
    name: field.name,
    defaultValue: typeof value === "string" ? value : undefined,
    required: field.required,
    minLength: field.minLength,
    maxLength: field.maxLength,
    min: field.min,
    max: field.max,
    step: field.step,
    pattern: field.pattern,
  };
}

/**
 * A labelled input with its error, announced and linked for screen readers.
 * Given a schema `field`, it takes its name, value, constraints and error from it.
 */
export function Field({
  label,
  error,
  hint,
  field,
  errorNamespace,
  ...input
}: { label: ReactNode; error?: string | null; hint?: ReactNode; field?: SchemaField; errorNamespace?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const fieldError = useFieldError(field, errorNamespace);
  error = error ?? fieldError;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  input = field ? { ...fieldAttributes(field), ...input } : input;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A new password's field, with the rule said and checked as the server applies it (password-rules.ts). */
export function NewPasswordField({ label, field }: { label: ReactNode; field: SchemaField }) {
  const { t } = useTranslation("common");
  return <Field label={label} hint={t("account.passwordRules")} field={field} type="password" autoComplete="new-password" required minLength={PASSWORD_MIN} maxLength={PASSWORD_MAX} />;
}

/** A form-level message: errors are announced at once, confirmations politely. */
export function FormMessage({ tone, children }: { tone: "error" | "success"; children: ReactNode }) {
  return (
    <div className={`message message-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

type SelectOption = { value: string; label: string };

/** A labelled <select>, with an optional first "all / none" option whose value is empty. */
export function SelectField({
  id,
  label,
  name,
  options,
  emptyLabel,
  defaultValue,
  field,
  errorNamespace,
}: {
  id: string;
  label: ReactNode;
  name: string;
  options: SelectOption[];
  emptyLabel?: string | null;
  defaultValue?: string | null;
  /** The schema field it fills: its first value and its error. */
  field?: SchemaField;
  errorNamespace?: string;
}) {
  const error = useFieldError(field, errorNamespace);
  const initial = typeof field?.initialValue === "string" ? field.initialValue : null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <select id={id} name={name} defaultValue={initial ?? defaultValue ?? ""} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {emptyLabel ? <option value="">{emptyLabel}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Antennas or sectors as select options, named in the reader's language. */
export const codeOptions = (entries: { code: string; name: Record<string, string> }[], locale: string): SelectOption[] =>
  entries.map((entry) => ({ value: entry.code, label: entry.name[locale] ?? entry.name.fr ?? entry.code }));

/** A one-button form that posts an `intent` (publish, close, erase…): works without JavaScript. */
export function IntentButton({ intent, secondary = false, children }: { intent: string; secondary?: boolean; children: ReactNode }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={secondary ? "button button-secondary" : "button"}>
        {children}
      </button>
    </Form>
  );
}

/** A checkbox with its label in bold and a hint below, as a whole 44-px row. */
export function CheckboxRow({ name, label, hint, defaultChecked }: { name: string; label: ReactNode; hint: ReactNode; defaultChecked?: boolean }) {
  return (
    <label className="choice">
      <input type="checkbox" name={name} defaultChecked={defaultChecked} />
      <span>
        <strong>{label}</strong>
        <span className="hint">{hint}</span>
      </span>
    </label>
  );
}

/** A group of checkboxes sharing one name (several values), with its legend, hint and error. */
export function CheckboxGrid({
  legend,
  hint,
  name,
  options,
  checked,
  error,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  name: string;
  options: (SelectOption & { lang?: string })[];
  checked: readonly string[];
  error?: string | null;
}) {
  return (
    <fieldset className="stack">
      <legend>{legend}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      <div className="checkbox-grid">
        {options.map((option) => (
          <label key={option.value} className="choice">
            <input type="checkbox" name={name} value={option.value} defaultChecked={checked.includes(option.value)} />
            <span lang={option.lang}>{option.label}</span>
          </label>
        ))}
      </div>
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}
