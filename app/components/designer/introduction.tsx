import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useSchemaForm } from "~/components/forms";
import type { Texts } from "~/surveys/designer";
import { introductionForm } from "~/surveys/designer-forms";
import { firstTextError, TextsFields } from "./texts-fields";
import { useLeaveWarning } from "./use-leave-warning";

/** The survey's title and introduction, above its first page: the member page shows them at the top. */
export function Introduction({ title, values, result }: { title: Texts; values: Texts; result?: SubmissionResult<string[]> | null }) {
  const { t } = useTranslation("designer");
  const leaveWarning = useLeaveWarning(t("editor.unsaved"));
  const [form, fields] = useSchemaForm(introductionForm, { id: "introduction", defaultValue: { title, description: values }, lastResult: result });
  const say = (code: string) => t([`errors.${code}`, `common:errors.${code}`]);
  const initial = (field: { initialValue?: unknown }) => (field.initialValue ?? {}) as Texts;
  const formProps = getFormProps(form);
  return (
    // Open on a survey without an introduction yet (a blank survey), to invite writing it; open too when a save was refused.
    <details className="designer-introduction" open={(!values.fr && !values.nl && !values.en) || form.status === "error"}>
      <summary>{t("intro.title")}</summary>
      <Form
        method="post"
        className="stack"
        {...formProps}
        onChange={leaveWarning.onChange}
        onSubmit={(event) => {
          formProps.onSubmit(event);
          if (!event.defaultPrevented) leaveWarning.onSubmit(event);
        }}
      >
        <input type="hidden" name="intent" value="save-introduction" />
        <p className="hint">{t("intro.hint")}</p>
        <fieldset>
          <legend>{t("intro.surveyTitle")}</legend>
          <TextsFields
            prefix="title"
            idPrefix="survey-title"
            label={t("intro.surveyTitle")}
            values={initial(fields.title)}
            requiredFrench
            maxLength={300}
            error={firstTextError(form.allErrors, "title", say)}
          />
        </fieldset>
        <fieldset>
          <legend>{t("intro.label")}</legend>
          <TextsFields prefix="description" label={t("intro.label")} values={initial(fields.description)} multiline maxLength={1000} error={firstTextError(form.allErrors, "description", say)} />
        </fieldset>
        <button type="submit" className="button button-secondary">
          {t("intro.save")}
        </button>
      </Form>
    </details>
  );
}
