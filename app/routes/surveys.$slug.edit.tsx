import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Completeness } from "~/components/designer/completeness";
import { JsonView } from "~/components/designer/json-view";
import { PreviewFrame } from "~/components/designer/preview-frame";
import { QuestionEditor } from "~/components/designer/question-editor";
import { Introduction } from "~/components/designer/introduction";
import { DeleteConfirmation, QuestionList } from "~/components/designer/question-list";
import { RefusalMessage } from "~/components/designer/refusal-message";
import { FormMessage } from "~/components/forms";
import type { Locale } from "~/db/values";
import { designerAction, loadDesigner } from "~/surveys/designer-action.server";
import { displayText } from "~/surveys/localizable";
import designerStyles from "~/styles/designer.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: designerStyles }];

export const loader = ({ request, params }: LoaderFunctionArgs) => loadDesigner(request, params.slug);

export const action = ({ request, params }: ActionFunctionArgs) => designerAction(request, params.slug);

export default function SurveyDesigner() {
  const { t, i18n } = useTranslation("designer");
  const locale = i18n.language as Locale;
  const { survey, answered, completeness, pages, introduction, surveyTitle: surveyTitleTexts, mode, previewLocale, editor, deleting, json } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const surveyTitle = displayText(survey.title, locale);
  const questionTitle = (name: string, title: unknown) => displayText(title as Parameters<typeof displayText>[0], locale) || name;
  const preview = previewLocale ?? (survey.locales.includes(locale) ? locale : (survey.locales[0] ?? "fr"));
  return (
    <section aria-labelledby="designer-title" className="designer stack-lg">
      <p>
        <Link to={`/surveys/${survey.slug}`}>← {surveyTitle}</Link>
      </p>
      <div className="title-row">
        <h1 id="designer-title">{t("title", { title: surveyTitle })}</h1>
        <Completeness counts={completeness} label={t("texts.survey")} />
      </div>
      {survey.canUndo ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="undo" />
          <button type="submit" className="button button-secondary">
            {t("undo.button")}
          </button>
        </Form>
      ) : null}
      {done ? <FormMessage tone="success">{t(`done.${done}`, { defaultValue: t("done.question-saved"), version: params.get("version") ?? "" })}</FormMessage> : null}
      {refusal ? <RefusalMessage error={refusal.error} problems={refusal.problems} /> : null}
      {answered > 0 ? <p className="designer-notice">{t("answered", { count: answered, next: survey.version + 1 })}</p> : null}
      <nav className="tabs" aria-label={t("views.label")}>
        <ul>
          <li>
            <Link to="?" aria-current={mode !== "json" ? "page" : undefined}>
              {t("views.questions")}
            </Link>
          </li>
          <li>
            <Link to="?view=json" aria-current={mode === "json" ? "page" : undefined}>
              {t("views.json")}
            </Link>
          </li>
        </ul>
      </nav>
      <div className="designer-layout">
        <div className="designer-main stack-lg">
          {mode === "question" && editor ? (
            <QuestionEditor
              question={editor.question}
              kind={editor.kind}
              values={editor.values}
              result={refusal?.intent === "save-question" ? refusal.result : null}
              sources={editor.sources}
              stamp={refusal?.stamp ?? editor.stamp}
              fresh={done === "question-added" && params.get("q") === String(editor.question.name)}
              error={refusal?.intent === "save-question" ? refusal.error : null}
            />
          ) : mode === "json" ? (
            <JsonView slug={survey.slug} json={refusal?.json ?? json ?? ""} refused={refusal?.intent === "import-json"} />
          ) : (
            <>
              {deleting ? (
                <DeleteConfirmation
                  name={deleting.name}
                  title={questionTitle(deleting.name, deleting.title)}
                  references={deleting.references.map((r) => ({ name: r.name, title: questionTitle(r.name, r.title) }))}
                />
              ) : null}
              <Introduction title={surveyTitleTexts} values={introduction} result={refusal?.intent === "save-introduction" ? refusal.result : null} />
              <QuestionList pages={pages} />
            </>
          )}
        </div>
        <PreviewFrame slug={survey.slug} locale={preview} offered={survey.locales} revision={survey.revision} />
      </div>
    </section>
  );
}
