// Releases of a survey's figures (docs/decisions/009-cell-key-perturbation.md)
// and response_counts, the summary the results read instead of scanning every
// response (docs/decisions/005-results-summary-counts.md). Off the submission
// path: readers call releaseDue() before reading. A release marks every
// complete response not released yet (responses.released_in) and adds its
// counts, with the sums of the counted respondents' record keys, in the same
// statement, so that what is marked is exactly what is counted.
//
// The counts do not depend on question types (those are the reader's): each
// answer is counted by the shape of its JSON value, and results/ picks the
// kinds a question type needs. Free-text answers (text, comment… questions of
// the response's version, and "<name>-Comment" keys) are only counted as
// written: their words never reach this table.
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "~/db/client.server";
import { RECORD_KEY_RANGE } from "~/results/cell-key";
import { releaseIsDue } from "~/results/batches";

/** SurveyJS question types whose answers are free text, not values to count one by one. */
export const FREE_TEXT_TYPES = ["text", "comment", "multipletext", "signaturepad", "file"];

/** What a withdrawn response keeps in place of its words until the next release removes it. */
export const WITHDRAWN_TEXT = "[withdrawn]";

/** A withdrawal waits at most this long for a release to take it out of the figures (GDPR art. 12(3)). */
const WITHDRAWAL_DELAY_DAYS = 30;

// Any constant of its own, with the survey's hash: one release of a survey at a time.
const RELEASE_LOCK = 74_616_002;

const typePath = (types: string[]) => `strict $.** ? (${types.map((type) => `@.type == "${type}"`).join(" || ")}).name`;

/**
 * Common table expressions that count the rows of `source` (antenna, sector,
 * locale, created_on, version, record_key, answers) into rows shaped like
 * response_counts, ending with `counts`. Two passes over the answers: one
 * groups scalar values (and counts answered and blank ones), one expands lists
 * and objects; neither keeps a row per response. A list item's position is
 * kept only for ranking questions (it would multiply the rows of a checkbox).
 */
function countingSteps({ surveyId, source }: { surveyId: string; source: SQL }): SQL {
  return sql`
    free_text as materialized (
      select distinct v.version, q.name #>> '{}' as name
      from survey_versions v, jsonb_path_query(v.definition, ${typePath(FREE_TEXT_TYPES)}::jsonpath) as q(name)
      where v.survey_id = ${surveyId}
    ),
    ranked as materialized (
      select distinct v.version, q.name #>> '{}' as name
      from survey_versions v, jsonb_path_query(v.definition, ${typePath(["ranking"])}::jsonpath) as q(name)
      where v.survey_id = ${surveyId}
    ),
    source as materialized (
      select s.antenna, s.sector, s.locale, date_trunc('month', s.created_on)::date as month, s.version, s.record_key, s.answers from ${source} s
    ),
    entries as materialized (
      select s.antenna, s.sector, s.locale, s.month, s.record_key, e.key as question, e.value, jsonb_typeof(e.value) as type,
        e.key like '%-Comment' or (s.version, e.key) in (select version, name from free_text) as free,
        (s.version, e.key) in (select version, name from ranked) as ranking
      from source s, jsonb_each(s.answers) as e
    ),
    scalars as materialized (
      select antenna, sector, locale, month, question, free,
        case when not free and type in ('string', 'number', 'boolean') then value #>> '{}' end as value,
        count(*) as count, sum(record_key) as keys,
        -- A free text counts an empty list or object as written (its text is not empty); a choice does not.
        count(*) filter (where value not in ('null'::jsonb, '""'::jsonb) and (free or value not in ('[]'::jsonb, '{}'::jsonb))) as answered,
        coalesce(sum(record_key) filter (where value not in ('null'::jsonb, '""'::jsonb) and (free or value not in ('[]'::jsonb, '{}'::jsonb))), 0) as answered_keys
      from entries
      group by 1, 2, 3, 4, 5, 6, 7
    ),
    counts as (
      select antenna, sector, locale, month, '' as question, 'respondents' as kind, '' as key, '' as value, count(*) as count, sum(record_key) as keys
        from source group by 1, 2, 3, 4
      union all
      select antenna, sector, locale, month, question, 'scalar', '', value, count, keys from scalars where value is not null
      union all
      -- "written" for answers given as free text in their version, "answered" for the others:
      -- a question is read with the type of the version each answer was given in.
      select antenna, sector, locale, month, question, case when free then 'written' else 'answered' end, '', '', sum(answered), sum(answered_keys)
      from scalars group by 1, 2, 3, 4, 5, 6
      having sum(answered) > 0
      union all
      select e.antenna, e.sector, e.locale, e.month, e.question, 'element', case when e.ranking then i.position::text else '' end, i.item, count(*), sum(e.record_key)
      from entries e, jsonb_array_elements_text(e.value) with ordinality as i(item, position)
      where e.type = 'array' and not e.free and i.item is not null
      group by 1, 2, 3, 4, 5, 7, 8
      union all
      select e.antenna, e.sector, e.locale, e.month, e.question, 'cell', m.key, m.value #>> '{}', count(*), sum(e.record_key)
      from entries e, jsonb_each(e.value) as m
      where e.type = 'object' and not e.free and jsonb_typeof(m.value) in ('string', 'number', 'boolean')
      group by 1, 2, 3, 4, 5, 7, 8
    )
  `;
}

