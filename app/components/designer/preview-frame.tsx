import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LOCALES, type Locale } from "~/db/values";
import { LOCALE_NAMES } from "~/i18n/config";

/** The member page's own renderer in a 360-px frame, one language at a time (plain links, so no JavaScript is needed). */
export function PreviewFrame({ slug, locale, offered, revision }: { slug: string; locale: Locale; offered: readonly Locale[]; revision: number }) {
  const { t } = useTranslation("designer");
  const location = useLocation();
  // The survey's last change in the address: every save gives the frame a new one, so it draws what was saved.
  const src = `/surveys/${slug}/preview?language=${locale}&revision=${revision}`;
  const tab = (language: Locale) => {
    const params = new URLSearchParams(location.search);
    params.set("preview", language);
    params.delete("done");
    return `?${params}#preview`;
  };
  return (
    <aside id="preview" className="designer-preview stack" aria-labelledby="preview-title">
      <h2 id="preview-title">{t("preview.title")}</h2>
      <nav aria-label={t("preview.languages")}>
        <ul className="preview-tabs">
          {LOCALES.filter((language) => offered.includes(language)).map((language) => (
            <li key={language}>
              <Link to={tab(language)} lang={language} hrefLang={language} aria-current={language === locale ? "page" : undefined} preventScrollReset>
                {LOCALE_NAMES[language]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <iframe key={src} src={src} title={t("preview.frame", { language: LOCALE_NAMES[locale] })} className="preview-frame" width={360} height={640} />
      <p>
        <a href={src} target="_blank" rel="noreferrer">
          {t("preview.open")}
        </a>
      </p>
    </aside>
  );
}
