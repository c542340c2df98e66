// The real application under attack: its route handlers, called as Remix
// calls them, on a database of the test's own (PGlite, or PostgreSQL with
// TEST_DATABASE_URL), with the planted survey published through the API.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { call } from "../app";
import { parseCsv } from "../csv";
import { createTestDatabase, type TestDriver } from "../db";
import { createUser } from "~/auth/users.server";
import { saveAntenna, saveSector } from "~/catalogue/catalogue.server";
import type { Db } from "~/db/client.server";
import { DEMO_ANTENNAS, DEMO_SECTORS } from "~/demo/catalogue";
import { localizedLabels, surveyQuestions } from "~/results/questions.server";
import { createShareLink } from "~/results/share-links.server";
import { action as createToken } from "~/routes/api.tokens";
import { action as createSurvey } from "~/routes/api.surveys";
import { action as publish } from "~/routes/api.surveys.$slug.publish";
import { loader as recommendations } from "~/routes/api.surveys.$slug.recommendations";
import { loader as results } from "~/routes/api.surveys.$slug.results";
import { loader as resultsCsv } from "~/routes/surveys.$slug.results[.csv]";
import { getSurveyBySlug } from "~/surveys/surveys.server";
import { networkingTemplate } from "~/surveys/template";
import type { Channel, ReleasedView, Reader } from "./attacks";
import { FIGURES, type Filters, type Person, TARGET_QUESTIONS } from "./plant";

const globalForDb = globalThis as unknown as { __maillageDb?: Promise<unknown> };

/** Opens a database for the driver and makes it the application's own (db.server.ts's singleton). */
export async function useAppDatabase(driver: TestDriver): Promise<{ db: Db; close: () => Promise<void> }> {
  const database = await createTestDatabase(driver);
  for (const antenna of DEMO_ANTENNAS) await saveAntenna(database.db, antenna);
  for (const sector of DEMO_SECTORS) await saveSector(database.db, sector);
  globalForDb.__maillageDb = Promise.resolve({ ...database, demoAdmin: null });
  return {
    db: database.db,
    close: async () => {
      globalForDb.__maillageDb = undefined;
      await database.drop();
    },
  };
}

export type Staff = { headers: Record<string, string>; userId: string };

export async function staffAccount(db: Db, email: string): Promise<Staff> {
  const password = "a staff password for attacks";
  const userId = (await createUser(db, { email, password, name: "Staff", role: "staff" })).id;
  const response = await call(createToken, { method: "POST", json: { email, password, name: "attacks" } });
  const { token } = (await response.json()) as { token: string };
  return { headers: { Authorization: `Bearer ${token}` }, userId };
}

/** Publishes the networking template through the API and plants its members' answers in it. */
export async function plantSurvey(db: Db, { slug, people, staff, access = "public" }: { slug: string; people: Person[]; staff: Staff; access?: "public" | "invitation" }) {
  const { title, definition } = networkingTemplate();
  const created = await call(createSurvey, { method: "POST", json: { slug, title, definition, access }, headers: staff.headers });
  if (created.status !== 201) throw new Error(`survey not created: ${created.status} ${await created.text()}`);
  await call(publish, { method: "POST", params: { slug }, headers: staff.headers });
  const survey = (await getSurveyBySlug(db, { slug }))!;
  const rows = people.map(
    (p) => sql`(${randomUUID()}, ${survey.id}, ${survey.currentVersion}, ${p.locale}, ${p.antenna}, ${p.sector}, ${JSON.stringify(p.answers)}::jsonb, true, ${`${p.month}-15`}::date)`,
  );
  for (let start = 0; start < rows.length; start += 200) {
    await db.execute(sql`insert into responses (id, survey_id, version, locale, antenna, sector, answers, complete, created_on) values ${sql.join(rows.slice(start, start + 200), sql`, `)}`);
  }
  const { token: share } = await createShareLink(db, { surveyId: survey.id, slug, userId: staff.userId, input: { label: "Groupe de travail", expiresOn: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10) } });
  return { survey, share };
}

