/** The member's links. An invitation token is swapped for a cookie on first visit, then the URL is cleaned. */
export const surveyLink = (origin: string, slug: string) => `${origin}/s/${slug}`;
export const invitationLink = (origin: string, slug: string, token: string) => `${origin}/s/${slug}?i=${encodeURIComponent(token)}`;
export const resumeLink = (origin: string, slug: string, token: string) => `${origin}/s/${slug}?resume=${encodeURIComponent(token)}`;
export const withdrawLink = (origin: string, slug: string, token: string) => `${origin}/s/${slug}/withdraw?t=${encodeURIComponent(token)}`;
