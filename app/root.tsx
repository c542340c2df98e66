import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import type { Resource } from "i18next";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCurrentUser } from "~/auth/guard.server";
import { memberPageLocale } from "~/responses/member-page.server";
import { previewLocale } from "~/responses/preview.server";
import { Layout as Shell } from "~/components/layout";
import type { Refusal } from "~/http/errors";
import { DEFAULT_LOCALE } from "~/i18n/config";
import { getLocale, rememberLocale } from "~/i18n/i18n.server";
import { I18nProvider } from "~/i18n/react";
import { resources } from "~/i18n/resources";
import stylesheet from "~/styles/app.css?url";
import appCss from "~/styles/app.css?inline";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Maillage" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // A member page speaks the member's language, which may come from the survey's antenna.
  const url = new URL(request.url);
  const memberSlug = url.pathname.match(/^\/s\/([a-z0-9-]+)/)?.[1];
  // The staff preview speaks the language being previewed, without changing the staff's own.
  const preview = /^\/surveys\/[a-z0-9-]+\/preview/.test(url.pathname);
  const locale = preview ? previewLocale(url) : memberSlug ? await memberPageLocale(request, memberSlug) : await getLocale(request);
  // Member pages draw no staff frame: they need no user (and no query for one).
  const user = memberSlug ? null : await getCurrentUser(request);
  const cookie = await rememberLocale(request, locale);
  const texts = resources[locale] ?? {};
  return data(
    {
      locale,
      // A member's phone gets only the texts its pages use, not the staff side's.
      texts: memberSlug ? pickNamespaces(texts, MEMBER_NAMESPACES) : texts,
      // Lets Remix's own inline scripts pass the Content-Security-Policy.
      nonce: typeof context.cspNonce === "string" ? context.cspNonce : undefined,
      user: user ? { name: user.name, email: user.email, role: user.role } : null,
    },
    cookie ? { headers: { "Set-Cookie": cookie } } : undefined,
  );
}

export type RootData = typeof loader;

const MEMBER_NAMESPACES = ["common", "member"];
const pickNamespaces = (texts: Resource[string], namespaces: string[]) =>
  Object.fromEntries(Object.entries(texts).filter(([namespace]) => namespaces.includes(namespace)));

/**
 * A route whose handle carries `inlineCss` (the member page) gets its styles
 * inside the HTML rather than as stylesheets: on a slow phone connection each
 * stylesheet costs a round trip before anything shows. The CSS text exists
 * only in the server build; the browser reads it back from the page.
 */
export type InlineCssHandle = { inlineCss?: string };
const INLINE_CSS_ID = "inline-css";

function InlineStyles({ css }: { css: string[] }) {
  const text = import.meta.env.SSR ? [appCss, ...css].join("\n") : (document.getElementById(INLINE_CSS_ID)?.textContent ?? "");
  return (
    <>
      <style id={INLINE_CSS_ID} dangerouslySetInnerHTML={{ __html: text }} />
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    </>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const locale = root?.locale ?? DEFAULT_LOCALE;
  const matches = useMatches();
  const inline = matches.some((match) => match.handle && "inlineCss" in (match.handle as object));
  const routeCss = matches.map((match) => (match.handle as InlineCssHandle | undefined)?.inlineCss ?? "");
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        {inline ? <InlineStyles css={routeCss} /> : <Links />}
      </head>
      <body>
        {root ? (
          <I18nProvider locale={locale} texts={root.texts}>
            {children}
          </I18nProvider>
        ) : (
          children
        )}
        <ScrollRestoration nonce={root?.nonce} />
        <Scripts nonce={root?.nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user } = useLoaderData<typeof loader>();
  // Member pages draw their own light frame, without the staff navigation.
  const bare = useMatches().some((match) => (match.handle as { bare?: boolean } | undefined)?.bare);
  if (bare) return <Outlet />;
  return (
    <Shell user={user}>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData<typeof loader>("root");
  // Without the root loader's data (an unknown URL, a refused post) there are
  // no texts yet: say it in the three languages at once.
  if (!root) return <BareError status={isRouteErrorResponse(error) ? error.status : 500} code={refusalCode(error)} />;
  return (
    <Shell user={root?.user ?? null}>
      <ErrorMessage error={error} />
    </Shell>
  );
}

/** The reason a refused request names (http/forms.server.ts), if any. */
function refusalCode(error: unknown): string | null {
  if (!isRouteErrorResponse(error)) return null;
  const code = (error.data as Partial<Refusal> | null)?.error;
  return typeof code === "string" ? code : null;
}

const BARE_MESSAGES: Record<string, string[]> = {
  404: ["Page introuvable", "Pagina niet gevonden", "Page not found"],
  other: ["Une erreur est survenue", "Er ging iets mis", "Something went wrong"],
};

/** An error text in one language, straight from the bundled texts. */
const errorText = (locale: string, key: string): string | undefined => ((resources[locale]?.common as { errors?: Record<string, string> } | undefined)?.errors ?? {})[key];

function BareError({ status, code }: { status: number; code: string | null }) {
  const [fr, nl, en] = BARE_MESSAGES[status === 404 ? "404" : "other"]!;
  // A refusal whose reason the texts know says it in each language.
  const reasons = code && status < 500 ? (["fr", "nl", "en"] as const).map((locale) => [locale, errorText(locale, code)] as const).filter(([, text]) => text) : [];
  if (reasons.length > 0) {
    return (
      <main id="main" className="error-page">
        <h1>{errorText("fr", "bad_request_title")}</h1>
        {reasons.map(([locale, text]) => (
          <p key={locale} lang={locale}>
            {text}
          </p>
        ))}
        <p>
          <a href="/">Maillage</a>
        </p>
      </main>
    );
  }
  return (
    <main id="main" className="error-page">
      <h1>{fr}</h1>
      <p lang="nl">{nl}</p>
      <p lang="en">{en}</p>
      <p>
        <a href="/">Maillage</a>
      </p>
    </main>
  );
}

function ErrorMessage({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = status === 404 ? "not_found" : status === 403 ? "forbidden" : status === 401 ? "unauthorized" : status < 500 ? "bad_request" : "unexpected";
  // A refused request names its reason (http/forms.server.ts): said when the texts know it.
  const code = refusalCode(error);
  const message = code && i18n.exists(`errors.${code}`) ? `errors.${code}` : key === "bad_request" ? "errors.invalid_request" : `errors.${key}`;
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t(`errors.${key}_title`)}</h1>
      <p>{t(message)}</p>
      <p>
        <a href="/">{t("nav.home")}</a>
      </p>
    </section>
  );
}
