import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TEXT_LIMITS, type Texts } from "~/surveys/designer";
import { TextsFields } from "./texts-fields";
import { useLeaveWarning } from "./use-leave-warning";

/** The survey's title and introduction, above its first page: the member page shows them at the top. */
export function Introduction({ title, values }: { title: Texts; values: Texts }) {
  const { t } = useTranslation("designer");
  const leaveWarning = useLeaveWarning(t("editor.unsaved"));
  return (
    // Open on a survey without an introduction yet (a blank survey), to invite writing it.
    <details className="designer-introduction" open={!values.fr && !values.nl && !values.en}>
      <summary>{t("intro.title")}</summary>
      <Form method="post" className="stack" {...leaveWarning}>
        <input type="hidden" name="intent" value="save-introduction" />
        <p className="hint">{t("intro.hint")}</p>
        <fieldset>
          <legend>{t("intro.surveyTitle")}</legend>
          <TextsFields prefix="title" idPrefix="survey-title" label={t("intro.surveyTitle")} values={title} requiredFrench maxLength={300} />
        </fieldset>
        <fieldset>
          <legend>{t("intro.label")}</legend>
          <TextsFields prefix="description" label={t("intro.label")} values={values} multiline maxLength={TEXT_LIMITS.title} />
        </fieldset>
        <button type="submit" className="button button-secondary">
          {t("intro.save")}
        </button>
      </Form>
    </details>
  );
}
