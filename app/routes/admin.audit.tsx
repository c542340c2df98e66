import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listAudit } from "~/auth/audit.server";
import { requireUser } from "~/auth/guard.server";
import { listUsers } from "~/auth/users.server";
import { getDb } from "~/db/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "audit:read");
  const db = await getDb();
  const [entries, users] = await Promise.all([listAudit(db), listUsers(db)]);
  const emails = new Map(users.map((u) => [u.id, u.email]));
  return {
    entries: entries.map((e) => ({ ...e, who: e.userId ? (emails.get(e.userId) ?? "—") : "—" })),
  };
}

export default function AdminAudit() {
  const { t, i18n } = useTranslation();
  const { entries } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="audit-title" className="stack">
      <h1 id="audit-title">{t("admin.audit")}</h1>
      {entries.length === 0 ? (
        <p>{t("admin.auditEmpty")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.when")}</th>
              <th scope="col">{t("admin.who")}</th>
              <th scope="col">{t("admin.what")}</th>
              <th scope="col">{t("admin.target")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{new Date(entry.at).toLocaleString(i18n.language)}</td>
                <td>{entry.who}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>{entry.target ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
