import { createInstance, type Resource } from "i18next";
import { type ReactNode, useMemo } from "react";
import { I18nextProvider } from "react-i18next";
import { DEFAULT_LOCALE } from "./config";

/**
 * i18next for the React tree, built from the texts the root loader sent: the
 * same code renders on the server and hydrates in the browser, and the
 * browser only ever receives its own language.
 */
export function I18nProvider({
  locale,
  texts,
  children,
}: {
  locale: string;
  texts: Resource[string];
  children: ReactNode;
}) {
  const i18n = useMemo(() => {
    const instance = createInstance();
    void instance.init({
      lng: locale,
      fallbackLng: DEFAULT_LOCALE,
      resources: { [locale]: texts },
      ns: Object.keys(texts),
      defaultNS: "common",
      initImmediate: false,
      interpolation: { escapeValue: false },
      react: { useSuspense: false },
    });
    return instance;
  }, [locale, texts]);
  return <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
}
