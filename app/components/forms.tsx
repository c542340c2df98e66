import { Form } from "@remix-run/react";
import { type InputHTMLAttributes, type ReactNode, useId } from "react";

/** A labelled input with its error, announced and linked for screen readers. */
export function Field({
  label,
  error,
  hint,
  ...input
}: { label: ReactNode; error?: string | null; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
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
}: {
  id: string;
  label: ReactNode;
  name: string;
  options: SelectOption[];
  emptyLabel?: string | null;
  defaultValue?: string | null;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue ?? ""}>
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
