// When an answer counts as not given: the server's checks, the page model and
// the page's offline checks read it alike (no `.server`: the browser uses it too).
export const isEmptyAnswer = (value: unknown): boolean =>
  value === undefined || value === null || value === "" || (Array.isArray(value) ? value.length === 0 : typeof value === "object" && Object.keys(value as object).length === 0);
