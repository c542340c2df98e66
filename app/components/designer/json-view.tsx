import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextareaField } from "./textarea-field";

/** The definition as JSON: download it, or replace it by pasting or uploading; an invalid import saves nothing. */
export function JsonView({ slug, json, refused }: { slug: string; json: string; refused: boolean }) {
  const { t } = useTranslation("designer");
  return (
    <section aria-labelledby="json-title" className="stack-lg">
      <h2 id="json-title">{t("json.title")}</h2>
      <p>
        <a className="button button-secondary" href={`/surveys/${slug}/json`} download={`${slug}.json`}>
          {t("json.export")}
        </a>
      </p>
      <Form method="post" encType="multipart/form-data" className="stack">
        <input type="hidden" name="intent" value="import-json" />
        <TextareaField
          id="definition-json"
          label={t("json.definition")}
          hint={t("json.hint")}
          name="json"
          className="json-text"
          rows={24}
          defaultValue={json}
          aria-invalid={refused ? true : undefined}
        />
        <div className="field">
          <label htmlFor="definition-file">{t("json.file")}</label>
          <input id="definition-file" type="file" name="file" accept="application/json,.json" />
        </div>
        <button type="submit" className="button">
          {t("json.import")}
        </button>
      </Form>
    </section>
  );
}
