import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitcher } from "~/components/layout";

/** A share link's page: no staff frame, a language switcher, and a plain word when the link no longer works. */
export function SharedPage({ children }: { children: ReactNode | null }) {
  const { t } = useTranslation("results");
  return (
    <>
      <header className="site-header">
        <span className="brand">Maillage</span>
        <LanguageSwitcher />
      </header>
      <main id="main" tabIndex={-1}>
        {children ?? (
          <section className="error-page" aria-labelledby="gone-title">
            <h1 id="gone-title">{t("share.goneTitle")}</h1>
            <p>{t("share.gone")}</p>
          </section>
        )}
      </main>
    </>
  );
}
