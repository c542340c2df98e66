/**
 * Whether a request is a cross-site attempt to change something. Sessions
 * are SameSite=Lax already; this is the second lock (OWASP's "verify origin
 * with standard headers"). A request carrying a bearer token and no cookie
 * is not a browser's and cannot be forged by another site.
 */
export function isCrossSiteMutation(request: {
  method: string;
  host: string | null;
  origin: string | null;
  secFetchSite: string | null;
  authorization: string | null;
  cookie: string | null;
}): boolean {
  if (["GET", "HEAD", "OPTIONS"].includes(request.method.toUpperCase())) return false;
  if (request.authorization && !request.cookie) return false;
  if (request.origin && request.origin !== "null") {
    try {
      return new URL(request.origin).host !== request.host;
    } catch {
      return true;
    }
  }
  if (request.origin === "null") return true;
  return request.secFetchSite === "cross-site" || request.secFetchSite === "same-site";
}