const RANGE = RECORD_KEY_RANGE;

/** Adds (sign 1) or takes away (sign -1) the counts of `source` in response_counts. */
function applyCounts({ surveyId, source, sign }: { surveyId: string; source: SQL; sign: 1 | -1 }): SQL {
  return sql`
    with marked as (${source}),
    ${countingSteps({ surveyId, source: sql`marked` })},
    applied as (
      insert into response_counts as c (survey_id, antenna, sector, locale, month, question, kind, key, value, count, key_sum)
      select ${surveyId}, antenna, sector, locale, month, question, kind, key, value, ${sign}::int * count, (${RANGE}::bigint + ${sign}::int * (keys % ${RANGE})) % ${RANGE} from counts
      on conflict on constraint response_counts_key
        do update set count = c.count + excluded.count, key_sum = (c.key_sum + excluded.key_sum) % ${RANGE}
    )
    select count(*)::int as count from marked
  `;
}

/** A row of counts as a view reads them: one answer (or the respondents), with its key sum. */
export type CountRow = { question: string; kind: string; key: string; value: string; count: number; key_sum: number };

/**
 * The counts of some responses the way the summary would hold them, summed
 * over their segments, without storing anything: for a view whose figures
 * stay at an earlier release than the summary's (see results/batches.ts).
 */
export async function countResponses(db: Db, { surveyId, where }: { surveyId: string; where: SQL }): Promise<CountRow[]> {
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    await countingSettings(tx);
    return queryRows<CountRow>(
      tx,
      sql`
      with ${countingSteps({ surveyId, source: sql`(select antenna, sector, locale, created_on, version, record_key, answers from responses r where ${where})` })}
      select question, kind, key, value, sum(count)::int as count, (sum(keys) % ${RANGE})::int as key_sum
      from counts group by question, kind, key, value
    `,
    );
  });
}

/**
 * Grouping many answers needs memory beyond the 4 MB default, and JIT costs more than it saves.
 * The planner cannot tell how few groups the answers make: it would sort them on disk, not hash.
 */
async function countingSettings(tx: Db): Promise<void> {
  await tx.execute(sql`set local work_mem = '64MB'`);
  await tx.execute(sql`set local jit = off`);
  await tx.execute(sql`set local enable_sort = off`);
}

/** One release of a survey at a time, so that two never update the same counts in opposite orders. */
async function lockedRelease<T>(db: Db, surveyId: string, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    await tx.execute(sql`select pg_advisory_xact_lock(${RELEASE_LOCK}, hashtext(${surveyId}))`);
    await countingSettings(tx);
    return work(tx);
  });
}

export type ReleaseState = {
  /** The latest release's number; 0 before the first. */
  current: number;
  /** Responses released so far, all releases together. */
  released: number;
  /** Each release in order: the views' batches are read against them; `purged` counts the withdrawn responses it took out. */
  releases: { number: number; closing: boolean; releasedAt: Date; purged: number }[];
};

type Pending = { pending: number; released: number; current: number; closing: boolean; withdrawn: number; overdue: boolean };

