import { randomUUID } from "node:crypto";
import { createCookie, data, redirect } from "@remix-run/node";
import { audit } from "~/auth/audit.server";
import type { Db } from "~/db/client.server";
import { getDb } from "~/db/db.server";
import { LOCALES, type Locale } from "~/db/values";
import { secureCookies } from "~/env.server";
import { isAppError } from "~/http/errors";
import { getLocale, getT } from "~/i18n/i18n.server";
import { listQuestions } from "~/surveys/definition.server";
import { displayText } from "~/surveys/localizable";
import { readOptions } from "~/surveys/options";
import { getDefinition, getSurveyBySlug, type Survey } from "~/surveys/surveys.server";
import { parseIntent, parsePageForm } from "./form-data";
import { findInvitation, type Invitation } from "./invitations.server";
import { resumeLink, withdrawLink } from "./links";
import { memberLocale } from "./member-locale.server";
import { buildPageModel, type PageModel } from "./page-model.server";
import { createReceiptToken, createResumeToken, findByResumeToken, getPartialResponse, submitResponse, withdrawResponse } from "./responses.server";

// The member page /s/:slug: loader and action logic, so the route stays thin.
// Two cookies scoped to the survey's path: the response id (to resume on this
// device) and the invitation token (swapped out of the URL on first visit).

const cookieOptions = (slug: string, maxAgeDays: number) => ({
  path: `/s/${slug}`,
  httpOnly: true,
  sameSite: "lax" as const,
  secure: secureCookies(),
  maxAge: maxAgeDays * 24 * 60 * 60,
});
const responseCookie = createCookie("maillage_response");
const invitationCookie = createCookie("maillage_invitation");
const receiptCookie = createCookie("maillage_receipt");
const readCookie = async (cookie: typeof responseCookie, request: Request) => {
  const value: unknown = await cookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
};

type StopState = "done" | "closed" | "notOpen" | "invitationRequired" | "invitationUsed" | "invitationInvalid" | "notFound";
export type MemberState =
  | { state: "answering"; model: PageModel; responseId: string; consent: ConsentState; later?: string; saveError?: string }
  | { state: StopState; title?: string; receipt?: string };

/** Whether the page asks for consent: not needed, still to give, or given (a saved response exists only once given). */
type ConsentState = "none" | "ask" | "given";
const consentState = (survey: Survey, saved: boolean): ConsentState =>
  !readOptions(survey.settings).requireConsent ? "none" : saved ? "given" : "ask";

type Context = { db: Db; survey: Survey; locale: Locale; definition: Record<string, unknown>; invitation: string | null };
type PageData = MemberState & { locale: Locale; locales: readonly Locale[] };

type MemberSurvey = { db: Db; survey: Survey | null; invitationToken: string | null; invitation: Invitation | null; locale: Locale };
const memberSurveys = new WeakMap<Request, Promise<MemberSurvey>>();

/**
 * The survey, the member's invitation and language for one request. The root
 * loader (for `<html lang>`) and the page's loader both need them: they are
 * looked up once per request.
 */
function memberSurvey(request: Request, slug: string): Promise<MemberSurvey> {
  let found = memberSurveys.get(request);
  if (!found) {
    found = (async () => {
      const db = await getDb();
      const survey = await getSurveyBySlug(db, { slug });
      if (!survey) return { db, survey, invitationToken: null, invitation: null, locale: await getLocale(request) };
      const invitationToken = await readCookie(invitationCookie, request);
      const invitation = invitationToken ? await findInvitation(db, { surveyId: survey.id, token: invitationToken }) : null;
      const locale = await memberLocale(db, { request, survey, antenna: invitation?.antenna });
      return { db, survey, invitationToken, invitation, locale };
    })();
    memberSurveys.set(request, found);
  }
  return found;
}

