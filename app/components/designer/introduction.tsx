import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TEXT_LIMITS, type Texts } from "~/surveys/designer";
import { TextsFields } from "./texts-fields";

/** The survey's introduction, above its first page: the member page shows it under the survey's title. */
export function Introduction({ values }: { values: Texts }) {
  const { t } = useTranslation("designer");
  return (
    // Open on a survey without one yet (a blank survey), to invite writing it.
    <details className="designer-introduction" open={!values.fr && !values.nl && !values.en}>
      <summary>{t("intro.title")}</summary>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="save-introduction" />
        <p className="hint">{t("intro.hint")}</p>
        <TextsFields prefix="description" label={t("intro.label")} values={values} multiline maxLength={TEXT_LIMITS.title} />
        <button type="submit" className="button button-secondary">
          {t("intro.save")}
        </button>
      </Form>
    </details>
  );
}
