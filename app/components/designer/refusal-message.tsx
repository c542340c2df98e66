import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";

type RefusalError = { code: string; field?: string; value?: string; references?: string[]; message?: string };
type Problem = { code: string; path?: string; locale?: string; value?: string; role?: string; type?: string; limit?: number; message?: string };

/** A designer error in words, with what it concerns (a value, the questions that refer to it). */
export function errorText(t: TFunction<"designer">, error: RefusalError): string {
  return t(`errors.${error.code}`, {
    defaultValue: t("errors.invalid_request"),
    value: error.value ?? "",
    references: (error.references ?? []).join(", "),
    message: error.message ?? "",
  });
}

/** Why a form was refused, with the definition check's own problems listed. */
export function RefusalMessage({ error, problems }: { error: RefusalError; problems: Problem[] }) {
  const { t } = useTranslation("designer");
  return (
    <FormMessage tone="error">
      <p>{errorText(t, error)}</p>
      {error.message && error.code !== "invalid_expression" ? <p>{error.message}</p> : null}
      {problems.length > 0 ? (
        <ul className="problems">
          {problems.map((problem, index) => (
            <li key={index}>
              {t(`surveys:definition.problem.${problem.code}`, {
                defaultValue: problem.code,
                path: problem.path ?? "",
                value: problem.value ?? "",
                role: problem.role ?? "",
                type: problem.type ?? "",
                limit: problem.limit ?? "",
                message: problem.message ?? "",
              })}
            </li>
          ))}
        </ul>
      ) : null}
    </FormMessage>
  );
}