/** Everything about the survey the member page needs, or a page state to show instead. */
async function context(
  request: Request,
  slug: string,
): Promise<Context | { status: number; state: StopState; locale: Locale; locales: readonly Locale[]; title?: string }> {
  const { db, survey, invitationToken, invitation: found, locale } = await memberSurvey(request, slug);
  if (!survey || survey.effectiveStatus === "draft") return { status: 404, state: "notFound", locale: await getLocale(request), locales: LOCALES };
  const title = displayText(survey.title, locale);
  const locales = survey.locales;
  if (survey.effectiveStatus === "scheduled") return { status: 403, state: "notOpen", locale, locales, title };
  if (survey.effectiveStatus !== "open") return { status: 410, state: "closed", locale, locales, title };
  if (survey.access === "invitation" && !found) return { status: 403, state: "invitationRequired", locale, locales, title };
  const definition = (await getDefinition(db, { surveyId: survey.id, version: survey.currentVersion })) ?? {};
  // A used invitation still travels with the answers: only saving with it tells that it is used.
  return { db, survey, locale, definition, invitation: found ? invitationToken : null };
}

/** The loader of /s/:slug. */
export async function memberLoader(request: Request, slug: string) {
  const url = new URL(request.url);
  const db = await getDb();
  // An invitation or a "finish later" token in the URL becomes a cookie, and the URL is cleaned.
  const token = url.searchParams.get("i");
  const resume = url.searchParams.get("resume");
  if (token || resume) {
    const survey = await getSurveyBySlug(db, { slug });
    if (!survey) return page({ state: "notFound" }, await getLocale(request), LOCALES, 404);
    url.searchParams.delete("i");
    url.searchParams.delete("resume");
    const headers = new Headers({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });
    if (token) {
      const invitation = await findInvitation(db, { surveyId: survey.id, token });
      const locale = await memberLocale(db, { request, survey, antenna: invitation?.antenna });
      const title = displayText(survey.title, locale);
      if (!invitation) return page({ state: "invitationInvalid", title }, locale, survey.locales, 403);
      // Used or not, the link opens the same way (DESIGN.md): no page tells whether an invitation
      // was used except to the holder who uses it, when their answers are saved with it.
      headers.append("Set-Cookie", await invitationCookie.serialize(token, cookieOptions(slug, 90)));
    }
    if (resume) {
      const found = await findByResumeToken(db, { surveyId: survey.id, token: resume });
      if (found && !found.complete) headers.append("Set-Cookie", await responseCookie.serialize(found.id, cookieOptions(slug, 90)));
    }
    return redirect(url.pathname + url.search, { headers });
  }

  const ctx = await context(request, slug);
  if ("state" in ctx) return page({ state: ctx.state, title: ctx.title }, ctx.locale, ctx.locales, ctx.status);
  const headers = new Headers({ "Cache-Control": "no-store" });
  let responseId = await readCookie(responseCookie, request);
  if (!responseId || !/^[0-9a-f-]{36}$/i.test(responseId)) {
    responseId = randomUUID();
    headers.append("Set-Cookie", await responseCookie.serialize(responseId, cookieOptions(slug, 90)));
  }
  const existing = await getPartialResponse(ctx.db, { surveyId: ctx.survey.id, id: responseId });
  if (existing?.complete) {
    // The receipt link is shown once, right after the submission (a flash cookie), then forgotten.
    const receipt = await readCookie(receiptCookie, request);
    if (receipt) headers.append("Set-Cookie", await receiptCookie.serialize("", { ...cookieOptions(slug, 0), maxAge: 0 }));
    return data<PageData>(
      {
        state: "done",
        title: displayText(ctx.survey.title, ctx.locale),
        ...(receipt ? { receipt: withdrawLink(new URL(request.url).origin, slug, receipt) } : {}),
        locale: ctx.locale,
        locales: ctx.survey.locales,
      },
      { headers },
    );
  }
  const pageIndex = Number(url.searchParams.get("page") ?? 0);
  const model = buildPageModel({
    definition: ctx.definition,
    locale: ctx.locale,
    answers: existing?.answers ?? {},
    pageIndex: Number.isInteger(pageIndex) && pageIndex >= 0 ? pageIndex : 0,
  });
  return data<PageData>(
    { state: "answering", model, responseId, consent: consentState(ctx.survey, !!existing), locale: ctx.locale, locales: ctx.survey.locales },
    { headers },
  );
}

