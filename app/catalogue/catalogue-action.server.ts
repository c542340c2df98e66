import { data } from "@remix-run/node";
import { audit } from "~/auth/audit.server";
import { requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/db.server";
import { zodFields } from "~/http/api.server";
import { antennaSchema, listAntennas, listSectors, saveAntenna, saveSector, sectorSchema } from "./catalogue.server";
import { readForm } from "~/http/forms.server";

export type CatalogueKind = "antennas" | "sectors";

export async function catalogueLoader(request: Request, kind: CatalogueKind) {
  await requireUser(request, "catalogue:manage");
  const db = await getDb();
  const entries = kind === "antennas" ? await listAntennas(db) : await listSectors(db);
  return { kind, entries };
}

/** Creates or updates one antenna or sector from the admin form (fields `code`, `name.fr`, …). */
export async function catalogueAction(request: Request, kind: CatalogueKind) {
  const user = await requireUser(request, "catalogue:manage");
  const form = await readForm(request);
  const input = {
    code: String(form.get("code") ?? ""),
    name: { fr: form.get("name.fr"), nl: form.get("name.nl"), en: form.get("name.en") },
    defaultLocale: form.get("defaultLocale"),
  };
  const db = await getDb();
  const parsed = (kind === "antennas" ? antennaSchema : sectorSchema).safeParse(input);
  if (!parsed.success) {
    return data({ error: "invalid_request", code: input.code, fields: zodFields(parsed.error) }, { status: 400 });
  }
  if (kind === "antennas") await saveAntenna(db, antennaSchema.parse(input));
  else await saveSector(db, parsed.data);
  await audit(db, { userId: user.id, action: `${kind}.save`, target: parsed.data.code });
  return data({ ok: true as const, code: parsed.data.code });
}
