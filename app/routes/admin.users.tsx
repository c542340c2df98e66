import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { audit } from "~/auth/audit.server";
import { requireUser } from "~/auth/guard.server";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { newUserForm, passwordResetForm, userChangeForm } from "~/auth/account-forms";
import { createUser, eraseUser, listUsers, setUserDisabled, setUserPassword, setUserRole } from "~/auth/users.server";
import { Field, FormMessage, NewPasswordField, SelectField, useSchemaForm } from "~/components/forms";
import { parseForm } from "~/http/forms";
import { getDb } from "~/db/db.server";
import { ROLES } from "~/db/values";
import { isAppError } from "~/http/errors";
import { readForm, refuseForm } from "~/http/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireUser(request, "users:manage");
  return { users: await listUsers(await getDb()), me: me.id };
}

type Result = { ok: string; created?: string } | { error: string; result?: SubmissionResult<string[]> };

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireUser(request, "users:manage");
  const db = await getDb();
  const form = await readForm(request);
  const intent = form.get("intent");
  const reply = (result: Result, status = 200) => data(result, { status });
  if (intent === "create") {
    const submission = parseForm(form, newUserForm);
    const hideFields = ["password"];
    if (submission.status !== "success") return refuseForm(submission, { hideFields });
    try {
      const user = await createUser(db, submission.value);
      await audit(db, { userId: me.id, action: "user.create", target: user.id, detail: { email: user.email, role: user.role } });
      return reply({ ok: "user_created", created: user.id });
    } catch (error) {
      if (isAppError(error)) return refuseForm(submission, { error: error.code, fields: error.fields, status: error.status, hideFields });
      throw error;
    }
  }
  if (intent === "reset-password") {
    const submission = parseForm(form, passwordResetForm);
    const hideFields = ["password"];
    if (submission.status !== "success") return refuseForm(submission, { hideFields });
    const { id, password } = submission.value;
    if (id === me.id) return reply({ error: "invalid_request" }, 400);
    try {
      // Every session of theirs ends and every token is revoked: whoever knew the old password is out.
      await setUserPassword(db, { id, password });
    } catch (error) {
      if (isAppError(error)) return refuseForm(submission, { error: error.code, fields: error.fields, status: error.status, hideFields });
      throw error;
    }
    await audit(db, { userId: me.id, action: "user.password-reset", target: id });
    return reply({ ok: "password_reset" });
  }
  const submission = parseForm(form, userChangeForm);
  if (submission.status !== "success") return reply({ error: "invalid_request" }, 400);
  const { id, role, disabled, confirm } = submission.value;
  try {
    if (intent === "role" && role) {
      await setUserRole(db, { id, role });
      await audit(db, { userId: me.id, action: "user.role", target: id, detail: { role } });
      return reply({ ok: "user_updated" });
    }
    if (intent === "erase") {
      if (!confirm) return reply({ error: "confirm_erase" }, 400);
      await eraseUser(db, { userId: id, byUserId: me.id });
      await audit(db, { userId: me.id, action: "user.erase", target: id });
      return reply({ ok: "user_erased" });
    }
    if (intent === "disable" && disabled) {
      await setUserDisabled(db, { id, disabled: disabled === "1" });
      await audit(db, { userId: me.id, action: disabled === "1" ? "user.disable" : "user.enable", target: id });
      return reply({ ok: "user_updated" });
    }
    return reply({ error: "invalid_request" }, 400);
  } catch (error) {
    if (isAppError(error)) return reply({ error: error.code }, error.status);
    throw error;
  }
}

export default function AdminUsers() {
  const { t } = useTranslation();
  const { users, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // A refused form comes back to the one it was: a user's row (its posted id) or the new-user form.
  const resultFor = (id: string | null) => {
    const refused = result && "result" in result ? result.result : undefined;
    const posted = (refused?.initialValue as { id?: unknown } | null | undefined)?.id ?? null;
    return refused && posted === id ? refused : null;
  };
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
                {user.id === me ? null : <PasswordReset user={user} lastResult={resultFor(user.id)} />}
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
        <NewUserForm key={result && "created" in result ? result.created : "new"} lastResult={resultFor(null)} />
      </section>
    </section>
  );
}

function NewUserForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(newUserForm, { id: "new-user", lastResult, defaultValue: { role: "staff" } });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="create" />
      <Field label={t("account.name")} field={fields.name} required />
      <Field label={t("account.email")} field={fields.email} type="email" required />
      <SelectField id="new-role" label={t("account.role")} name="role" field={fields.role} options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
      <NewPasswordField label={t("admin.initialPassword")} field={fields.password} />
      <button type="submit" className="button">
        {t("admin.createUser")}
      </button>
    </Form>
  );
}

/** An admin sets a new password for someone who lost theirs; the page says what it ends. */
function PasswordReset({ user, lastResult }: { user: { id: string; name: string; email: string }; lastResult?: SubmissionResult<string[]> | null }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(passwordResetForm, { id: `reset-${user.id}`, lastResult, defaultValue: { id: user.id } });
  return (
    <details className="password-reset" open={form.status === "error"}>
      <summary>
        {t("admin.resetPassword")}
        <span className="visually-hidden"> {user.email}</span>
      </summary>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="reset-password" />
        <input type="hidden" name="id" value={user.id} />
        <p className="hint">{t("admin.resetEnds")}</p>
        <NewPasswordField label={t("admin.newPasswordFor", { name: user.name })} field={fields.password} />
        <button type="submit" className="button button-secondary">
          {t("admin.resetSubmit")}
        </button>
      </Form>
    </details>
  );
}
