import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { MemberFrame, MemberMessage } from "~/components/survey/member-frame";
import { LaterLink, WelcomeBack } from "~/components/survey/later-link";
import { SurveyPage } from "~/components/survey/survey-page";
import { SHOWN_FIELD } from "~/responses/form-data";
import { forgetSurvey } from "~/components/survey/use-offline-answers";
import { memberAction, memberLoader, type MemberOutcome } from "~/responses/member-page.server";
import type { InlineCssHandle } from "~/root";
import memberCss from "~/styles/member.css?inline";

// Styles inside the page (see root.tsx): the first question shows one round trip sooner on a slow phone.
export const handle: InlineCssHandle & { bare: boolean } = { bare: true, inlineCss: import.meta.env.SSR ? memberCss : undefined };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data && "model" in data ? data.model.title : data && "title" in data && data.title ? data.title : "Maillage" },
  { name: "robots", content: "noindex" },
];

export const loader = ({ request, params }: LoaderFunctionArgs) => memberLoader(request, params.slug ?? "");
// In production the member lane (server/submission-lane.server.ts) has read and saved the post already:
// it hands its outcome over when the answer is a page to draw.
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  memberAction(request, params.slug ?? "", { clientAddress: String(context.clientAddress), outcome: context.memberOutcome as MemberOutcome | undefined });

export default function MemberSurvey() {
  const { t } = useTranslation("member");
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const view = acted && "state" in acted ? acted : loaded;
  const slug = useParams().slug ?? "";
  // The server confirmed the response: the phone's copy is no longer needed.
  useEffect(() => {
    if (view.state === "done") forgetSurvey(slug);
  }, [view.state, slug]);
  return (
    <MemberFrame locales={view.locales} privacyHref={view.state === "notFound" ? undefined : `/s/${slug}/privacy`}>
      {view.state === "answering" ? (
        <>
          {view.later ? <LaterLink link={view.later} /> : view.welcomeBack ? <WelcomeBack /> : null}
          <SurveyPage
            model={view.model}
            hiddenFields={{
              page: String(view.model.page.index),
              responseId: view.responseId,
              // What the member sees of this page: a question their answers reveal is shown before moving on.
              [SHOWN_FIELD]: (view.model.questions as { name: string; visible: boolean }[])
                .filter((question) => question.visible)
                .map((question) => question.name)
                .join(","),
            }}
            // The loader's pages for going on offline: after a post it runs again, so its answers are current.
            keep={{ slug, responseId: view.responseId, offline: loaded.state === "answering" ? loaded.offline : undefined }}
          >
            {view.consent === "given" ? <input type="hidden" name="consent" value="on" /> : null}
            {view.consent === "ask" ? (
              <div className="consent">
                <label className="choice">
                  <input type="checkbox" name="consent" required aria-describedby="consent-hint" />
                  <span>{t("consent_label")}</span>
                </label>
                <p className="question-hint" id="consent-hint">
                  <a href={`/s/${slug}/privacy`}>{t("privacy_link")}</a>
                </p>
              </div>
            ) : null}
            {view.saveError ? (
              <div className="message message-error" role="alert">
                {t(`common:errors.${view.saveError}`)} {t("kept")}
              </div>
            ) : null}
          </SurveyPage>
        </>
      ) : (
        <MemberMessage state={view.state} title={"title" in view ? view.title : undefined} receipt={"receipt" in view ? view.receipt : undefined} />
      )}
    </MemberFrame>
  );
}
