import { randomUUID } from "node:crypto";
import { createCookie, data, redirect } from "@remix-run/node";
import { newSecret } from "~/auth/secrets.server";
import { audit } from "~/auth/audit.server";
import type { Db } from "~/db/client.server";
import { getDb } from "~/db/db.server";
import { LOCALES, type Locale } from "~/db/values";
import { secureCookies } from "~/env.server";
import { isDatabaseUnavailable, readLimited, toAppError } from "~/http/api.server";
import { AppError, isAppError } from "~/http/errors";
import { getT } from "~/i18n/i18n.server";
import { isLocale } from "~/i18n/config";
import { displayText } from "~/surveys/localizable";
import { readOptions } from "~/surveys/options";
import { getSurveyBySlug, getSurveyForAnswers, type Survey } from "~/surveys/surveys.server";
import { parseIntent, parsePageForm, SHOWN_FIELD } from "./form-data";
import { findInvitation, type Invitation } from "./invitations.server";
import { resumeLink, withdrawLink } from "./links";
import { memberLocale, type MemberRequest } from "./member-locale.server";
import { buildOfflineSurvey, buildPageModel, checkPage, isStaticPage, type OfflineSurvey, type PageModel, pageQuestions } from "./page-model.server";
import { findByResumeToken, getPartialResponse, submitResponse, surveyVersion, withdrawResponse } from "./responses.server";
import { admitSubmission, formFields, SUBMISSION_MAX_BYTES } from "./submission.server";

// The member page /s/:slug: loader and action logic, so the route stays thin.
// Two cookies scoped to the survey's path: the response id (to resume on this
// device) and the invitation token (swapped out of the URL on first visit).
// A form post or an autosave goes through memberPost(), whichever edge took it
// (the Remix route, or the production lane in server/submission-lane.server.ts).

export type { MemberRequest } from "./member-locale.server";

/** What the member page reads of a Fetch Request. */
const memberRequestOf = (request: Request): MemberRequest => ({
  url: new URL(request.url),
  cookie: request.headers.get("Cookie"),
  acceptLanguage: request.headers.get("Accept-Language"),
});

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
const readCookie = async (cookie: typeof responseCookie, header: string | null) => {
  const value: unknown = await cookie.parse(header);
  return typeof value === "string" && value.length > 0 ? value : null;
};

/** The response id a phone holds: a UUID, else none (a tampered cookie or field is not an id). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const asResponseId = (value: string | null | undefined) => (value && UUID.test(value) ? value.toLowerCase() : null);

type StopState =
  | "done"
  | "closed"
  | "notOpen"
  | "invitationRequired"
  | "invitationUsed"
  | "invitationInUse"
  | "invitationInvalid"
  | "notFound"
  | "tooLarge"
  | "badRequest"
  | "rateLimited"
  | "unavailable";
export type MemberState =
  | { state: "answering"; model: PageModel; responseId: string; consent: ConsentState; later?: string; saveError?: string; welcomeBack?: boolean; offline?: OfflineSurvey }
  | { state: StopState; title?: string; receipt?: string };

/** Whether the page asks for consent: not needed, still to give, or given (a saved response exists only once given). */
type ConsentState = "none" | "ask" | "given";
const consentState = (survey: Survey, saved: boolean): ConsentState =>
  !readOptions(survey.settings).requireConsent ? "none" : saved ? "given" : "ask";

type Context = { db: Db; survey: Survey; locale: Locale; definition: Record<string, unknown>; title: string; invitation: string | null };
export type PageData = MemberState & { locale: Locale; locales: readonly Locale[] };

type MemberSurvey = { db: Db; survey: Survey | null; invitationToken: string | null; invitation: Invitation | null; locale: Locale };
const memberSurveys = new WeakMap<object, Promise<MemberSurvey>>();

/** The language of a request that names no survey the member may see: `?lng=`, else French. */
const plainLocale = (request: MemberRequest): Locale => {
  const asked = request.url.searchParams.get("lng");
  return isLocale(asked) ? asked : "fr";
};

/**
 * The survey, the member's invitation and language for one request. The root
 * loader (for `<html lang>`) and the page's loader both need them: they are
 * looked up once per request. The survey row comes from a copy at most a
 * second old (surveys.server.ts), as for the JSON API.
 */
