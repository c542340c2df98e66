import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/guard.server";
import { getDb } from "~/db/db.server";
import { getLocale } from "~/i18n/i18n.server";
import { toAppError } from "~/http/api.server";
import { AppError } from "~/http/errors";
import { resultsError } from "~/results/export.server";
import { apiCrossTable, questionSpecs, surveyQuestions } from "~/results/questions.server";
import { figuresOf, getResults } from "~/results/results.server";
import { parseView, resolveSharedSurvey } from "~/results/share-links.server";
import { getSurveyBySlug } from "~/surveys/surveys.server";

// GET /api/surveys/:slug/results?antenna=&sector=&locale=&from=&to=&by=
// (`by=<question>` adds `crossTable`: the view cut by the answers to that choice question)
// Staff and readers by session or bearer token, or a working group by `share=<token>`
// (then within the link's antenna or sector).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  try {
    const db = await getDb();
    const url = new URL(request.url);
    const token = url.searchParams.get("share");
    const shared = token ? await resolveSharedSurvey(db, { token }) : null;
    if (token && !shared) throw new AppError(403, "share_link_invalid");
    if (!shared) await requireApiUser(request, "results:read");
    const survey = shared ? shared.survey : await getSurveyBySlug(db, { slug: params.slug ?? "" });
    if (!survey || survey.slug !== params.slug) throw new AppError(404, "not_found");
    const { filters } = parseView(url.searchParams, shared?.link ?? {});
    const questions = questionSpecs(await surveyQuestions(db, { surveyId: survey.id }));
    // `received` (the exact count so far) is for staff and readers, never for a share link.
    const crossTable = await apiCrossTable(db, { survey, params: url.searchParams, filters });
    const results = await getResults(db, { ...figuresOf(survey), questions, filters, withReceived: !shared });
    return Response.json(crossTable && !results.suppressed ? { ...results, crossTable } : results, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof Response) throw error;
    return resultsError(toAppError(error), locale);
  }
}
