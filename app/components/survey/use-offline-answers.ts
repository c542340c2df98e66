// Never lose an answer (issue 4): with JavaScript, every change is kept on the
// phone (localStorage) and autosaved to the server as a partial response; a
// button press first makes sure the server has the answers, retrying with
// backoff while offline or on a 5xx, then posts the form as it would without
// a script. Without the network, Next and Previous show the page from what
// the phone has (docs/decisions/010), and the pages left that way are sent
// once it is back. Without JavaScript none of this runs and the plain form works.
import { type RefObject, useEffect, useRef, useState } from "react";
import { commentField, type FormFields, INTENT_FIELD, type ParsedPage, parsePageForm, questionFields, SHOWN_FIELD } from "~/responses/form-data";
import type { OfflineSurvey, PageModel, PageQuestion } from "~/responses/page-model.server";
import { missingAnswers, neighbourPage, offlinePageModel, shownOn, withErrors } from "./offline-pages";
import { registerWorker } from "./offline-worker";

/** What the status line says: nothing yet, saved on the server, kept on the phone only, or a press waiting for the network. */
export type SaveStatus = "idle" | "saved" | "local" | "sending";

/** The phone's copy: the response's answers, the page it was on, and whether the server has the latest. */
export type KeptAnswers = {
  page: number;
  answers: Record<string, unknown>;
  pending: boolean;
  /** Pages left without the network whose answers the server has not had yet (definition indexes). */
  unsent?: number[];
  /**
   * Until when (server time, estimated from the page's `renderedAt`) this copy is known to be the newest:
   * a page drawn by the server after that has newer answers, an older one (the worker's copy) has not.
   */
  asOf?: number;
};

export type KeepOptions = {
  slug: string;
  responseId: string;
  /** Every page of the survey, to go on without the network (sent by the member page's loader). */
  offline?: OfflineSurvey;
};

const PREFIX = "maillage:answers:";
const AUTOSAVE_DELAY_MS = 1500;
const MAX_BACKOFF_MS = 30_000;

export const storageKey = ({ slug, responseId }: KeepOptions) => `${PREFIX}${slug}:${responseId}`;
/** The autosave endpoint sits under /s/:slug so the response and invitation cookies go with it. */
export const autosaveUrl = (slug: string) => `/s/${slug}/autosave`;

export function readKept(key: string): KeptAnswers | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key) ?? "null");
    if (!value || typeof value !== "object") return null;
    const { page, answers, pending, unsent, asOf } = value as Partial<KeptAnswers>;
    if (typeof page !== "number" || !answers || typeof answers !== "object") return null;
    return {
      page,
      answers,
      pending: pending === true,
      ...(Array.isArray(unsent) ? { unsent: unsent.filter((index) => Number.isInteger(index)) } : {}),
      ...(typeof asOf === "number" ? { asOf } : {}),
    };
  } catch {
    return null;
  }
}

function writeKept(key: string, kept: KeptAnswers) {
  try {
    localStorage.setItem(key, JSON.stringify(kept));
  } catch {
    // Storage full or refused (private mode): the server's copy remains.
  }
}

/** Once the server confirmed the response complete, the phone keeps nothing of it. */
export function forgetSurvey(slug: string) {
  try {
    const keys = Array.from({ length: localStorage.length }, (_, index) => localStorage.key(index));
    for (const key of keys) if (key?.startsWith(`${PREFIX}${slug}:`)) localStorage.removeItem(key);
  } catch {
    // Nothing kept, nothing to forget.
  }
}

/** The answers of earlier pages with this page's read over them; emptied questions are removed. */
export function mergeAnswers(previous: Record<string, unknown>, { answers, cleared }: ParsedPage): Record<string, unknown> {
  const merged = { ...previous, ...answers };
  for (const name of cleared) delete merged[name];
  return merged;
}

/** The form values that show these answers for one question (the inverse of parsePageForm). */
export function fieldsFor(question: PageQuestion, answers: Record<string, unknown>): FormFields {
  const empty = question.type === "checkbox" || question.type === "ranking" ? [] : question.type === "matrix" ? {} : undefined;
  const value = answers[question.name] ?? empty;
  const comment = answers[commentField(question.name)];
  const other = "other" in question && question.other ? { other: { ...question.other, comment: typeof comment === "string" ? comment : "" } } : {};
  return questionFields({ ...question, value, ...other } as PageQuestion);
}

/** Whether a form field belongs to one of these questions (and not to the page's own hidden fields). */
const ownedBy = (questions: readonly PageQuestion[]) => (name: string) =>
  questions.some((q) => name === q.name || name === commentField(q.name) || name.startsWith(`${q.name}.`));

