import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { auditQuery } from "~/auth/audit-query";
import { AUDIT_ACTIONS } from "~/auth/audit-actions";
import { readAuditLog } from "~/auth/audit.server";
import { requireUser } from "~/auth/guard.server";
import { listUsers } from "~/auth/users.server";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { getDb } from "~/db/db.server";
import { getLocale } from "~/i18n/i18n.server";
import { COOPERATIVE_TIME_ZONE } from "~/surveys/dates";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "audit:read");
  const db = await getDb();
  const locale = await getLocale(request);
  const query = auditQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const filter = query.success ? query.data : {};
  const [entries, users] = await Promise.all([readAuditLog(db, { filter, locale }), listUsers(db)]);
  return data(
    { entries, filter, invalid: !query.success, people: users.map((user) => ({ id: user.id, name: user.name })) },
    { status: query.success ? 200 : 400 },
  );
}

export default function AdminAudit() {
  const { t, i18n } = useTranslation();
  const { entries, filter, invalid, people } = useLoaderData<typeof loader>();
  const actions = Object.keys(AUDIT_ACTIONS).map((action) => ({ value: action, label: t(`audit.actions.${action}`) }));
  return (
    <section aria-labelledby="audit-title" className="stack">
      <h1 id="audit-title">{t("admin.audit")}</h1>
      <Form method="get" className="inline-form" aria-label={t("audit.filters")}>
        <SelectField id="audit-user" label={t("admin.who")} name="user" emptyLabel={t("audit.everyone")} defaultValue={filter.userId ?? ""} options={people.map((person) => ({ value: person.id, label: person.name }))} />
        <SelectField id="audit-action" label={t("admin.what")} name="action" emptyLabel={t("audit.everyAction")} defaultValue={filter.action ?? ""} options={actions} />
        <Field label={t("audit.from")} name="from" type="date" defaultValue={filter.from ?? ""} />
        <Field label={t("audit.to")} name="to" type="date" defaultValue={filter.to ?? ""} />
        <button type="submit" className="button">
          {t("audit.filter")}
        </button>
      </Form>
      {invalid ? <FormMessage tone="error">{t("errors.invalid_request")}</FormMessage> : null}
      {entries.length === 0 ? (
        <p>{t("admin.auditEmpty")}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t("admin.audit")}</caption>
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
                <td>{new Date(entry.at).toLocaleString(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone: COOPERATIVE_TIME_ZONE })}</td>
                <td>{entry.who ?? t("audit.nobody")}</td>
                <td>{t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}</td>
                <td>{entry.target ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