type ResultsBody = {
  suppressed: boolean;
  n?: number;
  questions?: { name: string; options: { value: string; count: number | null }[]; freeText?: { answers?: string[] } }[];
};

const searchOf = (filters: Filters, extra: Record<string, string> = {}) => {
  const params = new URLSearchParams(extra);
  for (const [name, value] of Object.entries(filters)) if (value !== undefined) params.set(name, value);
  return params.toString() ? `?${params}` : "";
};

function fromJson(body: ResultsBody): ReleasedView {
  if (body.suppressed) return { refused: true, figures: new Map(), texts: null };
  const figures = new Map<string, number | null>([["n", body.n ?? null]]);
  for (const question of body.questions ?? []) {
    if (!(question.name in TARGET_QUESTIONS)) continue;
    for (const option of question.options) figures.set(`${question.name}:${option.value}`, option.count);
  }
  const suggestion = body.questions?.find((question) => question.name === "suggestion")?.freeText;
  return { refused: false, figures, texts: suggestion?.answers ?? null };
}

/** What Maillage releases to a staff member (API, CSV export) and to a share link. */
export class AppReader implements Reader {
  private labels: Promise<Map<string, string>>;
  constructor(
    private readonly db: Db,
    private readonly slug: string,
    private readonly staff: Staff,
    private readonly share: string,
  ) {
    // The CSV speaks labels: the attacker reads them back into values from the survey's own texts.
    this.labels = (async () => {
      const survey = (await getSurveyBySlug(db, { slug }))!;
      const labels = localizedLabels(await surveyQuestions(db, { surveyId: survey.id }), "fr");
      const byText = new Map<string, string>();
      for (const question of Object.keys(TARGET_QUESTIONS)) for (const [value, label] of Object.entries(labels[question]!.choices)) byText.set(`${labels[question]!.title}\u0000${label}`, `${question}:${value}`);
      return byText;
    })();
  }

  async view(filters: Filters, channel: Channel = "api"): Promise<ReleasedView> {
    const slug = this.slug;
    if (channel === "csv") {
      const response = await call(resultsCsv, { path: `/surveys/${slug}/results.csv${searchOf(filters)}`, params: { slug }, headers: this.staff.headers });
      if (response.status === 403) return { refused: true, figures: new Map(), texts: null };
      // Without a language the export is French: ";" between cells.
      const [header, ...lines] = parseCsv((await response.text()).replace(/^\uFEFF/, ""), { delimiter: ";" });
      if (!header) throw new Error("empty CSV");
      const labels = await this.labels;
      const figures = new Map<string, number | null>();
      for (const line of lines) {
        const figure = line[0] === header[0] ? undefined : labels.get(`${line[0]}\u0000${line[2]}`) ?? (line[1] === "" && line[2] === "" ? "n" : undefined);
        if (!figure || !FIGURES.includes(figure)) continue;
        const cell = line[3] ?? "";
        figures.set(figure, /^\d+$/.test(cell) ? Number(cell) : null);
      }
      return { refused: false, figures, texts: null };
    }
    const extra: Record<string, string> = channel === "share" ? { share: this.share } : {};
    const response = await call(results, { path: `/api/surveys/${slug}/results${searchOf(filters, extra)}`, params: { slug }, headers: channel === "share" ? {} : this.staff.headers });
    if (response.status !== 200) throw new Error(`results answered ${response.status}`);
    return fromJson((await response.json()) as ResultsBody);
  }

  async themes(segment: { antenna?: string }): Promise<Map<string, number | null> | null> {
    const slug = this.slug;
    const response = await call(recommendations, { path: `/api/surveys/${slug}/recommendations${searchOf(segment)}`, params: { slug }, headers: this.staff.headers });
    const body = (await response.json()) as { suppressed: boolean; themes: { theme: string; count: number | null }[] };
    if (body.suppressed) return null;
    return new Map(body.themes.map((theme) => [theme.theme, theme.count]));
  }
}
