// Never lose an answer (issue 4): with JavaScript, every change is kept on the
// phone (localStorage) and autosaved to the server as a partial response; a
// button press first makes sure the server has the answers, retrying with
// backoff while offline or on a 5xx, then posts the form as it would without
// a script. Without JavaScript none of this runs and the plain form works.
import { type RefObject, useEffect, useState } from "react";
import { commentField, type FormFields, INTENT_FIELD, type ParsedPage, parsePageForm, questionFields } from "~/responses/form-data";
import type { PageModel, PageQuestion } from "~/responses/page-model.server";

/** What the status line says: nothing yet, saved on the server, kept on the phone only, or a press waiting for the network. */
export type SaveStatus = "idle" | "saved" | "local" | "sending";

/** The phone's copy: every answer given on this device, the page it was on, and whether the server has the latest. */
export type KeptAnswers = { page: number; answers: Record<string, unknown>; pending: boolean };

export type KeepOptions = { slug: string; responseId: string };

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
    const { page, answers, pending } = value as Partial<KeptAnswers>;
    if (typeof page !== "number" || !answers || typeof answers !== "object") return null;
    return { page, answers, pending: pending === true };
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

/** Puts kept answers back into the page's controls (read-only questions excepted). */
export function fillForm(form: HTMLFormElement, questions: readonly PageQuestion[], answers: Record<string, unknown>) {
  const editable = questions.filter((question) => !question.readOnly);
  const fields: FormFields = Object.assign({}, ...editable.map((question) => fieldsFor(question, answers)));
  const owned = (name: string) =>
    editable.some((q) => name === q.name || name === commentField(q.name) || name.startsWith(`${q.name}.`));
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

/** Keeps the member page's answers on the phone and on the server; returns what the status line says. */
export function useOfflineAnswers(formRef: RefObject<HTMLFormElement | null>, keep: KeepOptions | undefined, model: PageModel): SaveStatus {
  const [status, setStatus] = useState<SaveStatus>("idle");
  const { questions } = model;
  const page = model.page.index;
  const slug = keep?.slug;
  const responseId = keep?.responseId;

  useEffect(() => {
    const form = formRef.current;
    if (!form || !slug || !responseId) return;
    const key = storageKey({ slug, responseId });
    const stop = new AbortController();
    let kept = readKept(key);
    let changes = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running: Promise<Outcome> | null = null;
    let submitting = false;
    let lastFailed = false;

    const remember = () => {
      changes += 1;
      kept = { page, answers: mergeAnswers(kept?.answers ?? {}, parsePageForm(new FormData(form), questions)), pending: true };
      writeKept(key, kept);
    };

    const send = async (): Promise<Outcome> => {
      const sent = changes;
      const body = new FormData(form);
      body.set(INTENT_FIELD, "autosave");
      try {
        const response = await fetch(autosaveUrl(slug), { method: "POST", body, redirect: "manual", signal: stop.signal });
        // Read to the end: an unread body keeps the request open in the browser.
        await response.arrayBuffer().catch(() => undefined);
        // The only redirect: this response is already complete (another tab sent it).
        if (response.type === "opaqueredirect") return "done";
        if (response.status >= 500) return "retry";
        if (!response.ok) return "refused";
        if (sent === changes && kept) writeKept(key, (kept = { ...kept, pending: false }));
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
          await pause(delay, stop.signal);
        }
      })().finally(() => (running = null)));

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

    // The buttons post the form as without a script, once the server has the answers.
    const post = (intent: string) => {
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
      submitting = true;
      clearTimeout(timer);
      const submitter = event.submitter;
      const intent = submitter instanceof HTMLButtonElement && submitter.name === INTENT_FIELD ? submitter.value : "next";
      void (async () => {
        while (kept?.pending || !navigator.onLine || lastFailed) {
          const outcome = await deliver();
          if (outcome === "done") return window.location.assign(window.location.pathname);
          if (outcome !== "saved" || stop.signal.aborted) break;
        }
        if (!stop.signal.aborted) post(intent);
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
    } else if (kept?.pending) {
      // Answers typed here but not yet on the server (a reload, a crash, no network) come back.
      if (kept.page === page) {
        fillForm(form, questions, kept.answers);
        changes += 1;
        setStatus("local");
        schedule(0);
      } else if (!new URLSearchParams(window.location.search).has("page")) {
        window.location.replace(`${window.location.pathname}?page=${kept.page}`);
      }
    }

    form.addEventListener("change", onChange);
    form.addEventListener("input", onChange);
    form.addEventListener("submit", onSubmit);
    window.addEventListener("pageshow", onPageShow);
    window.addEventListener("online", onOnline);
    return () => {
      stop.abort();
      clearTimeout(timer);
      form.removeEventListener("change", onChange);
      form.removeEventListener("input", onChange);
      form.removeEventListener("submit", onSubmit);
      window.removeEventListener("pageshow", onPageShow);
      window.removeEventListener("online", onOnline);
    };
  }, [formRef, slug, responseId, page, questions]);

  return status;
}
