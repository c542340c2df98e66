// Counts of one view, read in PostgreSQL: the rows never reach Node, only
// counts per question and answer do, each with the sum of its respondents'
// record keys (the cell key, docs/decisions/009). A view reads the summary
// response_counts when its figures are the latest release's, else it counts
// its members of the release it shows, the way the summary would. Runs the
// same on PGlite and postgres.js.
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "~/db/client.server";
import { countResponses, type CountRow, type ReleaseState } from "~/responses/release.server";
import { type ViewRelease, viewRelease } from "./batches";
import { addKeyed, type KeyedCount, NO_ONE, RECORD_KEY_RANGE } from "./cell-key";

export type QuestionType = "single" | "multiple" | "rating" | "ranking" | "matrix" | "boolean" | "text" | "number";

/** A band of a number question: lower bound included, upper bound excluded (null: open). */
export type NumberBand = { from: number | null; to: number | null };

/** What aggregation needs of a question, whichever version defined it. */
export type QuestionSpec = {
  name: string;
  type: QuestionType;
  choices?: string[];
  rows?: string[];
  columns?: string[];
  /** Single or multiple choice with an "other" item whose text is in `<name>-Comment`. */
  hasOther?: boolean;
  /** Number questions: the bands their answers are counted in. */
  bands?: NumberBand[];
};

export type ResultFilters = {
  antenna?: string;
  sector?: string;
  locale?: string;
  /** ISO dates (YYYY-MM-DD), inclusive, of whole months, on the day the response was started. */
  from?: string;
  to?: string;
  /** Respondents who gave this answer to a choice question (a column of a cross-table). */
  answer?: AnswerFilter;
};

/** One answer of a choice question: its value, or one of the values ticked. */
type AnswerFilter = { question: string; value: string };

export const isWholeSurvey = (filters: ResultFilters) => Object.values(filters).every((value) => value === undefined);

export type QuestionTally = {
  answered: KeyedCount;
  /** Choice, yes/no and rating: value → respondents; number: each value given → respondents. */
  options: Map<string, KeyedCount>;
  /** Ranking: item → position (1 = first) → respondents. */
  ranks: Map<string, Map<number, KeyedCount>>;
  /** Matrix: row → column → respondents. */
  cells: Map<string, Map<string, KeyedCount>>;
};

export type ViewTally = { respondents: KeyedCount; questions: Map<string, QuestionTally> };

/** The segment filters, on rows aliased r (responses and response_counts both have these columns). */
function segmentConditions(filters: ResultFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.antenna !== undefined) conditions.push(sql`r.antenna = ${filters.antenna}`);
  if (filters.sector !== undefined) conditions.push(sql`r.sector = ${filters.sector}`);
  if (filters.locale !== undefined) conditions.push(sql`r.locale = ${filters.locale}`);
  return conditions;
}

/**
 * The view's responses among a survey's rows (aliased r), released up to
 * `release`. Only complete responses are ever released, so the condition on
 * the release alone lets an antenna or sector view be counted from the index.
 */
function releasedMembers({ surveyId, filters, release }: { surveyId: string; filters: ResultFilters; release?: number }): SQL {
  const conditions = [sql`r.survey_id = ${surveyId}`, sql`r.released_in is not null`, ...segmentConditions(filters)];
  if (release !== undefined) conditions.push(sql`r.released_in <= ${release}`);
  if (filters.from !== undefined) conditions.push(sql`r.created_on >= ${filters.from}::date`);
  if (filters.to !== undefined) conditions.push(sql`r.created_on <= ${filters.to}::date`);
  if (filters.answer !== undefined) conditions.push(answerCondition(filters.answer));
  return sql.join(conditions, sql` and `);
}

/** A response gave this answer: the value itself (a single choice, yes/no) or among the values ticked, compared as text as the summary keeps them. */
function answerCondition({ question, value }: AnswerFilter): SQL {
  const answer = sql`r.answers -> ${question}::text`;
  return sql`(case jsonb_typeof(${answer})
    when 'array' then exists (select 1 from jsonb_array_elements_text(${answer}) as e(item) where e.item = ${value}::text)
    when 'object' then false
    else ${answer} #>> '{}' = ${value}::text end)`;
}