/** Puts kept answers back into the page's controls (read-only questions excepted). */
export function fillForm(form: HTMLFormElement, questions: readonly PageQuestion[], answers: Record<string, unknown>) {
  const editable = questions.filter((question) => !question.readOnly);
  const fields: FormFields = Object.assign({}, ...editable.map((question) => fieldsFor(question, answers)));
  const owned = ownedBy(editable);
  for (const element of Array.from(form.elements)) {
    if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement)) continue;
    if (!owned(element.name) || element.type === "hidden") continue;
    const values = fields[element.name] ?? [];
    if (element instanceof HTMLInputElement && (element.type === "radio" || element.type === "checkbox")) element.checked = values.includes(element.value);
    else element.value = values[0] ?? "";
  }
  // Conditional display re-reads the form on "change".
  form.dispatchEvent(new Event("change", { bubbles: true }));
}

/** The member page's hidden field naming the page a post is about (the server reads that page's questions). */
const PAGE_FIELD = "page";
type FormEntriesOf = Iterable<[string, FormDataEntryValue]>;

/**
 * An autosave of a page left offline, from the phone's copy: the form's own
 * hidden fields (response id, consent), the page's index and the questions the
 * member saw on it (`shown`, which the server reads), and the fields of every
 * question of the survey, so that whichever page the server reads it finds its answers.
 */
export function keptPageBody(
  form: FormEntriesOf,
  current: readonly PageQuestion[],
  survey: OfflineSurvey,
  answers: Record<string, unknown>,
  { index, shown }: { index: number; shown: readonly string[] },
): FormData {
  const body = new FormData();
  const owned = ownedBy(current);
  for (const [name, value] of form) if (!owned(name)) body.append(name, value);
  body.set(PAGE_FIELD, String(index));
  body.set(SHOWN_FIELD, shown.join(","));
  body.set(INTENT_FIELD, "autosave");
  for (const question of survey.pages.flatMap((page) => page.questions)) {
    for (const [name, values] of Object.entries(fieldsFor(question, answers))) for (const value of values) body.append(name, value);
  }
  return body;
}

/**
 * Whether the member changed a field before the script ran (a cheap phone can
 * take seconds to hydrate, and a tap then fires no listener of ours): a field
 * whose state differs from the one the server wrote.
 */
function changedBeforeScript(form: HTMLFormElement): boolean {
  return Array.from(form.elements).some((element) => {
    if (element instanceof HTMLInputElement) {
      if (element.type === "hidden") return false;
      if (element.type === "radio" || element.type === "checkbox") return element.checked !== element.defaultChecked;
      return element.value !== element.defaultValue;
    }
    if (element instanceof HTMLTextAreaElement) return element.value !== element.defaultValue;
    // The server marks the chosen option of every select (none is left to the browser's pick).
    if (element instanceof HTMLSelectElement) return Array.from(element.options).some((option) => option.selected !== option.defaultSelected);
    return false;
  });
}

type Outcome = "saved" | "retry" | "refused" | "done";

/**
 * Which answers the page starts from; whether they go back into the form; and
 * whether the page is older than the phone's copy (the worker's copy of a page,
 * or the page a page drawn offline replaced), so the phone's page is the one to show.
 */
export function startingAnswers(kept: KeptAnswers | null, offline: OfflineSurvey | undefined): { answers: Record<string, unknown>; restore: boolean; older: boolean } {
  if (!offline) return { answers: kept?.answers ?? {}, restore: !!kept?.pending, older: false };
  if (kept && (kept.asOf ?? -1) >= offline.renderedAt) return { answers: kept.answers, restore: true, older: true };
  // Answers not yet sent win over the server's; otherwise the server's are the newest.
  if (kept?.pending) return { answers: { ...offline.answers, ...kept.answers }, restore: true, older: false };
  return { answers: offline.answers, restore: false, older: false };
}

/** Resolves after `ms`, or as soon as the browser says it is back online. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener("online", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    window.addEventListener("online", done);
    signal.addEventListener("abort", done);
  });
}

/**
 * Keeps the member page's answers on the phone and on the server; returns what
 * the status line says. `show` draws another page in place of the server's
 * (offline Next and Previous); without it the phone only waits for the network.
 */
