// Aggregation of responses.answers in PostgreSQL: the rows never reach Node,
// only counts per question, option and segment do, so the payload grows with
// the questions, not with the responses. Runs the same on PGlite and postgres.js.
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "~/db/client.server";

export type QuestionType = "single" | "multiple" | "rating" | "ranking" | "matrix" | "boolean" | "text" | "number";

/** What aggregation needs of a question, whichever version defined it. */
export type QuestionSpec = {
  name: string;
  type: QuestionType;
  choices?: string[];
  rows?: string[];
  columns?: string[];
  /** Single or multiple choice with an "other" item whose text is in `<name>-Comment`. */
  hasOther?: boolean;
};

export type ResultFilters = {
  antenna?: string;
  sector?: string;
  locale?: string;
  /** true (the default): complete responses only; false: partial ones too. */
  complete?: boolean;
  /** ISO dates (YYYY-MM-DD), inclusive, on the response's creation day. */
  from?: string;
  to?: string;
};

/** A filter that narrows a view; "complete" only when partial responses are included. */
export type FilterDimension = "antenna" | "sector" | "locale" | "period" | "complete";

export type QuestionTally = {
  answered: number;
  /** Choice, yes/no and rating: value → respondents; ranking: item → first places. */
  options: Map<string, number>;
  /** Ranking: item → sum of positions (1 = first) and how many ranked it. */
  ranks: Map<string, { positionSum: number; count: number }>;
  /** Matrix: row → column → respondents. */
  cells: Map<string, Map<string, number>>;
  /** Number: sum of the answers, for the mean. */
  sum: number;
};

export type ViewTally = { respondents: number; questions: Map<string, QuestionTally> };

type TallyRow = { name: string | null; mask: number; kind: string; key: string | null; value: string | null; count: number; total: number | null };

/**
 * Counts per segment mask: each bit says which filter a group of responses
 * matches. `commentsCounted`: the rows also count the "<name>-Comment" texts
 * (as the questions of that name), so a view without any needs no text query.
 */
export type Tallies = { dimensions: FilterDimension[]; rows: TallyRow[]; commentsCounted?: boolean };

/** What counting one view needs: the survey, the questions as the reader types them, the filters. */
type TallyInput = { db: Db; surveyId: string; questions: QuestionSpec[]; filters: ResultFilters };

/** The filters that narrow the view, in a fixed order (bit i of a mask is dimensions[i]). */
export function activeDimensions({ filters }: { filters: ResultFilters }): FilterDimension[] {
  const dimensions: FilterDimension[] = [];
  if (filters.antenna !== undefined) dimensions.push("antenna");
  if (filters.sector !== undefined) dimensions.push("sector");
  if (filters.locale !== undefined) dimensions.push("locale");
  if (filters.from !== undefined || filters.to !== undefined) dimensions.push("period");
  if (filters.complete === false) dimensions.push("complete");
  return dimensions;
}

function dimensionCondition({ dimension, filters }: { dimension: FilterDimension; filters: ResultFilters }): SQL {
  switch (dimension) {
    case "antenna":
      return sql`r.antenna = ${filters.antenna}`;
    case "sector":
      return sql`r.sector = ${filters.sector}`;
    case "locale":
      return sql`r.locale = ${filters.locale}`;
    case "period":
      return sql`r.created_on between coalesce(${filters.from ?? null}::date, '-infinity'::date) and coalesce(${filters.to ?? null}::date, 'infinity'::date)`;
    case "complete":
      return sql`r.complete`;
  }
}

const textArray = (values: (string | null)[]) => sql`array[${sql.join(values.map((value) => sql`${value}::text`), sql`, `)}]`;

/** Bit i set when a row (aliased r) matches the filter dimensions[i]. */
function segmentMask({ dimensions, filters }: { dimensions: FilterDimension[]; filters: ResultFilters }): SQL {
  if (!dimensions.length) return sql`0`;
  return sql.join(
    dimensions.map((dimension, bit) => sql`(case when ${dimensionCondition({ dimension, filters })} then ${1 << bit}::int else 0 end)`),
    sql` + `,
  );
}

