/**
 * An error a person caused and can mend: a stable code, an HTTP status and,
 * for a form, the fields concerned. Routes turn it into a translated message
 * (`errors.<code>` in the locale files); it never carries a stack to the user.
 */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly status: number,
    readonly code: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
    /** Extra structured information for API clients and pages (e.g. the problems that block publishing). */
    readonly details?: Record<string, unknown>,
  ) {
    super(code);
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

/** What a page's error boundary reads of a refused request (a thrown `data({ error: code }, { status })`). */
export type Refusal = { error: string };
