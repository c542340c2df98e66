// One schema per form, read the same way on both sides: the action parses the
// posted FormData with it (after forms.server.ts's readForm), and the browser
// validates with it before posting (components/forms.tsx's useSchemaForm).
// conform turns the flat names (`title.fr`, `choices[0].value`) into nested
// values, empty fields into absent ones, "on" into true and digits into
// numbers; zod's issues become the product's error codes (common:errors.*),
// which each side says in the reader's language.
import { parseWithZod } from "@conform-to/zod";
import { type z, type ZodErrorMap, ZodIssueCode } from "zod";

/** A form's issues as error codes: a schema's own message (a code) wins, the rest are mapped here. */
export const codeErrorMap: ZodErrorMap = (issue, context) => {
  // A schema's own error map (`z.enum(…, { message })`) has had its say: its code is kept.
  if (/^[a-z_]+$/.test(context.defaultError)) return { message: context.defaultError };
  switch (issue.code) {
    case ZodIssueCode.invalid_type:
      if (issue.received === "undefined") return { message: "required" };
      return { message: issue.expected === "number" || issue.expected === "integer" ? "invalid_number" : "invalid_value" };
    case ZodIssueCode.too_big:
      return { message: issue.type === "string" ? "too_long" : "out_of_range" };
    case ZodIssueCode.too_small:
      return { message: issue.type === "string" && issue.minimum === 1 ? "required" : "out_of_range" };
    case ZodIssueCode.invalid_string:
      return { message: issue.validation === "email" ? "invalid_email" : "invalid_value" };
    case ZodIssueCode.not_finite:
      return { message: "invalid_number" };
    default:
      return { message: "invalid_value" };
  }
};

/** A posted form read by its schema: `status` "success" with `value`, else `error` by field name; `reply()` goes back to the page. */
export const parseForm = <Schema extends z.ZodTypeAny>(form: FormData | URLSearchParams, schema: Schema) => parseWithZod(form, { schema, errorMap: codeErrorMap });

/** The first error code of each field, by its form name (`title.fr`), as the pages and the API name them. */
export function firstErrors(error: Record<string, string[] | null> | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, codes] of Object.entries(error ?? {})) if (codes?.[0]) fields[name || "_"] = codes[0];
  return fields;
}
