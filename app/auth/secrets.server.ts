import { createHash, randomBytes } from "node:crypto";

/** A random secret of 256 bits, URL-safe. */
export function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** Secrets are stored as their sha-256: they are random, so no salt or slow hash is needed. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
