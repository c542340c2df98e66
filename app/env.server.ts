import { isIP } from "node:net";
import { z } from "zod";

// Checked once at start-up; a wrong value stops the server with a plain message.
const schema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  SESSION_SECRET: z.string().min(16).optional(),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  DEMO: z.enum(["0", "1"]).optional(),
  // Named in the privacy notice members read (GDPR art. 13).
  PRIVACY_CONTROLLER: z.string().min(2).default("Smart"),
  PRIVACY_CONTACT: z.string().min(3).optional(),
  // Set to 0 only to test a production build over plain http on another host than localhost.
  COOKIE_SECURE: z.enum(["0", "1"]).optional(),
  // Members' submissions per address per minute: a full room autosaving every few seconds stays well under the default.
  SUBMISSIONS_PER_MINUTE: z.coerce.number({ invalid_type_error: "a whole number of submissions" }).int().min(1).max(1_000_000_000).default(3000),
  // Which proxies' X-Forwarded-For is believed (Express's "trust proxy"): true, false, a number of hops, or addresses, subnets and loopback / linklocal / uniquelocal.
  TRUST_PROXY: z.string().default("loopback").transform(parseTrustProxy),
});

const NAMED_PROXIES = new Set(["loopback", "linklocal", "uniquelocal"]);

function parseTrustProxy(value: string, context: z.RefinementCtx): boolean | number | string[] {
  const trimmed = value.trim();
  if (trimmed === "true" || trimmed === "false") return trimmed === "true";
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const items = trimmed.split(",").map((item) => item.trim());
  const wrong = items.filter((item) => {
    if (NAMED_PROXIES.has(item)) return false;
    const [address, prefix, ...rest] = item.split("/");
    const family = isIP(address ?? "");
    if (family === 0 || rest.length > 0) return true;
    return prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
  if (wrong.length > 0) {
    context.addIssue({ code: z.ZodIssueCode.custom, message: `not a proxy address, subnet, hop count or name: ${wrong.join(", ")}` });
    return z.NEVER;
  }
  return items;
}

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new ConfigError(`Invalid environment:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}

export const isProduction = () => env().NODE_ENV === "production";

/** Whether cookies carry `Secure` (and the session cookie the `__Host-` prefix). */
export const secureCookies = () => (env().COOKIE_SECURE ?? (isProduction() ? "1" : "0")) === "1";

export class ConfigError extends Error {
  override name = "ConfigError";
}
