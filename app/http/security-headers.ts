/** The headers every response carries; `nonce` lets Remix's own inline scripts run. */
export function securityHeaders({
  nonce,
  secure,
  dev,
  framable = false,
}: {
  nonce: string;
  secure: boolean;
  dev: boolean;
  /** Only the staff preview may be framed, and only by Maillage's own pages. */
  framable?: boolean;
}): Record<string, string> {
  const csp = [
    "default-src 'self'",
    // Vite's dev server injects inline modules and talks over a websocket.
    dev ? "script-src 'self' 'unsafe-inline'" : `script-src 'self' 'nonce-${nonce}'`,
    // Inline style attributes only (React's style prop, Chart.js); no remote styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    dev ? "connect-src 'self' ws:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    framable ? "frame-ancestors 'self'" : "frame-ancestors 'none'",
    "frame-src 'self'",
  ].join("; ");
  const headers: Record<string, string> = {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": framable ? "SAMEORIGIN" : "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
  };
  if (secure) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}