export function useOfflineAnswers(
  formRef: RefObject<HTMLFormElement | null>,
  keep: KeepOptions | undefined,
  model: PageModel,
  show?: (model: PageModel) => void,
): SaveStatus {
  const [status, setStatus] = useState<SaveStatus>("idle");
  // What to do once a page drawn offline is on screen: take the member to its top, or to its errors.
  const arrival = useRef<"page" | "errors" | null>(null);
  const slug = keep?.slug;
  const responseId = keep?.responseId;
  const offline = keep?.offline;

  useEffect(() => {
    if (slug && import.meta.env.PROD) registerWorker();
  }, [slug]);

  useEffect(() => {
    const form = formRef.current;
    if (!form || !slug || !responseId) return;
    const { questions } = model;
    const page = model.page.index;
    const key = storageKey({ slug, responseId });
    const stop = new AbortController();
    let kept = readKept(key);
    const start = startingAnswers(kept, offline);
    let answers = start.answers;
    let changes = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running: Promise<Outcome> | null = null;
    let submitting = false;
    let lastFailed = false;
    let failed: (() => void)[] = [];
    // Server time now, counted from when the page arrived (its `renderedAt`): no phone clock involved.
    const arrived = (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.responseStart ?? 0;
    const asOf = () => (offline ? { asOf: Math.max(kept?.asOf ?? 0, offline.renderedAt + Math.round(performance.now() - arrived)) } : {});

    const remember = () => {
      changes += 1;
      answers = mergeAnswers(answers, parsePageForm(new FormData(form), questions));
      kept = { page, answers, pending: true, ...(kept?.unsent ? { unsent: kept.unsent } : {}), ...asOf() };
      writeKept(key, kept);
    };

    const postAutosave = async (body: FormData): Promise<Outcome> => {
      body.set(INTENT_FIELD, "autosave");
      // URL-encoded, as the form itself posts: the member routes take no multipart.
      const encoded = new URLSearchParams([...body].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
      const response = await fetch(autosaveUrl(slug), { method: "POST", body: encoded, redirect: "manual", signal: stop.signal });
      // Read to the end: an unread body keeps the request open in the browser.
      await response.arrayBuffer().catch(() => undefined);
      // The only redirect: this response is already complete (another tab sent it).
      if (response.type === "opaqueredirect") return "done";
      // A server in trouble, or asking to slow down: try again later.
      if (response.status >= 500 || response.status === 429) return "retry";
      if (!response.ok) return "refused";
      return "saved";
    };

    const send = async (): Promise<Outcome> => {
      const sent = changes;
      try {
        // The pages left offline first, in the survey's order, then this one.
        const pages = offline ? [...new Set([...(kept?.unsent ?? []), page])].sort((a, b) => a - b) : [page];
        for (const index of pages) {
          const shown = index === page ? [] : shownOn(offline!, model, kept?.answers ?? answers, index);
          if (shown) {
            const body = index === page ? new FormData(form) : keptPageBody(new FormData(form), questions, offline!, kept?.answers ?? answers, { index, shown });
            const outcome = await postAutosave(body);
            if (outcome !== "saved") return outcome;
          }
          if (kept?.unsent?.includes(index)) writeKept(key, (kept = { ...kept, unsent: kept.unsent.filter((other) => other !== index) }));
        }
        if (sent === changes && kept) writeKept(key, (kept = { ...kept, pending: false, ...asOf() }));
        return "saved";
      } catch {
        return stop.signal.aborted ? "refused" : "retry";
      }
    };

    // One delivery at a time, retried with exponential backoff until the server answers.
    const deliver = () =>
      (running ??= (async () => {
        for (let delay = 1000; ; delay = Math.min(delay * 2, MAX_BACKOFF_MS)) {
          const outcome = await send();
          lastFailed = outcome === "retry";
          if (outcome !== "retry" || stop.signal.aborted) return outcome;
          setStatus(submitting ? "sending" : "local");
          failed.splice(0).forEach((notify) => notify());
          await pause(delay, stop.signal);
        }
      })().finally(() => (running = null)));
    /** Resolves when a delivery under way fails (the network is gone). */
    const failure = () => new Promise<"failed">((resolve) => failed.push(() => resolve("failed")));

    const autosave = async () => {
      const outcome = await deliver();
      if (outcome === "done") window.location.assign(window.location.pathname);
      else if (!submitting) setStatus(outcome === "saved" ? "saved" : "local");
      // Changes made while the request was on its way go in the next one.
      if (outcome === "saved" && kept?.pending && !submitting) schedule();
    };
    const schedule = (delay = AUTOSAVE_DELAY_MS) => {
      clearTimeout(timer);
      timer = setTimeout(() => void autosave(), delay);
    };

    const onChange = () => {
      remember();
      schedule();
    };

    /** Shows a page drawn on the phone, as the current one; the answers stay to be sent. */
    const open = (next: PageModel, left: number | null, moved: boolean) => {
      const unsent = left === null ? (kept?.unsent ?? []) : [...new Set([...(kept?.unsent ?? []), left])];
      kept = { ...(kept ?? { answers, pending: true }), page: next.page.index, unsent, ...asOf() };
      writeKept(key, kept);
      // A reload asks the server (or the worker's copy) for this page.
      window.history.replaceState(window.history.state, "", `${window.location.pathname}?page=${next.page.index}`);
      if (moved) arrival.current = "page";
      show?.(next);
    };

    // Without the network, Next and Previous go on from what the phone has; false when it cannot draw the page.
    const goOffline = (intent: string): boolean => {
      if (!offline || !show || (intent !== "next" && intent !== "previous")) return false;
      remember();
      const target = neighbourPage(offline, answers, page, intent);
      if (target === null) return false;
      if (intent === "next") {
        const missing = missingAnswers(offline, model, answers);
        if (Object.keys(missing).length > 0) {
          arrival.current = "errors";
          show(withErrors(model, missing));
          return true;
        }
      }
      const next = offlinePageModel(offline, model, answers, target);
      if (!next) return false;
      open(next, page, true);
      return true;
    };

    // The buttons post the form as without a script, once the server has the answers.
    const postForm = (intent: string) => {
      let field = form.querySelector<HTMLInputElement>("input[data-intent]");
      if (!field) {
        field = Object.assign(document.createElement("input"), { type: "hidden", name: INTENT_FIELD });
        field.dataset.intent = "";
        form.append(field);
      }
      field.value = intent;
      form.submit();
    };
    const onSubmit = (event: SubmitEvent) => {
      event.preventDefault();
      if (submitting) return;
      clearTimeout(timer);
      const submitter = event.submitter;
      const intent = submitter instanceof HTMLButtonElement && submitter.name === INTENT_FIELD ? submitter.value : "next";
      if ((!navigator.onLine || lastFailed) && goOffline(intent)) return;
      submitting = true;
      void (async () => {
        // Next and Previous stop waiting as soon as the network proves gone, and go on offline.
        let local = intent === "next" || intent === "previous";
        while (kept?.pending || !navigator.onLine || lastFailed) {
          const outcome = await (local ? Promise.race([deliver(), failure()]) : deliver());
          if (outcome === "failed") {
            local = false;
            if (goOffline(intent)) return;
            continue;
          }
          if (outcome === "done") return window.location.assign(window.location.pathname);
          if (outcome !== "saved" || stop.signal.aborted) break;
        }
        if (!stop.signal.aborted) postForm(intent);
      })();
    };
    // Back from the next page (bfcache): the form is usable again.
    const onPageShow = () => {
      submitting = false;
      form.querySelector("input[data-intent]")?.remove();
    };
    const onOnline = () => {
      if (kept?.pending && !submitting) schedule(0);
    };

    // Answers given before the script ran are this page's newest: keep and send them.
    if (changedBeforeScript(form)) {
      remember();
      setStatus("local");
      schedule(0);
    } else if (kept && start.restore) {
      // Answers typed here but not yet on the server (a reload, a crash, no network), or newer than this copy of the page, come back.
      const hasPage = new URLSearchParams(window.location.search).has("page");
      if (kept.page === page) {
        fillForm(form, questions, answers);
        if (kept.pending) {
          changes += 1;
          setStatus("local");
          schedule(0);
        }
      } else if (offline && show && (start.older || !navigator.onLine)) {
        // The worker's copy of another page, or no network: the phone draws the page it was on.
        const there = offlinePageModel(offline, model, answers, kept.page);
        if (there) open(there, null, false);
      } else if (kept.pending && !hasPage) {
        window.location.replace(`${window.location.pathname}?page=${kept.page}`);
      }
    }

    // A page drawn offline is on screen: the member starts at its top, or at its errors.
    if (arrival.current) {
      const target = form.querySelector<HTMLElement>(arrival.current === "errors" ? ".error-summary" : "h1");
      if (arrival.current === "page") window.scrollTo(0, 0);
      target?.setAttribute("tabindex", "-1");
      target?.focus({ preventScroll: arrival.current === "page" });
      arrival.current = null;
    }

    form.addEventListener("change", onChange);
    form.addEventListener("input", onChange);
    form.addEventListener("submit", onSubmit);
    window.addEventListener("pageshow", onPageShow);
    window.addEventListener("online", onOnline);
    return () => {
      stop.abort();
      clearTimeout(timer);
      failed = [];
      form.removeEventListener("change", onChange);
      form.removeEventListener("input", onChange);
      form.removeEventListener("submit", onSubmit);
      window.removeEventListener("pageshow", onPageShow);
      window.removeEventListener("online", onOnline);
    };
  }, [formRef, slug, responseId, model, offline, show]);

  return status;
}
