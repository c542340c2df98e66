import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { catalogueAction, catalogueLoader } from "~/catalogue/catalogue-action.server";
import { CatalogueEditor } from "~/components/catalogue-editor";

export const loader = ({ request }: LoaderFunctionArgs) => catalogueLoader(request, "antennas");
export const action = ({ request }: ActionFunctionArgs) => catalogueAction(request, "antennas");
export default CatalogueEditor;
