import { closeDatabase, getDatabase, sessionSecret } from "~/db/db.server";
import { DatabaseUnreachableError } from "~/db/client.server";
import { ConfigError, type Env, env, secureCookies } from "~/env.server";
import { isCrossSiteMutation } from "~/http/origin";
import { purgeExpiredSessions } from "~/auth/sessions.server";
import { eraseExpiredResponses } from "~/responses/retention.server";
import { securityHeaders } from "~/http/security-headers";
import { getLocale, getT } from "~/i18n/i18n.server";

/**
 * Opens and migrates the database, creates the bootstrap admin and the demo.
 * Returns the lines to print; a problem a person can fix is thrown as a
 * message without a stack.
 */
export async function startup(): Promise<{ lines: string[]; trustProxy: Env["TRUST_PROXY"] }> {
  try {
    const config = env();
    sessionSecret();
    const database = await getDatabase();
    const lines = [
      database.kind === "pglite"
        ? `Database: embedded PGlite in ${config.DATA_DIR}`
        : "Database: PostgreSQL (DATABASE_URL)",
    ];
    if (database.demoAdmin) {
      lines.push(`Demo login: ${database.demoAdmin.email} / ${database.demoAdmin.password}`);
    }
    if (config.ADMIN_EMAIL) lines.push(`Admin account: ${config.ADMIN_EMAIL}`);
    scheduleRetention();
    return { lines, trustProxy: config.TRUST_PROXY };
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DatabaseUnreachableError) {
      throw new StartupError(error.message);
    }
    throw error;
  }
}

const RETENTION_EVERY_MS = 6 * 60 * 60 * 1000;
let retentionTimer: ReturnType<typeof setInterval> | undefined;

/**
 * Housekeeping now and every six hours: responses past their retention and
 * ended sessions are erased; a failure is logged and retried at the next round.
 */
function scheduleRetention() {
  const run = () =>
    getDatabase()
      .then(async ({ db }) => {
        await purgeExpiredSessions(db);
        return eraseExpiredResponses(db);
      })
      .then((done) => done.forEach(({ slug, erased }) => console.log(`Retention: erased ${erased} responses of ${slug}`)))
      .catch((error: unknown) => console.error("Retention failed:", (error as Error).message));
  void run();
  retentionTimer ??= setInterval(run, RETENTION_EVERY_MS);
  retentionTimer.unref();
}

export class StartupError extends Error {
  override name = "StartupError";
}

export async function shutdown(): Promise<void> {
  if (retentionTimer) clearInterval(retentionTimer);
  await closeDatabase();
}

const FRAMABLE = /^\/surveys\/[a-z0-9-]+\/preview(\.data)?$/;

export function responseHeaders(nonce: string, dev: boolean, path = "/"): Record<string, string> {
  return securityHeaders({ nonce, secure: secureCookies(), dev, framable: FRAMABLE.test(path) });
}

/** Request headers as Node gives them (lower-case names; repeated ones as arrays). */
export type NodeHeaders = Record<string, string | string[] | undefined>;

/** A 403 in the visitor's language for a cross-site POST, or null to go on. Cheap when allowed: no Request is built. */
export async function refuseCrossSite({ method, url, headers }: { method: string; url: string; headers: NodeHeaders }): Promise<Response | null> {
  const header = (name: string) => headerValue(headers, name);
  const refused = isCrossSiteMutation({
    method,
    host: header("host"),
    origin: header("origin"),
    secFetchSite: header("sec-fetch-site"),
    authorization: header("authorization"),
    cookie: header("cookie"),
  });
  if (!refused) return null;
  const t = getT(await getLocale(new Request(url, { method, headers: toHeaders(headers) })));
  return Response.json(
    { error: "cross_site_request", message: t("errors.cross_site_request") },
    { status: 403 },
  );
}

/** One header of a Node request as Fetch would give it: repeated values joined, null when absent. */
export function headerValue(headers: NodeHeaders, name: string): string | null {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? null);
}

/** Node's request headers as Fetch Headers. */
export function toHeaders(headers: NodeHeaders): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) value.forEach((one) => result.append(name, one));
    else if (value !== undefined) result.set(name, value);
  }
  return result;
}