async function readPending(tx: Db, surveyId: string, minGroupSize: number): Promise<Pending> {
  const [row] = await queryRows<{ pending: number; released: number; current: number; closing: boolean | null; withdrawn: number; overdue: boolean }>(
    tx,
    sql`select
      (select count(*)::int from responses where survey_id = ${surveyId} and complete and released_in is null) as pending,
      (select coalesce(sum(responses - purged), 0)::int from releases where survey_id = ${surveyId}) as released,
      (select coalesce(max(number), 0)::int from releases where survey_id = ${surveyId}) as current,
      (select closing from releases where survey_id = ${surveyId} order by number desc limit 1) as closing,
      (select count(*)::int from (select 1 from responses where survey_id = ${surveyId} and withdrawn limit ${minGroupSize}) w) as withdrawn,
      exists (select 1 from responses where survey_id = ${surveyId} and withdrawn and updated_at < now() - make_interval(days => ${WITHDRAWAL_DELAY_DAYS})) as overdue`,
  );
  return {
    pending: Number(row?.pending ?? 0),
    released: Number(row?.released ?? 0),
    current: Number(row?.current ?? 0),
    closing: row?.closing === true || (row?.closing as unknown) === "t",
    withdrawn: Number(row?.withdrawn ?? 0),
    overdue: row?.overdue === true || (row?.overdue as unknown) === "t",
  };
}

/**
 * Makes the release that is due, if one is: at least a batch of new complete
 * responses (results/batches.ts), or the survey's closing, or withdrawals to
 * take out (minGroupSize of them, or one waiting for 30 days). Cheap when none
 * is due (two index probes). Returns the survey's releases after it.
 */
export async function releaseDue(db: Db, { surveyId, minGroupSize, closed }: { surveyId: string; minGroupSize: number; closed: boolean }): Promise<ReleaseState> {
  return lockedRelease(db, surveyId, async (tx) => {
    const state = await readPending(tx, surveyId, minGroupSize);
    const due =
      releaseIsDue({ pending: state.pending, released: state.released, minGroupSize, closed, closedReleased: state.closing || (state.current === 0 && state.pending === 0) }) ||
      state.withdrawn >= minGroupSize ||
      state.overdue;
    if (due) {
      const number = state.current + 1;
      // Withdrawn responses leave the figures with the release, not before (they would show by difference).
      const [purged] = await queryRows<{ count: number }>(
        tx,
        applyCounts({ surveyId, source: sql`delete from responses where survey_id = ${surveyId} and withdrawn and released_in is not null returning *`, sign: -1 }),
      );
      await tx.execute(sql`delete from response_counts where survey_id = ${surveyId} and count = 0`);
      const [marked] = await queryRows<{ count: number }>(
        tx,
        applyCounts({
          surveyId,
          source: sql`update responses set released_in = ${number} where survey_id = ${surveyId} and complete and released_in is null returning *`,
          sign: 1,
        }),
      );
      await tx.execute(
        sql`insert into releases (survey_id, number, responses, purged, closing) values (${surveyId}, ${number}, ${Number(marked?.count ?? 0)}, ${Number(purged?.count ?? 0)}, ${closed})`,
      );
    }
    return readReleases(tx, surveyId);
  });
}

async function readReleases(db: Db, surveyId: string): Promise<ReleaseState> {
  const rows = await queryRows<{ number: number; closing: boolean; released_at: string | Date; responses: number; purged: number }>(
    db,
    sql`select number, closing, released_at, responses, purged from releases where survey_id = ${surveyId} order by number`,
  );
  const releases = rows.map((row) => ({
    number: Number(row.number),
    closing: row.closing === true || (row.closing as unknown) === "t",
    releasedAt: new Date(row.released_at),
    purged: Number(row.purged),
  }));
  return {
    current: releases.at(-1)?.number ?? 0,
    released: rows.reduce((sum, row) => sum + Number(row.responses) - Number(row.purged), 0),
    releases,
  };
}

/**
 * Forgets a survey's figures and releases once its responses are erased
 * (retention): nothing is left to count, and the next answers, if any, start
 * a new history.
 */
export async function eraseFigures(db: Db, { surveyId }: { surveyId: string }): Promise<void> {
  await lockedRelease(db, surveyId, async (tx) => {
    await tx.execute(sql`delete from response_counts where survey_id = ${surveyId}`);
    await tx.execute(sql`delete from releases where survey_id = ${surveyId}`);
  });
}

/**
 * The exact number of complete responses received so far, released or not
 * (staff see it apart from the figures): from the releases' own bookkeeping
 * and the few responses waiting for the next one, without counting the survey.
 */
export async function countReceived(db: Db, { surveyId }: { surveyId: string }): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select
      (select coalesce(sum(responses - purged), 0) from releases where survey_id = ${surveyId})
      + (select count(*) from responses where survey_id = ${surveyId} and complete and released_in is null)
      - (select count(*) from responses where survey_id = ${surveyId} and withdrawn and released_in is not null) as count`,
  );
  return Number(row?.count ?? 0);
}