function memberSurvey(key: object, request: MemberRequest, slug: string): Promise<MemberSurvey> {
  let found = memberSurveys.get(key);
  if (!found) {
    found = (async () => {
      const db = await getDb();
      const survey = await getSurveyForAnswers(db, { slug });
      if (!survey) return { db, survey, invitationToken: null, invitation: null, locale: plainLocale(request) };
      const invitationToken = await readCookie(invitationCookie, request.cookie);
      const invitation = invitationToken ? await findInvitation(db, { surveyId: survey.id, token: invitationToken }) : null;
      const locale = await memberLocale(db, { request, survey, antenna: invitation?.antenna });
      return { db, survey, invitationToken, invitation, locale };
    })();
    memberSurveys.set(key, found);
  }
  return found;
}

type Stop = { status: number; state: StopState; locale: Locale; locales: readonly Locale[]; title?: string };

/** Everything about the survey the member page needs, or a page state to show instead. */
async function context(key: object, request: MemberRequest, slug: string): Promise<Context | Stop> {
  const { db, survey, invitationToken, invitation: found, locale } = await memberSurvey(key, request, slug);
  if (!survey || survey.effectiveStatus === "draft") return { status: 404, state: "notFound", locale, locales: LOCALES };
  const title = displayText(survey.title, locale);
  const locales = survey.locales;
  if (survey.effectiveStatus === "scheduled") return { status: 403, state: "notOpen", locale, locales, title };
  if (survey.effectiveStatus !== "open") return { status: 410, state: "closed", locale, locales, title };
  if (survey.access === "invitation" && !found) return { status: 403, state: "invitationRequired", locale, locales, title };
  // The version's one definition object: its survey-core models are built once (page-model.server.ts).
  const { definition } = await surveyVersion(db, survey);
  // A used invitation still travels with the answers: only saving with it tells that it is used.
  return { db, survey, locale, definition, title, invitation: found ? invitationToken : null };
}

/** A page of the survey in the member's language: the survey's own title (its settings), the page's questions. */
function pageOf(ctx: Context, input: Omit<Parameters<typeof buildPageModel>[0], "definition" | "locale">): PageModel {
  return buildPageModel({ definition: ctx.definition, locale: ctx.locale, title: ctx.title, ...input });
}

const isPageIndex = (value: number) => Number.isInteger(value) && value >= 0 && value < 1000;

/** The loader of /s/:slug: the database away is a 503 page in the member's language, not an error. */
export async function memberLoader(fetchRequest: Request, slug: string) {
  try {
    return await openPage(fetchRequest, slug);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    const { headers } = toAppError(error);
    return data<PageData>({ state: "unavailable", locale: plainLocale(memberRequestOf(fetchRequest)), locales: LOCALES }, { status: 503, headers: { "Cache-Control": "no-store", ...headers } });
  }
}

