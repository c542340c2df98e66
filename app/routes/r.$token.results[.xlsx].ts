import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/db.server";
import { getLocale } from "~/i18n/i18n.server";
import { sharedExport } from "~/results/export.server";

// The XLSX of a share link's view, within its restriction.
export async function loader({ request, params }: LoaderFunctionArgs) {
  return sharedExport(await getDb(), { token: params.token ?? "", params: new URL(request.url).searchParams, locale: await getLocale(request), format: "xlsx" });
}