/** Rows of the survey that any view of these filters can see: the widest ancestor. */
function rootCondition({ surveyId, filters }: { surveyId: string; filters: ResultFilters }): SQL {
  return filters.complete === false ? sql`r.survey_id = ${surveyId}` : sql`r.survey_id = ${surveyId} and r.complete`;
}

/**
 * One scan of the survey's responses that counts, for every question and for
 * every combination of the active filters, what the view and each of its
 * ancestors need (the privacy rule compares a view with its ancestors).
 * Identical answers are grouped first, then expanded per option: members
 * often give the same answers, so the second step works on few rows.
 */
export async function tallyAnswers({ db, surveyId, questions, filters }: TallyInput): Promise<Tallies> {
  const dimensions = activeDimensions({ filters });
  const mask = segmentMask({ dimensions, filters });
  // A null name stands for "the respondent", so one scan also counts respondents.
  const names = [null, ...questions.map((question) => question.name)];
  const types = [null, ...questions.map((question) => question.type)];
  // Grouping identical answers needs memory beyond the 4 MB default (else it
  // spills to disk), and JIT compiling this query costs more than it saves.
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '64MB'`);
    await tx.execute(sql`set local jit = off`);
    return queryRows<TallyRow>(
      tx as unknown as Db,
      sql`
    with grouped as (
      select s.name, s.type, s.mask,
        case when s.type = 'text' then (case when coalesce(s.answers ->> s.name, '') = '' then null else 'true'::jsonb end)
             else s.answers -> s.name end as value,
        count(*) as count
      from (
        select unnest(${textArray(names)}) as name, unnest(${textArray(types)}) as type, r.answers, ${mask} as mask
        from responses r
        where ${rootCondition({ surveyId, filters })}
      ) s
      group by 1, 2, 3, 4
    )
    select null as name, mask, 'respondents' as kind, null as key, null as value, sum(count)::int as count, null::float8 as total
      from grouped where name is null group by mask
    union all
    select name, mask, 'answered', null, null, sum(count)::int, null
      from grouped
      where name is not null and value is not null and value not in ('null'::jsonb, '[]'::jsonb, '{}'::jsonb, '""'::jsonb)
      group by name, mask
    union all
    select g.name, g.mask, 'option', null, e.value, sum(g.count)::int, null
      from grouped g
      cross join lateral jsonb_array_elements_text(case jsonb_typeof(g.value) when 'array' then g.value else jsonb_build_array(g.value) end) as e(value)
      where g.type in ('single', 'multiple', 'boolean', 'rating') and jsonb_typeof(g.value) in ('array', 'string', 'number', 'boolean')
      group by g.name, g.mask, e.value
    union all
    select g.name, g.mask, 'rank', e.value, e.position::text, sum(g.count)::int, null
      from grouped g
      cross join lateral jsonb_array_elements_text(g.value) with ordinality as e(value, position)
      where g.type = 'ranking' and jsonb_typeof(g.value) = 'array'
      group by g.name, g.mask, e.value, e.position
    union all
    select g.name, g.mask, 'cell', m.key, m.value #>> '{}', sum(g.count)::int, null
      from grouped g
      cross join lateral jsonb_each(g.value) as m
      where g.type = 'matrix' and jsonb_typeof(g.value) = 'object' and jsonb_typeof(m.value) in ('string', 'number', 'boolean')
      group by g.name, g.mask, m.key, m.value #>> '{}'
    union all
    select name, mask, 'sum', null, null, sum(count)::int, sum((value #>> '{}')::numeric * count)::float8
      from grouped
      where type = 'number' and jsonb_typeof(value) = 'number'
      group by name, mask
  `,
    );
  });
  return { dimensions, rows: rows.map((row) => ({ ...row, mask: Number(row.mask), count: Number(row.count), total: row.total === null ? null : Number(row.total) })) };
}

/**
 * Whether a view can be read from response_counts: complete responses only
 * (the summary counts nothing else) and no date range (it keeps no dates).
 */
export function summaryServes({ filters }: { filters: ResultFilters }): boolean {
  return filters.complete !== false && filters.from === undefined && filters.to === undefined;
}

type CountRow = { question: string; kind: string; key: string; value: string; mask: number; count: number; total: number };

const OPTION_TYPES: QuestionType[] = ["single", "multiple", "boolean", "rating"];

/**
 * The same tallies as tallyAnswers, summed from response_counts (kept by
 * responses/tally.server.ts; call tallyNewResponses first). The summary counts
 * answers by the shape of their JSON value; here each question type takes the
 * kinds of counts that tallyAnswers would have made of the same answers.
 */
export async function tallySummary({ db, surveyId, questions, filters }: TallyInput): Promise<Tallies> {
  if (!summaryServes({ filters })) throw new Error("the summary counts complete responses only, without dates");
  const dimensions = activeDimensions({ filters });
  const types = new Map<string, QuestionType>();
  // Comment keys are read as text questions: only whether they were answered is counted.
  for (const question of questions) if (question.hasOther) types.set(`${question.name}-Comment`, "text");
  for (const question of questions) types.set(question.name, question.type);
  const rows = await queryRows<CountRow>(
    db,
    sql`
    select question, kind, key, value, mask, sum(count)::int as count, sum(total)::float8 as total
    from (
      select r.question, r.kind, r.key, r.value, r.count, r.total, ${segmentMask({ dimensions, filters })} as mask
      from response_counts r
      where r.survey_id = ${surveyId} and r.question = any(${textArray(["", ...types.keys()])})
    ) t
    group by question, kind, key, value, mask
  `,
  );
  const tallyRows: TallyRow[] = [];
  for (const row of rows) {
    const base = { name: row.question, mask: Number(row.mask), count: Number(row.count), key: null, value: null, total: Number(row.total) };
    if (row.kind === "respondents") {
      tallyRows.push({ ...base, name: null, kind: "respondents" });
      continue;
    }
    const type = types.get(row.question);
    if (type === undefined) continue;
    for (const kind of summaryKinds({ row, type })) {
      const keyed = kind === "cell" ? { key: row.key, value: row.value } : kind === "option" ? { value: row.value } : { key: row.value };
      tallyRows.push({ ...base, ...keyed, kind });
    }
  }
  return { dimensions, rows: tallyRows, commentsCounted: true };
}

/** Which tallies a summary count gives a question of this type. */
function summaryKinds({ row, type }: { row: CountRow; type: QuestionType }): ("answered" | "option" | "ranked" | "first" | "cell" | "sum")[] {
  switch (row.kind) {
    case "answered":
      return ["answered"];
    case "blank":
      return type === "text" ? ["answered"] : [];
    case "numeric":
      return type === "number" ? ["sum"] : [];
    case "scalar":
      return OPTION_TYPES.includes(type) ? ["option"] : [];
    case "element":
      if (OPTION_TYPES.includes(type)) return ["option"];
      return type === "ranking" ? (row.key === "1" ? ["ranked", "first"] : ["ranked"]) : [];
    case "cell":
      return type === "matrix" ? ["cell"] : [];
    default:
      return [];
  }
}

const emptyQuestion = (): QuestionTally => ({ answered: 0, options: new Map(), ranks: new Map(), cells: new Map(), sum: 0 });

const add = <K>(map: Map<K, number>, key: K, count: number) => map.set(key, (map.get(key) ?? 0) + count);

/**
 * The tally of the view that applies `dimensions` (a subset of the active
 * ones): the groups whose mask has at least those bits.
 */
export function viewTally({ tallies, dimensions }: { tallies: Tallies; dimensions: FilterDimension[] }): ViewTally {
  const required = dimensions.reduce((bits, dimension) => {
    const bit = tallies.dimensions.indexOf(dimension);
    if (bit < 0) throw new Error(`dimension ${dimension} was not tallied`);
    return bits | (1 << bit);
  }, 0);
  const view: ViewTally = { respondents: 0, questions: new Map() };
  for (const row of tallies.rows) {
    if ((row.mask & required) !== required) continue;
    if (row.kind === "respondents") {
      view.respondents += row.count;
      continue;
    }
    if (row.name === null) continue;
    let question = view.questions.get(row.name);
    if (!question) view.questions.set(row.name, (question = emptyQuestion()));
    if (row.kind === "answered") question.answered += row.count;
    else if (row.kind === "option" && row.value !== null) add(question.options, row.value, row.count);
    else if (row.kind === "rank" && row.key !== null) {
      const rank = question.ranks.get(row.key) ?? { positionSum: 0, count: 0 };
      const position = Number(row.value);
      question.ranks.set(row.key, { positionSum: rank.positionSum + position * row.count, count: rank.count + row.count });
      if (position === 1) add(question.options, row.key, row.count);
    } else if (row.kind === "ranked" && row.key !== null) {
      // From the summary: positions already summed.
      const rank = question.ranks.get(row.key) ?? { positionSum: 0, count: 0 };
      question.ranks.set(row.key, { positionSum: rank.positionSum + (row.total ?? 0), count: rank.count + row.count });
    } else if (row.kind === "first" && row.key !== null) add(question.options, row.key, row.count);
    else if (row.kind === "cell" && row.key !== null && row.value !== null) {
      let cells = question.cells.get(row.key);
      if (!cells) question.cells.set(row.key, (cells = new Map()));
      add(cells, row.value, row.count);
    } else if (row.kind === "sum") question.sum += row.total ?? 0;
  }
  return view;
}

export type FreeTextAnswer = { question: string; locale: string; text: string; other: boolean };

/**
 * Free-text answers of one view, newest first, at most `limit` per question:
 * text questions, and the "other" texts of choice questions (`<name>-Comment`).
 * Call it only for a view the privacy rule lets through.
 */
export async function listFreeText({
  db,
  surveyId,
  questions,
  filters,
  limit = 1000,
}: {
  db: Db;
  surveyId: string;
  questions: QuestionSpec[];
  filters: ResultFilters;
  limit?: number;
}): Promise<FreeTextAnswer[]> {
  const keys = questions.flatMap((question) => {
    if (question.type === "text") return [{ question: question.name, key: question.name, other: false }];
    if (question.hasOther) return [{ question: question.name, key: `${question.name}-Comment`, other: true }];
    return [];
  });
  if (!keys.length) return [];
  const dimensions = activeDimensions({ filters }).filter((dimension) => dimension !== "complete");
  const where = sql.join([rootCondition({ surveyId, filters }), ...dimensions.map((dimension) => dimensionCondition({ dimension, filters }))], sql` and `);
  // One query per key, newest first with a limit: responses_complete_recent_idx
  // serves it without reading the survey's other responses.
  const perKey = keys.map(
    ({ question, key, other }) => sql`(
      select ${question}::text as question, r.locale, r.answers ->> ${key}::text as text, ${other}::boolean as other, r.updated_at, r.id
      from responses r
      where ${where} and r.answers ? ${key}::text and r.answers ->> ${key}::text <> ''
      order by r.updated_at desc nulls last, r.id
      limit ${limit}
    )`,
  );
  const rows = await queryRows<{ question: string; locale: string; text: string; other: boolean }>(
    db,
    sql`select question, locale, text, other from (${sql.join(perKey, sql` union all `)}) t order by question, updated_at desc nulls last, id`,
  );
  return rows.map((row) => ({ ...row, other: row.other === true || (row.other as unknown) === "t" }));
}