/**
 * The release whose figures this view shows (results/batches.ts): the whole
 * survey moves with every release (each brings at least a batch), a narrower
 * view once at least minGroupSize of its own members arrived.
 */
export async function viewReleasePoint(
  db: Db,
  { surveyId, filters, state, minGroupSize }: { surveyId: string; filters: ResultFilters; state: ReleaseState; minGroupSize: number },
): Promise<{ release: number; current: boolean }> {
  if (isWholeSurvey(filters) || state.current === 0) return { release: state.current, current: true };
  const rows = await queryRows<{ number: number; count: number }>(
    db,
    sql`select r.released_in as number, count(*)::int as count from responses r where ${releasedMembers({ surveyId, filters })} group by r.released_in`,
  );
  const counts = new Map(rows.map((row) => [Number(row.number), Number(row.count)]));
  const releases: ViewRelease[] = state.releases.map(({ number, closing }) => ({ number, closing, count: counts.get(number) ?? 0 }));
  return viewRelease({ releases, minGroupSize });
}

/** The view's counts at the release it shows, with their key sums. */
async function viewCounts(
  db: Db,
  { surveyId, filters, point }: { surveyId: string; filters: ResultFilters; point: { release: number; current: boolean } },
): Promise<CountRow[]> {
  if (point.release === 0) return [];
  // The summary has no counts per answer: a view of those who gave one is counted from its members' rows,
  // the way the summary would count them, at the release it shows.
  if (filters.answer !== undefined) return countResponses(db, { surveyId, where: releasedMembers({ surveyId, filters, release: point.release }) });
  const conditions = [sql`r.survey_id = ${surveyId}`, ...segmentConditions(filters)];
  if (filters.from !== undefined) conditions.push(sql`r.month >= date_trunc('month', ${filters.from}::date)::date`);
  if (filters.to !== undefined) conditions.push(sql`r.month <= ${filters.to}::date`);
  const summary = await queryRows<CountRow>(
    db,
    sql`select r.question, r.kind, r.key, r.value, sum(r.count)::int as count, (sum(r.key_sum) % ${RECORD_KEY_RANGE})::int as key_sum
      from response_counts r where ${sql.join(conditions, sql` and `)}
      group by r.question, r.kind, r.key, r.value`,
  );
  if (point.current) return summary;
  // A view waiting for its batch: the summary holds fewer than k members it does not show yet
  // (results/batches.ts), counted here from their rows and taken away.
  const waiting = await countResponses(db, { surveyId, where: sql`${releasedMembers({ surveyId, filters })} and r.released_in > ${point.release}` });
  const rowKey = (row: CountRow) => `${row.question}\u0000${row.kind}\u0000${row.key}\u0000${row.value}`;
  const shown = new Map(summary.map((row) => [rowKey(row), { ...row, count: Number(row.count), key_sum: Number(row.key_sum) }]));
  for (const row of waiting) {
    const kept = shown.get(rowKey(row));
    if (!kept) throw new Error("a waiting member's count is missing from the summary");
    kept.count -= Number(row.count);
    kept.key_sum = (kept.key_sum - Number(row.key_sum) + RECORD_KEY_RANGE) % RECORD_KEY_RANGE;
  }
  return [...shown.values()].filter((row) => row.count > 0);
}

const OPTION_TYPES: QuestionType[] = ["single", "multiple", "boolean", "rating"];

const emptyQuestion = (): QuestionTally => ({ answered: NO_ONE, options: new Map(), ranks: new Map(), cells: new Map() });

const add = <K>(map: Map<K, KeyedCount>, key: K, count: KeyedCount) => map.set(key, addKeyed(map.get(key) ?? NO_ONE, count));

/**
 * The counts of one view, each question read with the kinds of counts its
 * type takes: the summary counts answers by the shape of their JSON value.
 */
