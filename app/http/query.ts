import { z } from "zod";

/** A GET form's empty field, or a parameter not given, means "all": read as absent before the schema checks the value. */
export const emptyAsAbsent = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());
