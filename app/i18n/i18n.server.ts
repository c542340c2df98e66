import { createCookie } from "@remix-run/node";
import { createInstance, type TFunction } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import type { Locale } from "~/db/schema";
import { secureCookies } from "~/env.server";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, isLocale } from "./config";
import { NAMESPACES, resources } from "./resources";

export const localeCookie = createCookie("maillage_lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 365 * 24 * 60 * 60,
  get secure() {
    return secureCookies();
  },
});

const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LOCALES],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    searchParamKey: "lng",
    order: ["searchParams", "cookie", "header"],
  },
  i18next: { resources, defaultNS: "common", ns: [...NAMESPACES], supportedLngs: [...SUPPORTED_LOCALES] },
});

/** `?lng=`, then the cookie, then Accept-Language, then French. */
export async function getLocale(request: Request): Promise<Locale> {
  const detected = await i18next.getLocale(request);
  return isLocale(detected) ? detected : DEFAULT_LOCALE;
}

/** A translation function for the request's language, for server-side messages. */
const translators = new Map<Locale, TFunction>();
export function getT(locale: Locale): TFunction {
  const cached = translators.get(locale);
  if (cached) return cached;
  const instance = createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    resources,
    defaultNS: "common",
    ns: [...NAMESPACES],
    initImmediate: false,
    interpolation: { escapeValue: false },
  });
  translators.set(locale, instance.t);
  return instance.t;
}

/** A `Set-Cookie` header remembering the language when it came from `?lng=`. */
export async function rememberLocale(request: Request, locale: Locale): Promise<string | null> {
  const fromUrl = new URL(request.url).searchParams.get("lng");
  if (!isLocale(fromUrl)) return null;
  const current = await localeCookie.parse(request.headers.get("Cookie"));
  return current === locale ? null : localeCookie.serialize(locale);
}
