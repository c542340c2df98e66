// Keeps response_counts, the summary the results read instead of scanning
// every response (docs/decisions/005-results-summary-counts.md). Off the
// submission path: results call tallyNewResponses() before reading, and each
// call marks the complete responses it counts (responses.tallied) in the same
// statement that adds them, so no response is counted twice or missed.
//
// The counts do not depend on question types (those are the reader's): each
// answer is counted by the shape of its JSON value, and results.server.ts
// picks the kinds a question type needs. Free-text answers (text, comment…
// questions of the response's version, and "<name>-Comment" keys) are only
// counted as answered: their words never reach this table.
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "~/db/client.server";

/** SurveyJS question types whose answers are free text, not values to count one by one. */
const FREE_TEXT_TYPES = ["text", "comment", "multipletext", "signaturepad", "file"];

// Any constant of its own, with the survey's hash: one tally of a survey at a time.
const TALLY_LOCK = 74_616_002;

const freeTextPath = `strict $.** ? (${FREE_TEXT_TYPES.map((type) => `@.type == "${type}"`).join(" || ")}).name`;

/**
 * Common table expressions that count the rows of `source` (antenna, sector,
 * locale, version, answers of complete responses) into response_counts, and
 * add them to a segment's existing counts. Two passes over the answers: one
 * groups scalar values (and counts answered, blank and numeric ones), one
 * expands lists and objects; neither keeps a row per response.
 */
function countingSteps({ surveyId, source }: { surveyId: string; source: SQL }): SQL {
  return sql`
    free_text as materialized (
      select distinct v.version, q.name #>> '{}' as name
      from survey_versions v, jsonb_path_query(v.definition, ${freeTextPath}::jsonpath) as q(name)
      where v.survey_id = ${surveyId}
    ),
    entries as materialized (
      select s.antenna, s.sector, s.locale, e.key as question, e.value, jsonb_typeof(e.value) as type,
        e.key like '%-Comment' or (s.version, e.key) in (select version, name from free_text) as free
      from ${source} s, jsonb_each(s.answers) as e
    ),
    scalars as materialized (
      select antenna, sector, locale, question,
        case when not free and type in ('string', 'number', 'boolean') then value #>> '{}' end as value,
        count(*) as count,
        count(*) filter (where value not in ('null'::jsonb, '[]'::jsonb, '{}'::jsonb, '""'::jsonb)) as answered,
        -- A text question counts an empty list or object as answered (its text is not empty).
        count(*) filter (where value in ('[]'::jsonb, '{}'::jsonb)) as blank,
        count(*) filter (where type = 'number') as numbers,
        coalesce(sum((value #>> '{}')::numeric) filter (where type = 'number'), 0) as numeric
      from entries
      group by 1, 2, 3, 4, 5
    ),
    counts as (
      select antenna, sector, locale, '' as question, 'respondents' as kind, '' as key, '' as value, count(*) as count, 0::numeric as total
        from ${source} s group by 1, 2, 3
      union all
      select antenna, sector, locale, question, 'scalar', '', value, count, 0 from scalars where value is not null
      union all
      select g.antenna, g.sector, g.locale, g.question, x.kind, '', '', x.count, x.total
      from (
        select antenna, sector, locale, question, sum(answered) as answered, sum(blank) as blank, sum(numbers) as numbers, sum(numeric) as numeric
        from scalars group by 1, 2, 3, 4
      ) g
      cross join lateral (values ('answered', g.answered, 0::numeric), ('blank', g.blank, 0), ('numeric', g.numbers, g.numeric)) as x(kind, count, total)
      where x.count > 0
      union all
      -- List items with the sum of their positions; key '1' marks first places (rankings).
      select e.antenna, e.sector, e.locale, e.question, 'element', case when i.position = 1 then '1' else '' end, i.item, count(*), sum(i.position)
      from entries e, jsonb_array_elements_text(e.value) with ordinality as i(item, position)
      where e.type = 'array' and not e.free and i.item is not null
      group by 1, 2, 3, 4, 6, 7
      union all
      select e.antenna, e.sector, e.locale, e.question, 'cell', m.key, m.value #>> '{}', count(*), 0
      from entries e, jsonb_each(e.value) as m
      where e.type = 'object' and not e.free and jsonb_typeof(m.value) in ('string', 'number', 'boolean')
      group by 1, 2, 3, 4, 6, 7
    ),
    counted as (
      insert into response_counts as c (survey_id, antenna, sector, locale, question, kind, key, value, count, total)
      select ${surveyId}, antenna, sector, locale, question, kind, key, value, count, total from counts
      on conflict on constraint response_counts_key
        do update set count = c.count + excluded.count, total = c.total + excluded.total
    )
  `;
}

/** One tally of a survey at a time, so that two never update the same counts in opposite orders. */
async function lockedTally<T>(db: Db, surveyId: string, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    await tx.execute(sql`select pg_advisory_xact_lock(${TALLY_LOCK}, hashtext(${surveyId}))`);
    // Grouping many answers needs memory beyond the 4 MB default, and JIT costs more than it saves.
    // The planner cannot tell how few groups the answers make: it would sort them on disk, not hash.
    await tx.execute(sql`set local work_mem = '64MB'`);
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local enable_sort = off`);
    return work(tx);
  });
}

/**
 * Adds the complete responses not counted yet to response_counts and marks
 * them, in one statement: cheap when there are none (a partial index finds
 * them). A caller that arrives during another tally waits for it, then finds
 * nothing left. Returns how many responses were counted.
 */
export async function tallyNewResponses(db: Db, { surveyId }: { surveyId: string }): Promise<number> {
  return lockedTally(db, surveyId, async (tx) => {
    const [pending] = await queryRows<{ exists: boolean }>(
      tx,
      sql`select exists (select 1 from responses where survey_id = ${surveyId} and complete and not tallied) as exists`,
    );
    if (!pending?.exists) return 0;
    const [row] = await queryRows<{ count: number }>(
      tx,
      sql`
      with marked as (
        update responses set tallied = true
        where survey_id = ${surveyId} and complete and not tallied
        returning antenna, sector, locale, version, answers
      ),
      ${countingSteps({ surveyId, source: sql`marked` })}
      select count(*)::int as count from marked
    `,
    );
    return Number(row?.count ?? 0);
  });
}

/**
 * Counts a survey again from its complete responses: for when responses are
 * deleted (retention, withdrawal), since counts only ever grow otherwise.
 */
export async function rebuildCounts(db: Db, { surveyId }: { surveyId: string }): Promise<void> {
  await lockedTally(db, surveyId, async (tx) => {
    await tx.execute(sql`delete from response_counts where survey_id = ${surveyId}`);
    // One statement, so one snapshot: what is marked is exactly what is counted.
    await tx.execute(sql`
      with marked as (
        update responses set tallied = true where survey_id = ${surveyId} and complete and not tallied returning 1
      ),
      ${countingSteps({ surveyId, source: sql`(select antenna, sector, locale, version, answers from responses where survey_id = ${surveyId} and complete)` })}
      select 1
    `);
  });
}
