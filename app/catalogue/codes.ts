// An antenna's or a sector's code, as forms, links and the API carry it
// (`lie`, `design`), and the admins' form for one, checked in the page and on the server.
import { z } from "zod";
import type { Locale } from "~/db/values";
import { SUPPORTED_LOCALES } from "~/i18n/config";
import { hasMarkup } from "~/surveys/markup";

export const codeSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "invalid_code")
  .max(40, "invalid_code");

const nameSchema = z.string().trim().min(1, "required").max(100, "too_long").refine((name) => !hasMarkup(name), "markup_refused");
export const localizedNameSchema = z.object({ fr: nameSchema, nl: nameSchema, en: nameSchema });

export const antennaSchema = z.object({
  code: codeSchema,
  name: localizedNameSchema,
  defaultLocale: z.enum(SUPPORTED_LOCALES as [Locale, ...Locale[]]),
});
/** The admin form of one antenna (with the language its members are first shown) or one sector. */
export const sectorSchema = z.object({ code: codeSchema, name: localizedNameSchema });


/** The admins' form for one entry: a sector's has no language, an antenna's is French unless chosen. */
export const catalogueEntryForm = sectorSchema.extend({ defaultLocale: antennaSchema.shape.defaultLocale.default("fr") });