async function openPage(fetchRequest: Request, slug: string) {
  const request = memberRequestOf(fetchRequest);
  const { url } = request;
  const db = await getDb();
  // An invitation or a "finish later" token in the URL becomes a cookie, and the URL is cleaned.
  const token = url.searchParams.get("i");
  const resume = url.searchParams.get("resume");
  if (token || resume) {
    const survey = await getSurveyBySlug(db, { slug });
    if (!survey) return page({ state: "notFound" }, plainLocale(request), LOCALES, 404);
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

  const ctx = await context(fetchRequest, request, slug);
  if ("state" in ctx) return page({ state: ctx.state, title: ctx.title }, ctx.locale, ctx.locales, ctx.status);
  const headers = new Headers({ "Cache-Control": "no-store" });
  let responseId = asResponseId(await readCookie(responseCookie, request.cookie));
  if (!responseId) {
    responseId = randomUUID();
    headers.append("Set-Cookie", await responseCookie.serialize(responseId, cookieOptions(slug, 90)));
  }
  const existing = await getPartialResponse(ctx.db, { surveyId: ctx.survey.id, id: responseId });
  if (existing?.complete) {
    // The receipt link is shown once, right after the submission (a flash cookie), then forgotten.
    const receipt = await readCookie(receiptCookie, request.cookie);
    if (receipt) headers.append("Set-Cookie", await receiptCookie.serialize("", { ...cookieOptions(slug, 0), maxAge: 0 }));
    return data<PageData>(
      { state: "done", title: ctx.title, ...(receipt ? { receipt: withdrawLink(url.origin, slug, receipt) } : {}), locale: ctx.locale, locales: ctx.survey.locales },
      { headers },
    );
  }
  // Without a page asked, a member coming back starts where they were, and is told so.
  const asked = url.searchParams.get("page");
  const pageIndex = asked === null ? (existing?.page ?? 0) : Number(asked);
  const welcomeBack = asked === null && !!existing && Object.keys(existing.answers).length > 0;
  const model = pageOf(ctx, { answers: existing?.answers ?? {}, pageIndex: isPageIndex(pageIndex) ? pageIndex : 0 });
  return data<PageData>(
    {
      state: "answering",
      model,
      responseId,
      consent: consentState(ctx.survey, !!existing),
      ...(welcomeBack ? { welcomeBack } : {}),
      // Every page, so that the phone goes on offline (docs/decisions/010).
      offline: buildOfflineSurvey({ definition: ctx.definition, locale: ctx.locale, answers: existing?.answers ?? {} }),
      locale: ctx.locale,
      locales: ctx.survey.locales,
    },
    { headers },
  );
}

function page(state: MemberState, locale: Locale, locales: readonly Locale[], status: number) {
  return data<PageData>({ ...state, locale, locales }, { status, headers: { "Cache-Control": "no-store" } });
}

/** What a post to the member page comes to, whichever edge answers it. */
export type MemberOutcome =
  | { kind: "redirect"; location: string; cookies: string[] }
  | { kind: "json"; status: number; body: { saved: boolean; error?: string }; cookies: string[]; headers?: Record<string, string> }
  | { kind: "page"; status: number; data: PageData; cookies: string[]; headers?: Record<string, string> };

/** A refusal (rate limit, size, type, the database away): said in the member's language, the phone keeping the answers. */
const REFUSED_STATES: Record<string, StopState> = { payload_too_large: "tooLarge", rate_limited: "rateLimited", service_unavailable: "unavailable" };

export type MemberPost = {
  slug: string;
  request: MemberRequest;
  /** The key the request's lookups are shared under (the Fetch Request, or Node's). */
  key: object;
  autosave: boolean;
  /** Node's or Fetch's headers of the post, for the admission. */
  clientAddress: string;
  contentType: string | null;
  contentLength: string | null;
  /** Reads the body, at most SUBMISSION_MAX_BYTES + 1 bytes; called once admitted. */
  body: () => Promise<Uint8Array>;
};

/**
 * A post to /s/:slug (a button) or /s/:slug/autosave (the page's script): the
 * one way in for a member's page of answers (submission.server.ts admits and
 * limits it), read against the page it came from, saved once, then the member
 * moves on, sees the page again (errors, a question the answers revealed,
 * the "finish later" link) or is thanked.
 */
export async function memberPost(post: MemberPost): Promise<MemberOutcome> {
  try {
    return await answerPost(post);
  } catch (error) {
    // The database away (a restart): 503 with Retry-After; the page keeps the answers on the phone.
    if (isDatabaseUnavailable(error)) return refusal(post, toAppError(error));
    throw error;
  }
}

/** An autosave's answer: saved, or the code of what stopped it. */
const autosaveReply = (status: number, cookies: string[], error?: string, headers?: Record<string, string>): MemberOutcome => ({
  kind: "json",
  status,
  body: error ? { saved: false, error } : { saved: true },
  cookies,
  ...(headers ? { headers } : {}),
});

async function refusal({ key, request, slug, autosave }: MemberPost, error: AppError): Promise<MemberOutcome> {
  const headers = error.headers ?? {};
  // An autosave needs only the code; a page is drawn in the member's language, looked up only then.
  if (autosave) return autosaveReply(error.status, [], error.code, headers);
  const ctx = await context(key, request, slug).catch(() => null);
  const locale = ctx ? ctx.locale : plainLocale(request);
  const state = REFUSED_STATES[error.code] ?? "badRequest";
  return { kind: "page", status: error.status, data: { state, ...(ctx?.title ? { title: ctx.title } : {}), locale, locales: ctx && "survey" in ctx ? ctx.survey.locales : LOCALES }, cookies: [], headers };
}

async function answerPost(post: MemberPost): Promise<MemberOutcome> {
  const { slug, request, autosave } = post;
  const refused = (error: AppError) => refusal(post, error);
  let form: URLSearchParams;
  try {
    admitSubmission({ kind: "form", clientAddress: post.clientAddress, contentType: post.contentType, contentLength: post.contentLength });
    form = formFields(await post.body(), post.contentType);
  } catch (error) {
    if (isAppError(error)) return refused(error);
    throw error;
  }

  const ctx = await context(post.key, request, slug);
  if ("state" in ctx) {
    const stop: PageData = { state: ctx.state, ...(ctx.title ? { title: ctx.title } : {}), locale: ctx.locale, locales: ctx.locales };
    return autosave ? autosaveReply(ctx.status, [], ctx.state) : { kind: "page", status: ctx.status, data: stop, cookies: [] };
  }
  const intent = autosave || form.get("intent") === "autosave" ? "autosave" : parseIntent(form);
  // The id travels in the form too: an expired cookie must not lose the answers.
  const posted = form.get("responseId");
  const responseId = posted ? asResponseId(posted) : (asResponseId(await readCookie(responseCookie, request.cookie)) ?? randomUUID());
  if (!responseId) return refused(new AppError(400, "invalid_response_id"));
  const pageNumber = Number(form.get("page") ?? 0);
  if (!isPageIndex(pageNumber)) return refused(new AppError(400, "invalid_request"));

  const cookies = [await responseCookie.serialize(responseId, cookieOptions(slug, 90))];
  const consent = form.get("consent") === "on";
  // The page's questions as the member saw them (the form says which were shown): read without a model.
  const shownNames = form.has(SHOWN_FIELD) ? new Set((form.get(SHOWN_FIELD) ?? "").split(",").filter(Boolean)) : null;
  const onPage = pageQuestions(ctx.definition, pageNumber);

  // An autosave adds this page to the answers in the database: one statement, nothing read before.
  if (intent === "autosave" && shownNames) {
    const parsed = parsePageForm(form, onPage.filter((question) => shownNames.has(question.name)));
    try {
      await submitResponse(ctx.db, {
        survey: ctx.survey,
        body: { id: responseId, locale: ctx.locale, answers: parsed.answers, complete: false, invitation: ctx.invitation, consent },
        extras: { page: pageNumber, merge: { cleared: parsed.cleared } },
      });
      return autosaveReply(200, cookies);
    } catch (error) {
      if (!isAppError(error)) throw error;
      // A response already complete is no more to save to: the page's next visit says thanks.
      return autosaveReply(error.status, cookies, error.code);
    }
  }

  // Next or previous on a page checked from its own answers: added to the stored answers in one
  // statement, nothing read first (the whole response is read to complete it, or to draw a page).
  if (shownNames && (intent === "next" || intent === "previous") && isStaticPage(ctx.definition, pageNumber)) {
    const parsed = parsePageForm(form, onPage.filter((question) => shownNames.has(question.name)));
    const check = checkPage({ definition: ctx.definition, locale: ctx.locale, answers: parsed.answers, pageIndex: pageNumber });
    const moves = intent === "previous" || (Object.keys(check.pageErrors).length === 0 && !parsed.problems && check.visible.every((name) => shownNames.has(name)));
    const target = intent === "previous" ? check.previousIndex : check.nextIndex;
    if (moves && target !== null) {
      try {
        await submitResponse(ctx.db, {
          survey: ctx.survey,
          body: { id: responseId, locale: ctx.locale, answers: parsed.answers, complete: false, invitation: ctx.invitation, consent },
          extras: { page: target, merge: { cleared: parsed.cleared } },
        });
        return { kind: "redirect", location: `/s/${slug}?page=${target}`, cookies };
      } catch (error) {
        if (!isAppError(error)) throw error;
        // Anything else than a plain save (a refused answer, a used invitation…) takes the long way, which says why.
        if (error.code === "already_submitted") return { kind: "redirect", location: `/s/${slug}`, cookies: [] };
      }
    }
  }

  const existing = await getPartialResponse(ctx.db, { surveyId: ctx.survey.id, id: responseId });
  if (existing?.complete) return { kind: "redirect", location: `/s/${slug}`, cookies: [] };
  // Without the form's own list (a page from before it had one), the page as the server drew it.
  const before = shownNames ? null : pageOf(ctx, { answers: existing?.answers ?? {}, pageIndex: pageNumber });
  const parsed = parsePageForm(form, before ? before.questions : onPage.filter((question) => shownNames!.has(question.name)));
  const answers: Record<string, unknown> = { ...(existing?.answers ?? {}), ...parsed.answers };
  for (const name of parsed.cleared) delete answers[name];
  // The page shown (a hidden page gives way to the next visible one), once the answers are known.
  let pageIndex = before?.page.index ?? pageNumber;
  const show = (model: PageModel, extra: Partial<Extract<MemberState, { state: "answering" }>> = {}, status = 200): MemberOutcome => ({
    kind: "page",
    status,
    cookies,
    data: { state: "answering", model, responseId, consent: consentState(ctx.survey, !!existing || consent), locale: ctx.locale, locales: ctx.survey.locales, ...extra },
  });
  const withErrors = (fields: Record<string, string>, index = pageIndex) => {
    const t = getT(ctx.locale);
    const errors = Object.fromEntries(Object.entries(fields).map(([name, code]) => [name.replace(/-Comment$/, ""), [t(`errors.${code}`)]]));
    return pageOf(ctx, { answers, pageIndex: index, errors, showValidation: true });
  };
  // One save per request: the page the member goes to and, for "finish later" or the receipt, a token, with the answers.
  const save = (complete: boolean, extras: { page: number; token?: string }) =>
    submitResponse(ctx.db, {
      survey: ctx.survey,
      body: { id: responseId, locale: ctx.locale, answers, complete, invitation: ctx.invitation, consent },
      extras,
    });
  const saveFailed = (error: unknown): MemberOutcome => {
    if (!isAppError(error)) throw error;
    if (intent === "autosave") return autosaveReply(error.status, cookies, error.code);
    if (error.code === "invitation_used" || error.code === "invitation_in_use") {
      return { kind: "page", status: 409, cookies, data: { state: error.code === "invitation_used" ? "invitationUsed" : "invitationInUse", title: ctx.title, locale: ctx.locale, locales: ctx.survey.locales } };
    }
    if (error.fields && error.code !== "consent_required") return show(withErrors(error.fields), {}, 400);
    return show(pageOf(ctx, { answers, pageIndex }), { saveError: error.code }, error.status);
  };

  if (intent === "autosave") {
    return save(false, { page: pageIndex }).then(() => autosaveReply(200, cookies), saveFailed);
  }
  const t = getT(ctx.locale);
  const problems = Object.fromEntries(Object.entries(parsed.problems ?? {}).map(([name, code]) => [name, [t(`errors.${code}`)]]));
  // The page checked, not drawn: most posts move on, and only a page shown again needs its questions.
  const check = checkPage({ definition: ctx.definition, locale: ctx.locale, answers, pageIndex: pageNumber });
  pageIndex = check.index;
  const current = () => pageOf(ctx, { answers, pageIndex, showValidation: true, errors: problems });
  const hasErrors = Object.keys(check.pageErrors).length > 0 || Object.keys(problems).length > 0;
  // A question this page's answers revealed, that the member has not seen: shown before moving on.
  const seen = shownNames ?? new Set(before!.questions.filter((question) => question.visible).map((question) => question.name));
  const revealed = check.visible.some((name) => !seen.has(name));
  const stay = intent === "later" || hasErrors || (revealed && intent !== "previous");
  const target = intent === "previous" ? (check.previousIndex ?? pageIndex) : stay ? pageIndex : (check.nextIndex ?? pageIndex);
  const completing = intent === "submit" && !stay && check.nextIndex === null;

  if (!completing) {
    const token = intent === "later" ? newSecret() : undefined;
    try {
      await save(false, { page: target, ...(token ? { token } : {}) });
    } catch (error) {
      return saveFailed(error);
    }
    if (intent === "later") return show(pageOf(ctx, { answers, pageIndex }), { later: resumeLink(request.url.origin, slug, token!) });
    if (intent === "previous" || (!stay && target !== pageIndex)) return { kind: "redirect", location: `/s/${slug}?page=${target}`, cookies };
    // Errors are shown; a revealed question is shown without them (nothing is wrong yet).
    return hasErrors ? show(current(), {}, 400) : show(pageOf(ctx, { answers, pageIndex }));
  }

  const receipt = newSecret();
  try {
    await save(true, { page: pageIndex, token: receipt });
  } catch (error) {
    if (!isAppError(error) || !error.fields || error.code === "consent_required") return saveFailed(error);
    // Refused answers: kept as a partial, and the first page holding one is shown.
    await save(false, { page: pageIndex }).catch(() => undefined);
    const pages = (ctx.definition.pages as { name?: string }[] | undefined) ?? [];
    const { questions } = await surveyVersion(ctx.db, ctx.survey);
    const first = questions.find((q) => error.fields![q.name] || error.fields![`${q.name}-Comment`]);
    const index = Math.max(0, pages.findIndex((p) => p.name === first?.page));
    return show(withErrors(error.fields, index), {}, 400);
  }
  cookies.push(await receiptCookie.serialize(receipt, { ...cookieOptions(slug, 1), maxAge: 10 * 60 }));
  return { kind: "redirect", location: `/s/${slug}`, cookies };
}

/** A member post's outcome as Remix's action answers it (the route and its tests). */
function outcomeResponse(outcome: MemberOutcome) {
  const headers = new Headers({ "Cache-Control": "no-store" });
  for (const cookie of outcome.cookies) headers.append("Set-Cookie", cookie);
  if (outcome.kind === "redirect") return redirect(outcome.location, { headers });
  for (const [name, value] of Object.entries(outcomeHeaders(outcome))) headers.set(name, value);
  if (outcome.kind === "json") return Response.json(outcome.body, { status: outcome.status, headers });
  return data<PageData>(outcome.data, { status: outcome.status, headers });
}

/** A refusal's own headers (Retry-After), and Connection: close after a body too large to read. */
export function outcomeHeaders(outcome: Exclude<MemberOutcome, { kind: "redirect" }>): Record<string, string> {
  return { ...outcome.headers, ...(outcome.status === 413 ? { Connection: "close" } : {}) };
}

/** The Remix edge of a member post: the request's own body, read up to the limit. */
export async function memberAction(request: Request, slug: string, { autosave = false, clientAddress = "unknown", outcome }: { autosave?: boolean; clientAddress?: string; outcome?: MemberOutcome } = {}) {
  const result =
    outcome ??
    (await memberPost({
      slug,
      request: memberRequestOf(request),
      key: request,
      autosave,
      clientAddress,
      contentType: request.headers.get("Content-Type"),
      contentLength: request.headers.get("Content-Length"),
      body: () => readLimited(request, SUBMISSION_MAX_BYTES),
    }));
  return outcomeResponse(result);
}

/** The language of a member page, for the root loader (`<html lang>` and the interface texts). */
export async function memberPageLocale(request: Request, slug: string): Promise<Locale> {
  try {
    return (await memberSurvey(request, memberRequestOf(request), slug)).locale;
  } catch (error) {
    // The database away: the page says so (memberLoader) in the language the phone asks for.
    if (isDatabaseUnavailable(error)) return plainLocale(memberRequestOf(request));
    throw error;
  }
}

const withdrawCookie = createCookie("maillage_withdraw");
const withdrawPath = (slug: string) => ({ ...cookieOptions(slug, 1), path: `/s/${slug}/withdraw`, maxAge: 60 * 60 });

type WithdrawState = "confirm" | "invalid" | "withdrawn";

async function withdrawContext(request: Request, slug: string) {
  const { db, survey, locale } = await memberSurvey(request, memberRequestOf(request), slug);
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
  const held = await readCookie(withdrawCookie, request.headers.get("Cookie"));
  const found = held ? await findByResumeToken(ctx.db, { surveyId: ctx.survey.id, token: held }) : null;
  const state: WithdrawState = found ? "confirm" : "invalid";
  return data({ state, title: ctx.title, locales: ctx.survey.locales }, { status: found ? 200 : 404, headers: { "Cache-Control": "no-store" } });
}

/** Deletes the member's response for good, and logs that one was withdrawn (never which). */
export async function withdrawAction(request: Request, slug: string) {
  const ctx = await withdrawContext(request, slug);
  if (!ctx) throw new Response("Not found", { status: 404 });
  const held = await readCookie(withdrawCookie, request.headers.get("Cookie"));
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
