import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCurrentUser } from "~/auth/guard.server";
import { can } from "~/auth/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  return { user: user ? { name: user.name, role: user.role } : null };
}

export default function Home() {
  const { t } = useTranslation();
  const { user } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{user ? t("home.welcome", { name: user.name }) : t("home.title")}</h1>
      <p className="lead">{t("home.intro")}</p>
      {user ? (
        <ul className="cards">
          <li className="card">
            <h2>{t("nav.surveys")}</h2>
            <p>{t("home.surveys")}</p>
            <Link to="/surveys">{t("home.open")}</Link>
          </li>
          <li className="card">
            <h2>{t("nav.account")}</h2>
            <p>{t("home.account")}</p>
            <Link to="/account">{t("home.open")}</Link>
          </li>
          {can(user, "users:manage") ? (
            <li className="card">
              <h2>{t("nav.admin")}</h2>
              <p>{t("home.admin")}</p>
              <Link to="/admin/users">{t("home.open")}</Link>
            </li>
          ) : null}
        </ul>
      ) : (
        <p>
          <Link className="button" to="/login">
            {t("nav.login")}
          </Link>
        </p>
      )}
    </section>
  );
}
