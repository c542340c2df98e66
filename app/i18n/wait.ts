/** How long to wait, in the reader's language: seconds under a minute, else whole minutes ("2 secondes", "5 minuten"). */
export function formatWait(locale: string, seconds: number): string {
  const [value, unit] = seconds < 60 ? [Math.max(1, Math.ceil(seconds)), "second"] : [Math.ceil(seconds / 60), "minute"];
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "long" }).format(value);
}
