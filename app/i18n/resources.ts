import type { Resource } from "i18next";
import { SUPPORTED_LOCALES } from "./config";

// Every namespace of every language, found by file name:
// locales/<language>/<namespace>.json. The server holds them all; a page
// sends the browser only its own language (see the root loader).
const files = import.meta.glob<{ default: Record<string, unknown> }>("./locales/*/*.json", { eager: true });

export const resources: Resource = {};
for (const [file, module] of Object.entries(files)) {
  const [, locale, namespace] = file.match(/\.\/locales\/(\w+)\/([\w-]+)\.json$/) ?? [];
  if (!locale || !namespace || !(SUPPORTED_LOCALES as readonly string[]).includes(locale)) continue;
  (resources[locale] ??= {})[namespace] = module.default;
}

export const NAMESPACES = Object.keys(resources.fr ?? {});
