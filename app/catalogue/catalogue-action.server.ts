import { data } from "@remix-run/node";
import { audit } from "~/auth/audit.server";
import { requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/db.server";
import { parseForm } from "~/http/forms";
import { listAntennas, listSectors, saveAntenna, saveSector } from "./catalogue.server";
import { catalogueEntryForm } from "./codes";
import { readForm } from "~/http/forms.server";

export type CatalogueKind = "antennas" | "sectors";

export async function catalogueLoader(request: Request, kind: CatalogueKind) {
  await requireUser(request, "catalogue:manage");
  const db = await getDb();
  const entries = kind === "antennas" ? await listAntennas(db) : await listSectors(db);
  return { kind, entries };
}

/** Creates or updates one antenna or sector from the admin form (fields `code`, `name.fr`, …, `defaultLocale`). */
export async function catalogueAction(request: Request, kind: CatalogueKind) {
  const user = await requireUser(request, "catalogue:manage");
  const form = await readForm(request);
  const submission = parseForm(form, catalogueEntryForm);
  const code = typeof submission.payload.code === "string" ? submission.payload.code : "";
  if (submission.status !== "success") return data({ error: "invalid_request", code, result: submission.reply() }, { status: 400 });
  const db = await getDb();
  const { code: entryCode, name, defaultLocale } = submission.value;
  if (kind === "antennas") await saveAntenna(db, { code: entryCode, name, defaultLocale });
  else await saveSector(db, { code: entryCode, name });
  await audit(db, { userId: user.id, action: `${kind}.save`, target: submission.value.code });
  return data({ ok: true as const, code: submission.value.code });
}
