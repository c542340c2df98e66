import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { catalogueAction, catalogueLoader } from "~/catalogue/catalogue-action.server";
import { CatalogueEditor } from "~/components/catalogue-editor";

export const loader = ({ request }: LoaderFunctionArgs) => catalogueLoader(request, "sectors");
export const action = ({ request }: ActionFunctionArgs) => catalogueAction(request, "sectors");
export default CatalogueEditor;
