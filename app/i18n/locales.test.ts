import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SUPPORTED_LOCALES } from "./config";

const root = path.join(__dirname, "locales");

function keysOf(value: unknown, prefix = ""): string[] {
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

// i18next plural forms differ by language (e.g. `_one`/`_other`): compare their base key.
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, "");

describe("translations", () => {
  const namespaces = new Set(SUPPORTED_LOCALES.flatMap((locale) => readdirSync(path.join(root, locale))));

  it.each([...namespaces])("namespace %s has the same keys, all non-empty, in French, Dutch and English", (file) => {
    const byLocale = Object.fromEntries(
      SUPPORTED_LOCALES.map((locale) => {
        const json = JSON.parse(readFileSync(path.join(root, locale, file), "utf8")) as unknown;
        return [locale, json];
      }),
    );
    const all = new Set(Object.values(byLocale).flatMap((json) => keysOf(json).map(base)));
    for (const locale of SUPPORTED_LOCALES) {
      const keys = new Set(keysOf(byLocale[locale]).map(base));
      const missing = [...all].filter((key) => !keys.has(key));
      expect(missing, `${locale}/${file} lacks keys`).toEqual([]);
      const empty = keysOf(byLocale[locale]).filter((key) => {
        const value = key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], byLocale[locale]);
        return typeof value !== "string" || value.trim() === "";
      });
      expect(empty, `${locale}/${file} has empty texts`).toEqual([]);
    }
  });

  it("interpolations use the same variables in every language", () => {
    for (const file of namespaces) {
      const flat = (locale: string) => {
        const json = JSON.parse(readFileSync(path.join(root, locale, file), "utf8")) as unknown;
        return new Map(
          keysOf(json).map((key) => [
            base(key),
            key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], json) as string,
          ]),
        );
      };
      const vars = (text: string | undefined) => [...(text ?? "").matchAll(/{{\s*(\w+)/g)].map((m) => m[1]).sort();
      const fr = flat("fr");
      for (const locale of ["nl", "en"]) {
        for (const [key, text] of flat(locale)) {
          expect(vars(text), `${locale}/${file}: ${key}`).toEqual(vars(fr.get(key)));
        }
      }
    }
  });
});
