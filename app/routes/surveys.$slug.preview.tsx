import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SurveyPage } from "~/components/survey/survey-page";
import { previewAction, previewLoader } from "~/responses/preview.server";
import memberStyles from "~/styles/member.css?url";

export const handle = { bare: true };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: memberStyles }];
export const loader = ({ request, params }: LoaderFunctionArgs) => previewLoader(request, params.slug);
export const action = ({ request, params }: ActionFunctionArgs) => previewAction(request, params.slug);

/** What members get, drawn by the same components, without saving anything. */
export default function Preview() {
  const { t } = useTranslation("member");
  const loaded = useLoaderData<typeof loader>();
  const view = useActionData<typeof action>() ?? loaded;
  return (
    <main id="main" className="member-main">
      <p className="preview-banner" role="note">
        {t("preview_note")}
      </p>
      <SurveyPage model={view.model} hiddenFields={{ page: String(view.model.page.index), previewAnswers: view.answers }} />
    </main>
  );
}
