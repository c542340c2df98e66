import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createApiToken, DEFAULT_TOKEN_LIFETIME, isTokenLifetime, listApiTokens, revokeApiToken, TOKEN_LIFETIMES } from "~/auth/api-tokens.server";
import { audit } from "~/auth/audit.server";
import { readSessionToken, requireUser } from "~/auth/guard.server";
import { verifyPassword } from "~/auth/password.server";
import { can } from "~/auth/permissions";
import { findUserByEmail, setUserPassword } from "~/auth/users.server";
import { Field, FormMessage, NewPasswordField, SelectField, useSchemaForm } from "~/components/forms";
import { passwordForm, revokeTokenForm, tokenForm } from "~/auth/account-forms";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseForm } from "~/http/forms";
import { getDb } from "~/db/db.server";
import { isAppError } from "~/http/errors";
import { readForm } from "~/http/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const tokens = can(user, "tokens:own") ? await listApiTokens(await getDb(), { userId: user.id }) : null;
  return { user: { name: user.name, email: user.email, role: user.role }, tokens, lifetimes: TOKEN_LIFETIMES, defaultLifetime: DEFAULT_TOKEN_LIFETIME };
}

type Result =
  | { intent: "token-created"; token: string; expiresAt: string }
  | { intent: "token-revoked" }
  | { intent: "password-changed" }
  | { intent: "error"; error: string; form?: "create-token" | "change-password"; result?: SubmissionResult<string[]> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const form = await readForm(request);
  const intent = form.get("intent");
  const reply = (result: Result, status = 200) => data(result, { status });

  if (intent === "create-token" || intent === "revoke-token") {
    if (!can(user, "tokens:own")) return reply({ intent: "error", error: "forbidden" }, 403);
    if (intent === "create-token") {
      const submission = parseForm(form, tokenForm);
      const refuse = (error: string) => reply({ intent: "error", error, form: intent, result: submission.reply() }, 400);
      if (submission.status !== "success") return refuse("invalid_request");
      const { name, days } = submission.value;
      if (!isTokenLifetime(days)) return refuse("invalid_request");
      const { id, token, expiresAt } = await createApiToken(db, { userId: user.id, name, days });
      await audit(db, { userId: user.id, action: "token.create", target: id, detail: { name, days } });
      return reply({ intent: "token-created", token, expiresAt: expiresAt.toISOString() });
    }
    const submission = parseForm(form, revokeTokenForm);
    const revoked = submission.status === "success" && (await revokeApiToken(db, { userId: user.id, id: submission.value.id }));
    if (!revoked) return reply({ intent: "error", error: "not_found" }, 404);
    await audit(db, { userId: user.id, action: "token.revoke", target: submission.value.id });
    return reply({ intent: "token-revoked" });
  }

  if (intent === "change-password") {
    const submission = parseForm(form, passwordForm);
    const refuse = (error: string, status = 400) => reply({ intent: "error", error, form: intent, result: submission.reply({ hideFields: ["current", "next"] }) }, status);
    if (submission.status !== "success") return refuse("invalid_request");
    const account = await findUserByEmail(db, user.email);
    if (!account || !(await verifyPassword(account.passwordHash, submission.value.current))) return refuse("wrong_current_password");
    try {
      await setUserPassword(db, { id: user.id, password: submission.value.next, keepSession: await readSessionToken(request) });
    } catch (error) {
      if (isAppError(error)) return refuse(error.code, error.status);
      throw error;
    }
    await audit(db, { userId: user.id, action: "user.password" });
    return reply({ intent: "password-changed" });
  }
  return reply({ intent: "error", error: "invalid_request" }, 400);
}

