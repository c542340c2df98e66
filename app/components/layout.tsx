import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { can } from "~/auth/permissions";
import type { Role } from "~/db/values";
import { LOCALE_NAMES, SUPPORTED_LOCALES } from "~/i18n/config";

type ShellUser = { name: string; email: string; role: Role } | null;

/** The staff-side frame: header with navigation, language switch, account. */
export function Layout({ user, children }: { user: ShellUser; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Maillage
        </Link>
        <nav aria-label={t("nav.main")}>
          <ul>
            {user ? (
              <>
                <li>
                  <NavLink to="/surveys">{t("nav.surveys")}</NavLink>
                </li>
                {can(user, "users:manage") ? (
                  <li>
                    <NavLink to="/admin/users">{t("nav.admin")}</NavLink>
                  </li>
                ) : null}
                <li>
                  <NavLink to="/account">{t("nav.account")}</NavLink>
                </li>
                <li>
                  <Form method="post" action="/logout">
                    <button type="submit" className="link-button">
                      {t("nav.logout")}
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <li>
                <NavLink to="/login">{t("nav.login")}</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <LanguageSwitcher />
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** Plain links: each reloads the page in the chosen language and remembers it. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  return (
    <nav className="language-switcher" aria-label={t("nav.language")}>
      <ul>
        {SUPPORTED_LOCALES.map((locale) => {
          const params = new URLSearchParams(location.search);
          params.set("lng", locale);
          const current = i18n.language === locale;
          return (
            <li key={locale}>
              <a
                href={`${location.pathname}?${params.toString()}`}
                hrefLang={locale}
                lang={locale}
                aria-current={current ? "true" : undefined}
              >
                {LOCALE_NAMES[locale]}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
