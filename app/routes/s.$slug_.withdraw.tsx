import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MemberFrame } from "~/components/survey/member-frame";
import { withdrawAction, withdrawLoader } from "~/responses/member-page.server";
import memberStyles from "~/styles/member.css?url";

export const handle = { bare: true };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: memberStyles }];
export const loader = ({ request, params }: LoaderFunctionArgs) => withdrawLoader(request, params.slug ?? "");
export const action = ({ request, params }: ActionFunctionArgs) => withdrawAction(request, params.slug ?? "");

/** A member withdraws their own response (GDPR): one confirmation, then it is gone. */
export default function Withdraw() {
  const { t } = useTranslation("member");
  const { slug } = useParams();
  const loaded = useLoaderData<typeof loader>();
  const view = useActionData<typeof action>() ?? loaded;
  return (
    <MemberFrame locales={view.locales} privacyHref={`/s/${slug}/privacy`}>
      <section className="member-message" aria-labelledby="withdraw-title">
        <p className="member-survey-title">{view.title}</p>
        <h1 id="withdraw-title">{t(`withdraw.${view.state}.title`)}</h1>
        <p>{t(`withdraw.${view.state}.text`)}</p>
        {view.state === "confirm" ? (
          <form method="post">
            <button type="submit" className="button">
              {t("withdraw.confirm.button")}
            </button>
          </form>
        ) : null}
      </section>
    </MemberFrame>
  );
}