function page(state: MemberState, locale: Locale, locales: readonly Locale[], status: number) {
  return data<PageData>({ ...state, locale, locales }, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * The action of /s/:slug: every button saves the page as a partial response
 * first, so nothing the member typed is lost; then it moves, or completes.
 */
export async function memberAction(request: Request, slug: string, { autosave = false }: { autosave?: boolean } = {}) {
  const ctx = await context(request, slug);
  if ("state" in ctx) return page({ state: ctx.state, title: ctx.title }, ctx.locale, ctx.locales, ctx.status);
  const form = await request.formData();
  const intent = autosave || form.get("intent") === "autosave" ? "autosave" : parseIntent(form);
  // The id travels in the form too: an expired cookie must not lose the answers.
  const responseId = String(form.get("responseId") ?? "") || (await readCookie(responseCookie, request)) || randomUUID();
  const pageIndex = Number(form.get("page") ?? 0);
  const existing = await getPartialResponse(ctx.db, { surveyId: ctx.survey.id, id: responseId });
  if (existing?.complete) return redirect(`/s/${slug}`);
  const before = buildPageModel({ definition: ctx.definition, locale: ctx.locale, answers: existing?.answers ?? {}, pageIndex });
  const { answers: posted, cleared } = parsePageForm(form, before.questions);
  const answers: Record<string, unknown> = { ...(existing?.answers ?? {}), ...posted };
  for (const name of cleared) delete answers[name];

  const headers = new Headers({ "Cache-Control": "no-store" });
  headers.append("Set-Cookie", await responseCookie.serialize(responseId, cookieOptions(slug, 90)));
  const show = (model: PageModel, extra: Partial<Extract<MemberState, { state: "answering" }>> = {}, status = 200) =>
    data<PageData>(
      { state: "answering", model, responseId, consent: consentState(ctx.survey, !!existing || form.get("consent") === "on"), locale: ctx.locale, locales: ctx.survey.locales, ...extra },
      { status, headers },
    );
  const withErrors = (fields: Record<string, string>, index = pageIndex) => {
    const t = getT(ctx.locale);
    const errors = Object.fromEntries(Object.entries(fields).map(([name, code]) => [name.replace(/-Comment$/, ""), [t(`errors.${code}`)]]));
    return buildPageModel({ definition: ctx.definition, locale: ctx.locale, answers, pageIndex: index, errors, showValidation: true });
  };

  const save = async (complete: boolean) =>
    submitResponse(ctx.db, {
      survey: ctx.survey,
      body: { id: responseId, locale: ctx.locale, answers, complete, invitation: ctx.invitation, consent: form.get("consent") === "on" },
    });

  try {
    await save(false);
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "invitation_used" && intent !== "autosave") return page({ state: "invitationUsed", title: displayText(ctx.survey.title, ctx.locale) }, ctx.locale, ctx.survey.locales, 409);
    if (intent === "autosave") return data({ saved: false, error: error.code }, { status: error.status, headers });
    if (error.fields && error.code !== "consent_required") return show(withErrors(error.fields), {}, 400);
    return show(buildPageModel({ definition: ctx.definition, locale: ctx.locale, answers, pageIndex }), { saveError: error.code }, error.status);
  }
  if (intent === "autosave") return data({ saved: true }, { headers });

  const current = buildPageModel({ definition: ctx.definition, locale: ctx.locale, answers, pageIndex, showValidation: true });
  const hasErrors = Object.keys(current.pageErrors).length > 0;
  if (intent === "later") {
    const token = await createResumeToken(ctx.db, { surveyId: ctx.survey.id, id: responseId });
    const link = token ? resumeLink(new URL(request.url).origin, slug, token) : undefined;
    return show(buildPageModel({ definition: ctx.definition, locale: ctx.locale, answers, pageIndex }), { later: link });
  }
  if (intent === "previous") return redirect(`/s/${slug}?page=${current.page.previousIndex ?? 0}`, { headers });
  if (hasErrors) return show(current, {}, 400);
  if (intent === "next" && current.page.nextIndex !== null) return redirect(`/s/${slug}?page=${current.page.nextIndex}`, { headers });

  try {
    await save(true);
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (!error.fields || error.code === "consent_required") return show(current, { saveError: error.code }, error.status);
    // Show the first page holding a refused answer.
    const pages = (ctx.definition.pages as { name?: string }[] | undefined) ?? [];
    const questions = listQuestions(ctx.definition);
    const first = questions.find((q) => error.fields![q.name] || error.fields![`${q.name}-Comment`]);
    const index = Math.max(0, pages.findIndex((p) => p.name === first?.page));
    return show(withErrors(error.fields, index), {}, 400);
  }
  const receipt = await createReceiptToken(ctx.db, { surveyId: ctx.survey.id, id: responseId });
  if (receipt) headers.append("Set-Cookie", await receiptCookie.serialize(receipt, { ...cookieOptions(slug, 1), maxAge: 10 * 60 }));
  return redirect(`/s/${slug}`, { headers });
}

/**
 * `POST /s/:slug/autosave`: the page's script saves the answers as a partial
 * response, as JSON rather than a rendered page. It sits under the survey's
 * path so the response and invitation cookies (path /s/:slug) travel with it.
 */
export async function memberAutosave(request: Request, slug: string): Promise<Response> {
  const result = await memberAction(request, slug, { autosave: true });
  if ("data" in result) return Response.json(result.data, result.init ?? undefined);
  return result;
}

/** The language of a member page, for the root loader (`<html lang>` and the interface texts). */
export async function memberPageLocale(request: Request, slug: string): Promise<Locale> {
  return (await memberSurvey(request, slug)).locale;
}

const withdrawCookie = createCookie("maillage_withdraw");
const withdrawPath = (slug: string) => ({ ...cookieOptions(slug, 1), path: `/s/${slug}/withdraw`, maxAge: 60 * 60 });

type WithdrawState = "confirm" | "invalid" | "withdrawn";

async function withdrawContext(request: Request, slug: string) {
  const { db, survey, locale } = await memberSurvey(request, slug);
  if (!survey || survey.effectiveStatus === "draft") return null;
  return { db, survey, locale, title: displayText(survey.title, locale) };
}

/**
 * `/s/:slug/withdraw?t=…`: a member's receipt or finish-later link, swapped
 * for a cookie (the URL is cleaned), then a page asking to confirm.
 */
export async function withdrawLoader(request: Request, slug: string) {
  const ctx = await withdrawContext(request, slug);
  if (!ctx) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const token = url.searchParams.get("t");
  if (token) {
    url.searchParams.delete("t");
    const headers = new Headers({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });
    headers.append("Set-Cookie", await withdrawCookie.serialize(token, withdrawPath(slug)));
    return redirect(url.pathname + url.search, { headers });
  }
  const held = await readCookie(withdrawCookie, request);
  const found = held ? await findByResumeToken(ctx.db, { surveyId: ctx.survey.id, token: held }) : null;
  const state: WithdrawState = found ? "confirm" : "invalid";
  return data({ state, title: ctx.title, locales: ctx.survey.locales }, { status: found ? 200 : 404, headers: { "Cache-Control": "no-store" } });
}

/** Deletes the member's response for good, and logs that one was withdrawn (never which). */
export async function withdrawAction(request: Request, slug: string) {
  const ctx = await withdrawContext(request, slug);
  if (!ctx) throw new Response("Not found", { status: 404 });
  const held = await readCookie(withdrawCookie, request);
  const withdrawn = held ? await withdrawResponse(ctx.db, { surveyId: ctx.survey.id, token: held }) : false;
  const headers = new Headers({ "Cache-Control": "no-store" });
  headers.append("Set-Cookie", await withdrawCookie.serialize("", { ...withdrawPath(slug), maxAge: 0 }));
  if (withdrawn) {
    headers.append("Set-Cookie", await responseCookie.serialize("", { ...cookieOptions(slug, 0), maxAge: 0 }));
    await audit(ctx.db, { userId: null, action: "response.withdraw", target: ctx.survey.slug });
  }
  const state: WithdrawState = withdrawn ? "withdrawn" : "invalid";
  return data({ state, title: ctx.title, locales: ctx.survey.locales }, { status: withdrawn ? 200 : 404, headers });
}
