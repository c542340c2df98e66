import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  getCurrentUser,
  readSessionToken,
  readTrustedDevice,
  serializeSessionCookie,
  serializeTrustedDevice,
} from "~/auth/guard.server";
import { attemptLogin } from "~/auth/login.server";
import { createSession, endSession } from "~/auth/sessions.server";
import { Field, FormMessage, useSchemaForm } from "~/components/forms";
import { getDb } from "~/db/db.server";
import { isAppError } from "~/http/errors";
import { safeRedirect } from "~/http/safe-redirect";
import { formatWait } from "~/i18n/wait";
import { parseForm } from "~/http/forms";
import { readForm } from "~/http/forms.server";
import { loginForm } from "~/auth/account-forms";
import { getFormProps } from "@conform-to/react";

export const meta: MetaFunction = () => [{ title: "Maillage" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseForm(await readForm(request), loginForm);
  const refuse = (error: string, status: number, headers?: Record<string, string>) =>
    data({ error, wait: Number(headers?.["Retry-After"] ?? 0), result: submission.reply({ hideFields: ["password"] }) }, { status, headers });
  if (submission.status !== "success") return refuse("missing_credentials", 400);
  const { email, password, redirectTo } = submission.value;
  const db = await getDb();
  try {
    const user = await attemptLogin(db, {
      email,
      password,
      address: String(context.clientAddress ?? "unknown"),
      trustedUserIds: await readTrustedDevice(request),
    });
    // A new session id at every login: a planted or stolen pre-login id is useless.
    const previous = await readSessionToken(request);
    if (previous) await endSession(db, { token: previous });
    const token = await createSession(db, { userId: user.id });
    const headers = new Headers();
    headers.append("Set-Cookie", await serializeSessionCookie(token));
    headers.append("Set-Cookie", await serializeTrustedDevice(request, user.id));
    return redirect(safeRedirect(redirectTo), { headers });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return refuse(error.code, error.status, error.headers);
  }
}

export default function Login() {
  const { t, i18n } = useTranslation();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useSchemaForm(loginForm, { id: "login", lastResult: result?.result, defaultValue: { redirectTo: params.get("redirectTo") ?? "/" } });
  const busy = useNavigation().state === "submitting";
  return (
    <section className="narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <p>{t("login.intro")}</p>
      {result?.error ? (
        <FormMessage tone="error">
          {t(`errors.${result.error}`, { wait: formatWait(i18n.language, result.wait ?? 0) })}
        </FormMessage>
      ) : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" defaultValue={typeof fields.redirectTo.initialValue === "string" ? fields.redirectTo.initialValue : "/"} />
        <Field label={t("login.email")} field={fields.email} type="email" autoComplete="username" required />
        <Field label={t("login.password")} field={fields.password} type="password" autoComplete="current-password" required />
        <button type="submit" className="button" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
    </section>
  );
}
