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
import { Field, FormMessage } from "~/components/forms";
import { getDb } from "~/db/db.server";
import { isAppError } from "~/http/errors";
import { safeRedirect } from "~/http/safe-redirect";
import { formatWait } from "~/i18n/wait";
import { readForm } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "Maillage" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const email = String(form.get("email") ?? "");
  const password = String(form.get("password") ?? "");
  if (!email.trim() || !password) return data({ error: "missing_credentials", wait: 0, email }, { status: 400 });
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
    return redirect(safeRedirect(form.get("redirectTo")), { headers });
  } catch (error) {
    if (!isAppError(error)) throw error;
    const wait = Number(error.headers?.["Retry-After"] ?? 0);
    return data({ error: error.code, wait, email }, { status: error.status, headers: error.headers });
  }
}

export default function Login() {
  const { t, i18n } = useTranslation();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
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
      <Form method="post" className="stack">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <Field
          label={t("login.email")}
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={result?.email}
        />
        <Field label={t("login.password")} name="password" type="password" autoComplete="current-password" required />
        <button type="submit" className="button" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
    </section>
  );
}
