// The survey's own settings as forms and the API write them: its link, its
// title in three languages, its targets, languages, dates and anonymity. Shared
// by the server and the browser, so a form checks in the page what its action checks.
import { z } from "zod";
import { codeSchema } from "~/catalogue/codes";
import { LOCALES } from "~/db/values";
import { fromLocalInput } from "./dates";
import { hasMarkup } from "./markup";
import { surveyOptionsSchema } from "./options";

export const slugSchema = z
  .string()
  .trim()
  .min(3, "invalid_slug")
  .max(60, "invalid_slug")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "invalid_slug");

const textSchema = z.string().trim().min(1, "required").max(300, "too_long").refine((text) => !hasMarkup(text), "markup_refused");
/** A SurveyJS localizable string: `default` (French) is required. */
export const localizableTitleSchema = z.union([
  textSchema.transform((fr) => ({ default: fr })),
  z
    .object({ default: textSchema, nl: textSchema.optional(), en: textSchema.optional() })
    .strict("invalid_value"),
]);

export const surveySettingsSchema = z.object({
  antennas: z.array(codeSchema).max(50).default([]),
  sectors: z.array(codeSchema).max(100).default([]),
  locales: z
    .array(z.enum(LOCALES))
    .min(1, "required")
    .default([...LOCALES])
    .transform((l) => [...new Set(l)]),
  minGroupSize: z.number({ invalid_type_error: "invalid_min_group_size" }).int("invalid_min_group_size").min(3, "invalid_min_group_size").max(1000, "invalid_min_group_size").default(5),
  access: z.enum(["public", "invitation"]).default("public"),
  anonymous: z.boolean().default(true),
  opensAt: z.coerce.date().nullable().default(null),
  closesAt: z.coerce.date().nullable().default(null),
});

const titleText = z.string().trim().max(300, "too_long").refine((text) => !hasMarkup(text), "markup_refused").optional();
/** The survey's title as a form's `title.fr|nl|en` fields (French required), written as SurveyJS holds it: `default` is French. */
export const surveyTitleFields = z
  .object({ fr: titleText, nl: titleText, en: titleText })
  .default({})
  .refine((title) => Boolean(title.fr), { message: "required", path: ["fr"] })
  .transform(({ fr, nl, en }): Record<string, string> => ({ default: fr!, ...(nl ? { nl } : {}), ...(en ? { en } : {}) }));

/** The new-survey form: from the template or blank, for one antenna and/or sector or everyone, with its title and link. */
export const newSurveyForm = z.object({
  source: z.enum(["template", "blank"]),
  antenna: codeSchema.optional(),
  sector: codeSchema.optional(),
  slug: slugSchema.optional(),
  title: z
    .object({ fr: titleText, nl: titleText, en: titleText })
    .default({})
    .transform(({ fr, nl, en }) => ({ fr: fr ?? "", nl: nl ?? "", en: en ?? "" })),
});
export type NewSurveyInput = z.output<typeof newSurveyForm>;

/** A datetime-local field read as Brussels time; empty is none. */
const brusselsMoment = z
  .string()
  .optional()
  .refine((value) => value === undefined || fromLocalInput(value) !== null, "invalid_value")
  .transform((value) => (value === undefined ? null : fromLocalInput(value)));

/** The settings page's form: the survey's title, link, targets, languages, access, dates and privacy options. */
export const settingsForm = z
  .object({
    title: surveyTitleFields,
    slug: slugSchema,
    antennas: surveySettingsSchema.shape.antennas,
    sectors: surveySettingsSchema.shape.sectors,
    locales: z.array(z.enum(LOCALES)).min(1, "required").default([]),
    minGroupSize: surveySettingsSchema.shape.minGroupSize.removeDefault(),
    access: surveySettingsSchema.shape.access,
    anonymous: z.boolean().default(false),
    opensAt: brusselsMoment,
    closesAt: brusselsMoment,
    privacyNotice: z.object({ fr: z.string().max(5000, "too_long").optional(), nl: z.string().max(5000, "too_long").optional(), en: z.string().max(5000, "too_long").optional() }).default({}),
    retentionMonths: surveyOptionsSchema.shape.retentionMonths.removeDefault(),
    requireConsent: z.boolean().default(false),
  })
  .refine(({ opensAt, closesAt }) => !opensAt || !closesAt || closesAt > opensAt, { message: "closes_before_opening", path: ["closesAt"] });
export type SettingsInput = z.output<typeof settingsForm>;

/** A survey copied as a new draft under its own link, for one antenna and/or sector or everyone. */
export const duplicateForm = z.object({ slug: slugSchema, antenna: codeSchema.optional(), sector: codeSchema.optional() });
