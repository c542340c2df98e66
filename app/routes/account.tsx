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
import { Field, FormMessage, SelectField } from "~/components/forms";
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
  | { intent: "error"; error: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const form = await readForm(request);
  const intent = form.get("intent");
  const reply = (result: Result, status = 200) => data(result, { status });

  if (intent === "create-token" || intent === "revoke-token") {
    if (!can(user, "tokens:own")) return reply({ intent: "error", error: "forbidden" }, 403);
    if (intent === "create-token") {
      const name = String(form.get("name") ?? "").trim();
      if (!name || name.length > 100) return reply({ intent: "error", error: "token_name_required" }, 400);
      const days = Number(form.get("days") ?? DEFAULT_TOKEN_LIFETIME);
      if (!isTokenLifetime(days)) return reply({ intent: "error", error: "invalid_request" }, 400);
      const { id, token, expiresAt } = await createApiToken(db, { userId: user.id, name, days });
      await audit(db, { userId: user.id, action: "token.create", target: id, detail: { name, days } });
      return reply({ intent: "token-created", token, expiresAt: expiresAt.toISOString() });
    }
    const id = String(form.get("id") ?? "");
    const revoked = /^[0-9a-f-]{36}$/i.test(id) && (await revokeApiToken(db, { userId: user.id, id }));
    if (!revoked) return reply({ intent: "error", error: "not_found" }, 404);
    await audit(db, { userId: user.id, action: "token.revoke", target: id });
    return reply({ intent: "token-revoked" });
  }

  if (intent === "change-password") {
    const current = String(form.get("current") ?? "");
    const next = String(form.get("next") ?? "");
    const account = await findUserByEmail(db, user.email);
    if (!account || !(await verifyPassword(account.passwordHash, current))) {
      return reply({ intent: "error", error: "wrong_current_password" }, 400);
    }
    try {
      await setUserPassword(db, { id: user.id, password: next, keepSession: await readSessionToken(request) });
    } catch (error) {
      if (isAppError(error)) return reply({ intent: "error", error: error.code }, error.status);
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
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="create-token" />
            <Field label={t("account.tokenName")} name="name" required maxLength={100} />
            <SelectField
              id="token-days"
              label={t("account.tokenLifetime")}
              name="days"
              defaultValue={String(defaultLifetime)}
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
        <Form method="post" className="stack narrow">
          <input type="hidden" name="intent" value="change-password" />
          <Field label={t("account.currentPassword")} name="current" type="password" autoComplete="current-password" required />
          <Field
            label={t("account.newPassword")}
            hint={t("account.passwordRules")}
            name="next"
            type="password"
            autoComplete="new-password"
            minLength={8}
            maxLength={128}
            required
          />
          <button type="submit" className="button">
            {t("account.savePassword")}
          </button>
        </Form>
      </section>
    </section>
  );
}
