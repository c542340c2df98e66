import type { TextareaHTMLAttributes } from "react";

/** A labelled textarea with its hint, linked for screen readers (forms.tsx's Field is for inputs). */
export function TextareaField({ id, label, hint, ...textarea }: { id: string; label: string; hint: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <textarea id={id} spellCheck={false} aria-describedby={`${id}-hint`} {...textarea} />
    </div>
  );
}
