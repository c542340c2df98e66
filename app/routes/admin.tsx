import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guard.server";

// Each child route checks its own permission too: Remix runs loaders in parallel.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "users:manage");
  return null;
}

export default function Admin() {
  const { t } = useTranslation();
  return (
    <div className="stack-lg">
      <nav aria-label={t("admin.nav")} className="tabs">
        <ul>
          <li>
            <NavLink to="/admin/users">{t("admin.users")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/antennas">{t("admin.antennas")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/sectors">{t("admin.sectors")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/audit">{t("admin.audit")}</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
