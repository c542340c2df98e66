import type { z } from "zod";
import type { Locale } from "~/db/schema";
import { getLocale, getT } from "~/i18n/i18n.server";
import { formatWait } from "~/i18n/wait";
import { AppError, isAppError } from "./errors";

export const MAX_JSON_BYTES = 256 * 1024;

/**
 * Runs an API handler and turns what it throws into DESIGN.md's error shape,
 * `{error, message, fields?}`, with the message in the request's language.
 * An unexpected error is logged and answered with a plain 500, never a stack.
 */
export async function apiRoute(request: Request, handler: (locale: Locale) => Promise<Response>): Promise<Response> {
  const locale = await getLocale(request);
  try {
    return await handler(locale);
  } catch (error) {
    if (error instanceof Response) return error;
    return apiError(toAppError(error), locale);
  }
}

// postgres.js and PGlite codes for a database that is away or restarting.
const UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08006"]);

/** Whether an error means the database cannot be reached right now (a retry later will do). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && UNAVAILABLE.has(e.code)) return true;
  }
  return false;
}

/**
 * Any thrown value as the error a client gets: an AppError as it is; the
 * database away as 503 with Retry-After (one log line, not a stack per
 * request); anything else logged and answered as a plain 500.
 */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (isDatabaseUnavailable(error)) {
    console.error(`Database unavailable: ${(error as Error).message}`);
    return new AppError(503, "service_unavailable", undefined, { "Retry-After": "5" });
  }
  console.error(error);
  return new AppError(500, "unexpected");
}

export function apiError(error: AppError, locale: Locale): Response {
  const t = getT(locale);
  const fields = error.fields
    ? Object.fromEntries(Object.entries(error.fields).map(([k, code]) => [k, t(`errors.${code}`, { defaultValue: code })]))
    : undefined;
  return Response.json(
    {
      error: error.code,
      message: t(`errors.${error.code}`, { wait: formatWait(locale, Number(error.headers?.["Retry-After"] ?? 0)) }),
      ...(fields ? { fields } : {}),
      ...error.details,
    },
    { status: error.status, headers: error.headers },
  );
}

/** Reads a JSON body: 415 for another type, 413 over the limit, 400 when unreadable or invalid. */
export async function readJson<S extends z.ZodTypeAny>(
  request: Request,
  schema: S,
  { maxBytes = MAX_JSON_BYTES }: { maxBytes?: number } = {},
): Promise<z.infer<S>> {
  const headers = { contentType: request.headers.get("Content-Type"), contentLength: request.headers.get("Content-Length") };
  checkJsonHeaders(headers, maxBytes);
  return parseJson(await readLimited(request, maxBytes), schema, { maxBytes });
}

/** 415 unless the body is declared JSON, 413 when its declared length is over the limit. */
const isJsonContentType = (contentType: string | null) => /^application\/json\b/i.test(contentType ?? "");

export function checkJsonHeaders({ contentType, contentLength }: { contentType: string | null; contentLength: string | null }, maxBytes = MAX_JSON_BYTES) {
  if (!isJsonContentType(contentType)) throw new AppError(415, "unsupported_media_type");
  if (Number(contentLength ?? "0") > maxBytes) throw new AppError(413, "payload_too_large");
}

/** An operation that takes no body: a JSON one (`{}`) is let through unread, anything else is no request of this API (415). */
export function refuseForeignBody(request: Request): void {
  const empty = request.body === null || request.headers.get("Content-Length") === "0";
  if (!empty && !isJsonContentType(request.headers.get("Content-Type"))) throw new AppError(415, "unsupported_media_type");
}

/** A JSON body already read (413 over the limit, 400 when not UTF-8 JSON or not what `schema` wants). */
export function parseJson<S extends z.ZodTypeAny>(bytes: Uint8Array, schema: S, { maxBytes = MAX_JSON_BYTES }: { maxBytes?: number } = {}): z.infer<S> {
  if (bytes.byteLength > maxBytes) throw new AppError(413, "payload_too_large");
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(bytes));
  } catch {
    throw new AppError(400, "invalid_json");
  }
  // A "__proto__" key would silently become an object's prototype downstream: refuse it.
  if (hasProtoKey(body)) throw new AppError(400, "invalid_request", { _: "forbidden_key" });
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError(400, "invalid_request", zodFields(parsed.error));
  return parsed.data;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Whether parsed JSON has a "__proto__" key at any depth (JSON.parse keeps it as an own key). Iterative: nesting may be deep. */
export function hasProtoKey(json: unknown): boolean {
  const pending = [json];
  while (pending.length > 0) {
    const value = pending.pop();
    if (!value || typeof value !== "object") continue;
    if (Array.isArray(value)) for (const item of value) pending.push(item);
    else if (Object.hasOwn(value, "__proto__")) return true;
    else for (const key in value) pending.push((value as Record<string, unknown>)[key]);
  }
  return false;
}

/** The body, refused with 413 as soon as it passes `maxBytes`. */
export async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AppError(413, "payload_too_large");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Zod issues as `{field: code}`; a code is a key under `errors.` in the locale files. */
export function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    const missing = issue.code === "invalid_type" && issue.received === "undefined";
    fields[key] ??= missing ? "required" : /^[a-z_]+$/.test(issue.message) ? issue.message : "invalid_value";
  }
  return fields;
}