export default function Account() {
  const { t, i18n } = useTranslation();
  const { user, tokens, lifetimes, defaultLifetime } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const lastResult = (form: string) => (result?.intent === "error" && result.form === form ? result.result : null);
  // A new token or a changed password resets its form: each is keyed by what the last post did.
  const [tokenFormState, tokenFields] = useSchemaForm(tokenForm, { id: "create-token", lastResult: lastResult("create-token"), defaultValue: { days: defaultLifetime } });
  const [passwordFormState, passwordFields] = useSchemaForm(passwordForm, { id: "change-password", lastResult: lastResult("change-password") });
  const date = (value: string | Date | null) =>
    value ? new Date(value).toLocaleString(i18n.language, { dateStyle: "medium", timeStyle: "short" }) : "—";
  return (
    <section aria-labelledby="account-title" className="stack-lg">
      <h1 id="account-title">{t("account.title")}</h1>
      <dl className="facts">
        <dt>{t("account.name")}</dt>
        <dd>{user.name}</dd>
        <dt>{t("account.email")}</dt>
        <dd>{user.email}</dd>
        <dt>{t("account.role")}</dt>
        <dd>{t(`roles.${user.role}`)}</dd>
      </dl>

      {result?.intent === "error" ? <FormMessage tone="error">{t(`errors.${result.error}`)}</FormMessage> : null}
      {result?.intent === "password-changed" ? <FormMessage tone="success">{t("account.passwordChanged")}</FormMessage> : null}
      {result?.intent === "token-revoked" ? <FormMessage tone="success">{t("account.tokenRevoked")}</FormMessage> : null}

      {tokens ? (
        <section aria-labelledby="tokens-title" className="stack">
          <h2 id="tokens-title">{t("account.tokens")}</h2>
          <p>{t("account.tokensIntro")}</p>
          {result?.intent === "token-created" ? (
            <FormMessage tone="success">
              <p>{t("account.tokenCreated")}</p>
              <p>
                <code className="secret" data-testid="new-token">
                  {result.token}
                </code>
              </p>
              <p>{t("account.tokenExpires", { date: date(result.expiresAt) })}</p>
            </FormMessage>
          ) : null}
          <Form method="post" className="inline-form" {...getFormProps(tokenFormState)}>
            <input type="hidden" name="intent" value="create-token" />
            <Field label={t("account.tokenName")} field={tokenFields.name} required />
            <SelectField
              id="token-days"
              label={t("account.tokenLifetime")}
              name="days"
              field={tokenFields.days}
              options={lifetimes.map((days) => ({ value: String(days), label: t("account.days", { count: days }) }))}
            />
            <button type="submit" className="button">
              {t("account.createToken")}
            </button>
          </Form>
          {tokens.length === 0 ? (
            <p>{t("account.noTokens")}</p>
          ) : (
            <table>
              <caption className="visually-hidden">{t("account.tokens")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("account.tokenName")}</th>
                  <th scope="col">{t("account.tokenPrefix")}</th>
                  <th scope="col">{t("account.created")}</th>
                  <th scope="col">{t("account.lastUsed")}</th>
                  <th scope="col">{t("account.expires")}</th>
                  <th scope="col">{t("account.status")}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>
                      <code>{token.prefix}…</code>
                    </td>
                    <td>{date(token.createdAt)}</td>
                    <td>{date(token.lastUsedAt)}</td>
                    <td>{date(token.expiresAt)}</td>
                    <td>
                      {token.revokedAt ? (
                        t("account.revoked")
                      ) : new Date(token.expiresAt).getTime() <= Date.now() ? (
                        t("account.expired")
                      ) : (
                        <Form method="post">
                          <input type="hidden" name="intent" value="revoke-token" />
                          <input type="hidden" name="id" value={token.id} />
                          <button type="submit" className="button button-secondary" aria-label={t("account.revokeNamed", { name: token.name })}>
                            {t("account.revoke")}
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}

      <section aria-labelledby="password-title" className="stack">
        <h2 id="password-title">{t("account.changePassword")}</h2>
        <p>{t("account.passwordEndsOthers")}</p>
        <Form method="post" className="stack narrow" {...getFormProps(passwordFormState)}>
          <input type="hidden" name="intent" value="change-password" />
          <Field label={t("account.currentPassword")} field={passwordFields.current} type="password" autoComplete="current-password" required />
          <NewPasswordField label={t("account.newPassword")} field={passwordFields.next} />
          <button type="submit" className="button">
            {t("account.savePassword")}
          </button>
        </Form>
      </section>
    </section>
  );
}
