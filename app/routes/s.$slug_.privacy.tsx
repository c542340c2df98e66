import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MemberFrame } from "~/components/survey/member-frame";
import { getDb } from "~/db/db.server";
import { memberPageLocale } from "~/responses/member-page.server";
import { displayText } from "~/surveys/localizable";
import { noticeFor } from "~/surveys/notice.server";
import { getSurveyBySlug } from "~/surveys/surveys.server";
import memberStyles from "~/styles/member.css?url";

export const handle = { bare: true };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: memberStyles }];

/** The survey's privacy notice (GDPR art. 13), in the member's language, linked from every member page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const survey = await getSurveyBySlug(await getDb(), { slug });
  if (!survey || survey.effectiveStatus === "draft") throw new Response("Not found", { status: 404 });
  const locale = await memberPageLocale(request, slug);
  return data({ slug, locale, locales: survey.locales, title: displayText(survey.title, locale), notice: noticeFor(survey, locale) });
}

export default function PrivacyNotice() {
  const { t } = useTranslation("member");
  const { slug, locales, title, notice } = useLoaderData<typeof loader>();
  return (
    <MemberFrame locales={locales}>
      <article className="member-message privacy-notice" aria-labelledby="privacy-title">
        <p className="member-survey-title">{title}</p>
        <h1 id="privacy-title">{t("privacy_title")}</h1>
        {notice.split(/\n{2,}/).map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
        <p>
          {/* A document load: the survey's cookies are sent with it, never with a data request. */}
          <a href={`/s/${slug}`}>{t("privacy_back")}</a>
        </p>
      </article>
    </MemberFrame>
  );
}
