import { getAntenna } from "~/catalogue/catalogue.server";
import type { Db } from "~/db/client.server";
import type { Locale } from "~/db/values";
import { isLocale } from "~/i18n/config";
import { localeCookie } from "~/i18n/i18n.server";
import type { Survey } from "~/surveys/surveys.server";

/** Accept-Language's languages, most wanted first (primary subtags: "nl-BE" → "nl"). */
export function acceptedLanguages(header: string | null): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part, order) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.trim().slice(2) ?? "1");
      return { tag: tag.trim().toLowerCase().split("-")[0] ?? "", q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
    .map((l) => l.tag);
}

/** What the member page reads of a request, whichever server took it: the URL and two headers. */
export type MemberRequest = { url: URL; cookie: string | null; acceptLanguage: string | null };

/**
 * The member's language (DESIGN.md): `?lng=`, then the cookie, then
 * Accept-Language, then the antenna's language, then French — always one the
 * survey offers.
 */
export async function memberLocale(
  db: Db,
  { request, survey, antenna }: { request: MemberRequest; survey: Survey; antenna?: string | null },
): Promise<Locale> {
  const offered = (l: unknown): l is Locale => isLocale(l) && survey.locales.includes(l);
  const fromUrl = request.url.searchParams.get("lng");
  if (offered(fromUrl)) return fromUrl;
  const fromCookie: unknown = await localeCookie.parse(request.cookie);
  if (offered(fromCookie)) return fromCookie;
  const fromHeader = acceptedLanguages(request.acceptLanguage).find(offered);
  if (fromHeader) return fromHeader;
  const code = antenna ?? (survey.antennas.length === 1 ? survey.antennas[0] : null);
  const antennaLocale = code ? (await getAntenna(db, { code }))?.defaultLocale : undefined;
  if (offered(antennaLocale)) return antennaLocale;
  return offered("fr") ? "fr" : (survey.locales[0] ?? "fr");
}