export async function tallyView(
  db: Db,
  { surveyId, questions, filters, point }: { surveyId: string; questions: QuestionSpec[]; filters: ResultFilters; point: { release: number; current: boolean } },
): Promise<ViewTally> {
  const types = new Map<string, QuestionType>();
  // Comment keys are read as text questions: only whether they were answered is counted.
  for (const question of questions) if (question.hasOther) types.set(`${question.name}-Comment`, "text");
  for (const question of questions) types.set(question.name, question.type);
  const view: ViewTally = { respondents: NO_ONE, questions: new Map() };
  for (const row of await viewCounts(db, { surveyId, filters, point })) {
    const count: KeyedCount = { count: Number(row.count), keySum: Number(row.key_sum) };
    if (row.kind === "respondents") {
      view.respondents = addKeyed(view.respondents, count);
      continue;
    }
    const type = types.get(row.question);
    if (type === undefined) continue;
    let question = view.questions.get(row.question);
    if (!question) view.questions.set(row.question, (question = emptyQuestion()));
    switch (row.kind) {
      // Answers given as free text count for a text question, the others for any other type.
      case "answered":
        if (type !== "text") question.answered = addKeyed(question.answered, count);
        break;
      case "written":
        if (type === "text") question.answered = addKeyed(question.answered, count);
        break;
      case "scalar":
        if (OPTION_TYPES.includes(type) || type === "number") add(question.options, row.value, count);
        break;
      case "element":
        if (OPTION_TYPES.includes(type)) add(question.options, row.value, count);
        else if (type === "ranking" && /^\d+$/.test(row.key)) {
          let positions = question.ranks.get(row.value);
          if (!positions) question.ranks.set(row.value, (positions = new Map()));
          add(positions, Number(row.key), count);
        }
        break;
      case "cell":
        if (type === "matrix") {
          let cells = question.cells.get(row.key);
          if (!cells) question.cells.set(row.key, (cells = new Map()));
          add(cells, row.value, count);
        }
        break;
    }
  }
  return view;
}

export type FreeTextAnswer = { question: string; text: string; recordKey: number };

/**
 * The free-text answers of the whole survey's released responses, at most
 * `limit` per question, in the order of their random record keys (nothing
 * about when they came): text questions, read only from the versions that
 * asked them as text, and the "other" texts of choice questions
 * (`<name>-Comment`). Call it only where the privacy rule shows texts; the
 * record keys are for the keyword counts and never leave the server.
 */
export async function listFreeText({
  db,
  surveyId,
  questions,
  limit,
}: {
  db: Db;
  surveyId: string;
  questions: QuestionSpec[];
  limit: number;
}): Promise<FreeTextAnswer[]> {
  const keys = questions.flatMap((question) => {
    if (question.type === "text") return [{ question: question.name, key: question.name, anyVersion: false }];
    if (question.hasOther) return [{ question: question.name, key: `${question.name}-Comment`, anyVersion: true }];
    return [];
  });
  if (!keys.length) return [];
  const where = releasedMembers({ surveyId, filters: {} });
  // One query per key, in record-key order with a limit: responses_released_key_idx serves it.
  const perKey = keys.map(
    ({ question, key, anyVersion }) => sql`(
      select ${question}::text as question, r.answers ->> ${key}::text as text, r.record_key, r.id
      from responses r
      where ${where} and not r.withdrawn and r.answers ? ${key}::text and r.answers ->> ${key}::text <> ''
        ${anyVersion ? sql`` : sql`and r.version in (select version from free_text_versions where name = ${key}::text)`}
      order by r.record_key, r.id
      limit ${limit}
    )`,
  );
  const rows = await queryRows<{ question: string; text: string; record_key: number }>(
    db,
    sql`with free_text_versions as (
      select distinct v.version, q.name #>> '{}' as name
      from survey_versions v, jsonb_path_query(v.definition, 'strict $.** ? (@.type == "text" || @.type == "comment").name') as q(name)
      where v.survey_id = ${surveyId}
    )
    select question, text, record_key from (${sql.join(perKey, sql` union all `)}) t order by question, record_key, id`,
  );
  return rows.map((row) => ({ question: row.question, text: row.text, recordKey: Number(row.record_key) }));
}
