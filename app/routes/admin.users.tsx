import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { audit } from "~/auth/audit.server";
import { requireUser } from "~/auth/guard.server";
import { createUser, eraseUser, listUsers, newUserSchema, setUserDisabled, setUserRole, userChangeSchema } from "~/auth/users.server";
import { Field, FormMessage } from "~/components/forms";
import { getDb } from "~/db/db.server";
import { ROLES } from "~/db/values";
import { zodFields } from "~/http/api.server";
import { isAppError } from "~/http/errors";
import { readForm } from "~/http/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireUser(request, "users:manage");
  return { users: await listUsers(await getDb()), me: me.id };
}

type Result = { ok: string; created?: string } | { error: string; fields?: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireUser(request, "users:manage");
  const db = await getDb();
  const form = Object.fromEntries(await readForm(request));
  const reply = (result: Result, status = 200) => data(result, { status });
  try {
    if (form.intent === "create") {
      const parsed = newUserSchema.safeParse(form);
      if (!parsed.success) return reply({ error: "invalid_request", fields: zodFields(parsed.error) }, 400);
      const user = await createUser(db, parsed.data);
      await audit(db, { userId: me.id, action: "user.create", target: user.id, detail: { email: user.email, role: user.role } });
      return reply({ ok: "user_created", created: user.id });
    }
    const parsed = userChangeSchema.safeParse(form);
    if (!parsed.success) return reply({ error: "invalid_request" }, 400);
    const { id, role, disabled } = parsed.data;
    if (form.intent === "role" && role) {
      await setUserRole(db, { id, role });
      await audit(db, { userId: me.id, action: "user.role", target: id, detail: { role } });
      return reply({ ok: "user_updated" });
    }
    if (form.intent === "erase") {
      if (form.confirm !== "on") return reply({ error: "confirm_erase" }, 400);
      await eraseUser(db, { userId: id, byUserId: me.id });
      await audit(db, { userId: me.id, action: "user.erase", target: id });
      return reply({ ok: "user_erased" });
    }
    if (form.intent === "disable" && disabled) {
      await setUserDisabled(db, { id, disabled: disabled === "1" });
      await audit(db, { userId: me.id, action: disabled === "1" ? "user.disable" : "user.enable", target: id });
      return reply({ ok: "user_updated" });
    }
    return reply({ error: "invalid_request" }, 400);
  } catch (error) {
    if (isAppError(error)) return reply({ error: error.code, fields: error.fields }, error.status);
    throw error;
  }
}

export default function AdminUsers() {
  const { t } = useTranslation();
  const { users, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const fields = result && "fields" in result ? (result.fields ?? {}) : {};
  const fieldError = (name: string) => (fields[name] ? t(`errors.${fields[name]}`) : null);
  return (
    <section aria-labelledby="users-title" className="stack-lg">
      <h1 id="users-title">{t("admin.users")}</h1>
      {result && "error" in result ? <FormMessage tone="error">{t(`errors.${result.error}`)}</FormMessage> : null}
      {result && "ok" in result ? <FormMessage tone="success">{t(`admin.${result.ok}`)}</FormMessage> : null}
      <table>
        <caption className="visually-hidden">{t("admin.users")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("account.name")}</th>
            <th scope="col">{t("account.email")}</th>
            <th scope="col">{t("account.role")}</th>
            <th scope="col">{t("account.status")}</th>
            <th scope="col">{t("admin.personalData")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>{user.name}</td>
              <td>{user.email}</td>
              <td>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="role" />
                  <input type="hidden" name="id" value={user.id} />
                  <label className="visually-hidden" htmlFor={`role-${user.id}`}>
                    {t("admin.roleOf", { name: user.name })}
                  </label>
                  <select id={`role-${user.id}`} name="role" defaultValue={user.role}>
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {t(`roles.${role}`)}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="button button-secondary">
                    {t("admin.save")}
                  </button>
                </Form>
              </td>
              <td>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="disable" />
                  <input type="hidden" name="id" value={user.id} />
                  <input type="hidden" name="disabled" value={user.disabled ? "0" : "1"} />
                  <span>{user.disabled ? t("admin.disabled") : t("admin.active")}</span>
                  {user.id === me ? null : (
                    <button type="submit" className="button button-secondary">
                      {user.disabled ? t("admin.enable") : t("admin.disable")}
                      <span className="visually-hidden"> {user.email}</span>
                    </button>
                  )}
                </Form>
              </td>
              <td>
                <a href={`/admin/users/${user.id}/export.json`} download>
                  {t("admin.exportData")}
                  <span className="visually-hidden"> {user.email}</span>
                </a>
                {user.id === me ? null : (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="erase" />
                    <input type="hidden" name="id" value={user.id} />
                    <label className="choice">
                      <input type="checkbox" name="confirm" required />
                      <span>{t("admin.confirmErase", { email: user.email })}</span>
                    </label>
                    <button type="submit" className="button button-secondary">
                      {t("admin.erase")}
                      <span className="visually-hidden"> {user.email}</span>
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <section aria-labelledby="new-user-title" className="stack narrow">
        <h2 id="new-user-title">{t("admin.newUser")}</h2>
        {/* A new form once an account is made: its name, address and password are not left for the next one. */}
        <Form method="post" className="stack" key={result && "created" in result ? result.created : "new"}>
          <input type="hidden" name="intent" value="create" />
          <Field label={t("account.name")} name="name" required maxLength={100} error={fieldError("name")} />
          <Field label={t("account.email")} name="email" type="email" required error={fieldError("email")} />
          <div className="field">
            <label htmlFor="new-role">{t("account.role")}</label>
            <select id="new-role" name="role" defaultValue="staff">
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`roles.${role}`)}
                </option>
              ))}
            </select>
          </div>
          <Field
            label={t("admin.initialPassword")}
            hint={t("account.passwordRules")}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            maxLength={128}
            error={fieldError("password")}
          />
          <button type="submit" className="button">
            {t("admin.createUser")}
          </button>
        </Form>
      </section>
    </section>
  );
}
