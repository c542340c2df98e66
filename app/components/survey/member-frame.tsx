import { useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/db/values";
import { LOCALE_NAMES } from "~/i18n/config";

/** The member's light frame: the cooperative's name, the survey's languages, the page, and the privacy notice's link. */
export function MemberFrame({ locales, privacyHref, children }: { locales: readonly Locale[]; privacyHref?: string; children: ReactNode }) {
  const { t, i18n } = useTranslation("member");
  const location = useLocation();
  return (
    <>
      <header className="member-header">
        <span className="member-brand">Maillage</span>
        {locales.length > 1 ? (
          <nav aria-label={t("common:nav.language")}>
            <ul className="member-languages">
              {locales.map((locale) => {
                const params = new URLSearchParams(location.search);
                params.set("lng", locale);
                return (
                  <li key={locale}>
                    <a href={`${location.pathname}?${params.toString()}`} hrefLang={locale} lang={locale} aria-current={i18n.language === locale ? "true" : undefined}>
                      {LOCALE_NAMES[locale]}
                    </a>
                  </li>
                );
              })}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" className="member-main">
        {children}
      </main>
      {privacyHref ? (
        <footer className="member-footer">
          <a href={privacyHref}>{t("privacy_link")}</a>
        </footer>
      ) : null}
    </>
  );
}

/** The pages a member meets instead of the questions: thanks, closed, not found, invitation problems. */
export function MemberMessage({ state, title, receipt }: { state: string; title?: string; receipt?: string }) {
  const { t } = useTranslation("member");
  return (
    <section className="member-message" aria-labelledby="message-title">
      {title ? <p className="member-survey-title">{title}</p> : null}
      <h1 id="message-title">{t(`states.${state}.title`)}</h1>
      <p>{t(`states.${state}.text`)}</p>
      {receipt ? (
        <p>
          {t("receipt")}{" "}
          <a href={receipt} className="resume-link" data-testid="receipt-link">
            {receipt}
          </a>
        </p>
      ) : null}
    </section>
  );
}
