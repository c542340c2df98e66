// How many invitations staff make at once, for which antenna and sector: the
// share page's form (checked in the page and by its CSV route) and the API's body share the count.
import { z } from "zod";
import { codeSchema } from "~/catalogue/codes";

export const MAX_INVITATIONS_AT_ONCE = 5000;

export const invitationCount = z.number().int("invalid_value").min(1, "invalid_value").max(MAX_INVITATIONS_AT_ONCE, "invalid_value");

export const invitationsForm = z.object({ count: invitationCount, antenna: codeSchema.optional(), sector: codeSchema.optional() });
