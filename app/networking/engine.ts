// The networking recommendation engine: pure functions from the answers of
// role-tagged questions to themes, meetings proposed antenna by antenna, a
// programme, partner meetings and transversal themes, under the privacy rule.
//
// Meetings happen in a place, so a proposal belongs to one antenna; without an
// antenna filter the engine gives each antenna's best proposals, and pools the
// whole view only for meetings online (facilitation.ts). A member counts for a
// proposal when it fits what they said: they chose its theme, and its format
// and slot unless they skipped that question ("no preference"). Its place is
// the one most of them accept.
//
// Privacy (results/privacy.ts, docs/decisions/009): the engine counts members
// exactly to choose what to propose, and every count that leaves it (a theme's
// members, each step of a proposal's reasons, a programme's reach, offers and
// needs, two themes chosen together) is released by the cell key method from
// the members it counts: adjusted by up to 2, the same for the same members,
// and never under minGroupSize (what would be is dropped, never shown small).
// A view shows the release its own batch reached, as the results do.
import { decideSegment, effectiveMinGroupSize, protectCount, releasedNumber, shareOf, type SegmentRefusal } from "~/results/privacy";
import { MAX_ADJUSTMENT } from "~/results/cell-key";
import { wilsonInterval } from "~/results/wilson";
import { QUESTION_ROLES, type QuestionRole, type RoleQuestion } from "~/surveys/roles";
import { type AnswerIndex, type FittedRole, indexAnswers, keyedCountIn, releasedSegmentMembers, SEARCHED_ROLES, type WordRange } from "./answers";
import { type Bitset, countBoth, countMembers, countNew, countNewBoth, forEachMember, hasMember, intersect, type MemberLists, uniteInto } from "./bitset";
import { greedyCover, greedyRatio } from "./coverage";
import { LANGUAGE_SHARE, ONLINE_VENUE, slotStart, turnout } from "./facilitation";
import { hypergeometricUpperTail, pairThreshold } from "./significance";
import type {
  MissingRole,
  PartnerMeeting,
  Programme,
  ProgrammeBound,
  Proposal,
  Reason,
  Recommendations,
  Respondent,
  Segment,
  ThemeFigure,
  TransversalPair,
} from "./types";

export type RecommendOptions = {
  segment?: Segment;
  minGroupSize: number;
  /** Programme size, chosen by the reader. */
  k?: number;
  /** How many proposals (per antenna in the overview), partner meetings and theme pairs to return. */
  limit?: number;
  /** How much more often than chance two themes must be chosen together to count as transversal (besides being significant). */
  minLift?: number;
};

export const DEFAULT_PROGRAMME_SIZE = 3;
export const DEFAULT_LIMIT = 10;
/** In the overview, each antenna's best few. */
export const PROPOSALS_PER_ANTENNA = 3;
export const DEFAULT_MIN_LIFT = 1.2;

const PARAM: Record<FittedRole, "format" | "slot" | "venue"> = { "preference.format": "format", "availability.slot": "slot", "preference.venue": "venue" };

type View = {
  index: AnswerIndex;
  minGroupSize: number;
  segment: Segment;
  /** The view's members at the release its batch reached. */
  members: Bitset;
  /** Their number as released (adjusted). */
  n: number;
  /** The release whose members the view shows. */
  release: number;
};

/**
 * Where meetings are looked for: one antenna of the view (its words of every
 * bitset), or the whole view for meetings online. `base` holds who may come,
 * restricted to `range`.
 */
type Local = {
  antenna: string | null;
  view: View;
  range: WordRange;
  base: Bitset;
  online: boolean;
  dimensions: Dimension[];
  /** Who chose each theme, built once for the proposals and the programme. */
  themeGroups: Map<string, Bitset>;
  /** The two searched dimensions as the tally reads them. */
  tallied: [Tallied, Tallied];
};

/** A searched dimension the survey asks about, with who each value suits over a local's range. */
type Dimension = { role: FittedRole; values: string[]; accepts: Bitset[] };

function makeLocal(antenna: string | null, view: View, range: WordRange, base: Bitset, online: boolean): Local {
  const dimensions = SEARCHED_ROLES.flatMap((role) => {
    const accepts = view.index.accepts[role];
    const values = view.index.roles[role]?.values;
    return accepts && values ? [{ role, values, accepts: values.map((value) => part(accepts.get(value)!, range)) }] : [];
  });
  return { antenna, view, range, base, online, dimensions, themeGroups: new Map(), tallied: [tallied(view.index, dimensions[0]), tallied(view.index, dimensions[1])] };
}

/** A group inside a local: its bits over the local's range. */
const part = (bits: Bitset, range: WordRange) => bits.subarray(range.from, range.to);

export function recommend({ questions, respondents, ...options }: { questions: RoleQuestion[]; respondents: Respondent[] } & RecommendOptions): Recommendations {
  return recommendFromIndex(indexAnswers(questions, respondents), options);
}

export function recommendFromIndex(index: AnswerIndex, options: RecommendOptions): Recommendations {
  const { segment = {}, k = DEFAULT_PROGRAMME_SIZE, limit = DEFAULT_LIMIT, minLift = DEFAULT_MIN_LIFT } = options;
  const minGroupSize = effectiveMinGroupSize(options);
  const missingRoles = findMissingRoles(index);
  const view = openView(index, segment, minGroupSize);
  if ("refused" in view) return { suppressed: true, reason: view.refused, minGroupSize, segment, missingRoles };

  const themes = rankThemes(view);
  const antennas = antennaLocals(view);
  const online = onlineLocal(view);
  const locals = online ? [...antennas, online] : antennas;
  // Each local's best meeting per theme: the proposals, and a bound for the programme's search.
  const found = new Map(locals.map((local) => [local, findMeetings(local)]));
  const local = antennas.map((antenna) => found.get(antenna)!);
  const shown = segment.antenna !== undefined ? local.flat().slice(0, limit) : local.flatMap((found) => found.slice(0, PROPOSALS_PER_ANTENNA));
  const pooled = online ? worthPooling(found.get(online)!, local.flat()) : [];
  const proposals = [...shown, ...pooled].map(describeMeeting);
  return {
    suppressed: false,
    minGroupSize,
    segment,
    release: view.release,
    n: view.n,
    themes,
    proposals: proposals.sort((a, b) => b.participants - a.participants),
    programme: planProgramme(view, [...found.values()].flat(), k),
    partnerMeetings: matchPartners(antennas).slice(0, limit),
    transversalThemes: pairThemes(view, themes, minLift).slice(0, limit),
    missingRoles,
  };
}

function openView(index: AnswerIndex, segment: Segment, minGroupSize: number): View | { refused: SegmentRefusal } {
  const { members, release } = releasedSegmentMembers(index, segment, minGroupSize);
  const decision = decideSegment({ respondents: keyedCountIn(index, members), minGroupSize });
  if (!decision.allowed) return { refused: decision.reason };
  return { index, minGroupSize, segment, members, n: decision.n, release };
}

/** The released size of a group (bits over `range`), or null when it is fewer than minGroupSize. */
const release = (view: View, group: Bitset, range?: WordRange): number | null =>
  releasedNumber(keyedCountIn(view.index, group, range?.from ?? 0), view.minGroupSize);

/**
 * Can a group's count be told (released, not "fewer than k")? Most groups the
 * searches look at are far above k, where the adjustment (at most
 * MAX_ADJUSTMENT) cannot take them under: only the few near k need their cell key.
 */
const told = (view: View, group: Bitset, range?: WordRange): boolean => toldCount(view, countMembers(group), () => release(view, group, range));

function toldCount(view: View, count: number, released: () => number | null): boolean {
  if (count >= view.minGroupSize + MAX_ADJUSTMENT) return true;
  if (count < view.minGroupSize) return false;
  return released() !== null;
}

/** A released count's share of the view's released respondents, with its 95 % Wilson interval. */
const shareIn = (view: View, count: number) => ({ share: shareOf(count, view.n)!, interval: wilsonInterval({ count: Math.min(count, view.n), total: view.n }) });

function rankThemes(view: View): ThemeFigure[] {
  const role = view.index.roles["interest.theme"];
  if (!role) return [];
  const figures: ThemeFigure[] = role.values.map((theme) => {
    const figure = protectCount({ value: theme, count: keyedCountIn(view.index, intersect(role.members.get(theme)!, view.members)), minGroupSize: view.minGroupSize });
    return figure.count === null ? { theme, count: null, lessThan: figure.lessThan } : { theme, count: figure.count, ...shareIn(view, figure.count) };
  });
  // Shown counts first, largest first; the sort is stable, so ties keep the survey's order.
  return figures.sort((a, b) => (b.count ?? -1) - (a.count ?? -1));
}

/** The view's antenna, or each antenna that may be shown inside it (a view of its own, at its own release). */
function antennaLocals(view: View): Local[] {
  const { index, segment, minGroupSize } = view;
  const local = (antenna: string | null, sub: View): Local | null => {
    const range = index.ranges.get(antenna);
    return range ? makeLocal(antenna, sub, range, part(sub.members, range), false) : null;
  };
  if (segment.antenna !== undefined) return [local(segment.antenna, view)].filter((found) => found !== null);
  // A survey that knows no antenna has a single place to meet: the whole view.
  if (index.antennas.size === 0) return [local(null, view)].filter((found) => found !== null);
  return [...index.antennas.keys()].flatMap((antenna) => {
    const sub = openView(index, { ...segment, antenna }, minGroupSize);
    const found = "refused" in sub ? null : local(antenna, sub);
    return found ? [found] : [];
  });
}

/** Meetings online, open to the whole view: only without an antenna filter, and only for those who accept meeting online. */
function onlineLocal(view: View): Local | null {
  const { index } = view;
  const online = index.accepts["preference.venue"]?.get(ONLINE_VENUE);
  if (view.segment.antenna !== undefined || index.antennas.size === 0 || !online) return null;
  return makeLocal(null, view, { from: 0, to: index.all.length }, intersect(view.members, online), true);
}

/** Those of a local who chose the theme. */
function themeGroup(local: Local, theme: string): Bitset {
  let group = local.themeGroups.get(theme);
  if (!group) local.themeGroups.set(theme, (group = intersect(part(local.view.index.roles["interest.theme"]!.members.get(theme)!, local.range), local.base)));
  return group;
}

/** A meeting found: its theme, the value picked on each dimension, and its chain of groups (theme, then each dimension). */
type Meeting = { local: Local; theme: string; picked: number[]; chain: Bitset[] };
/** The best meeting of a theme in a local, with its exact size (to rank: only the ones shown are described and released). */
type Found = Meeting & { count: number };

/**
 * For each theme of a local, the (format, slot) fitting the most of its
 * members whose every step can be told.
 *
 * Exact: every (format, slot) is counted, member by member (each member adds
 * one to every pair they accept), and the best is searched format by format,
 * largest first, then slot by slot, largest first: a format whose own count
 * cannot beat the best found ends the search (adding a condition only removes
 * people). Ties go to the first combination met, equal counts keeping the
 * survey's order.
 */
function findMeetings(local: Local): Found[] {
  const themeRole = local.view.index.roles["interest.theme"];
  if (!themeRole) return [];
  const { view, range, dimensions } = local;
  const found: Found[] = [];
  for (const theme of themeRole.values) {
    const group = themeGroup(local, theme);
    // A theme whose count cannot be told cannot open a reason chain.
    if (!told(view, group, range)) continue;
    const best = bestCombination(local, group, tally(local, group));
    if (!best) continue;
    const picked = best.picked.slice(0, dimensions.length);
    const chain = [group];
    picked.forEach((choice, level) => chain.push(intersect(chain.at(-1)!, dimensions[level]!.accepts[choice]!)));
    found.push({ local, theme, picked, chain, count: best.count });
  }
  return found.sort((a, b) => b.count - a.count);
}

/**
 * How many of a group (bits over the local's range) accept each value of the
 * first searched dimension, and each pair of values of both. A survey asking
 * about one of them or neither counts on a single value that suits everyone.
 * No record keys: only a count near minGroupSize needs its cell key, and
 * bestCombination gets it from the members for the few that are.
 */
type Tally = { width: number; first: Int32Array; pairs: Int32Array };

function tally(local: Local, group: Bitset): Tally {
  const [a, b] = local.tallied;
  const width = b.values;
  const first = new Int32Array(a.values);
  const pairs = new Int32Array(a.values * width);
  // Who skipped a dimension accepts every value of it: counted once here, spread over its row, column or every cell at the end.
  const row = new Int32Array(a.values);
  const column = new Int32Array(width);
  let skippedFirst = 0;
  let skippedBoth = 0;
  const base = local.range.from << 5;
  for (let w = 0; w < group.length; w++) {
    let word = group[w]!;
    while (word !== 0) {
      const lowest = word & -word;
      word ^= lowest;
      const member = base + (w << 5) + 31 - Math.clz32(lowest);
      const ticksFirst = a.answered !== null && hasMember(a.answered, member);
      const ticksSecond = b.answered !== null && hasMember(b.answered, member);
      if (ticksFirst) {
        for (let i = a.lists.offsets[member]!, to = a.lists.offsets[member + 1]!; i < to; i++) {
          const x = a.lists.values[i]!;
          first[x]!++;
          if (!ticksSecond) {
            row[x]!++;
            continue;
          }
          const cells = x * width;
          for (let j = b.lists.offsets[member]!, end = b.lists.offsets[member + 1]!; j < end; j++) pairs[cells + b.lists.values[j]!]!++;
        }
        continue;
      }
      skippedFirst++;
      if (!ticksSecond) {
        skippedBoth++;
        continue;
      }
      for (let j = b.lists.offsets[member]!, end = b.lists.offsets[member + 1]!; j < end; j++) column[b.lists.values[j]!]!++;
    }
  }
  for (let x = 0; x < a.values; x++) {
    first[x]! += skippedFirst;
    for (let y = 0; y < width; y++) pairs[x * width + y]! += row[x]! + column[y]! + skippedBoth;
  }
  return { width, first, pairs };
}

/** A searched dimension as the tally reads it: who answered it, what each member ticked, how many values it has (one that suits everyone when the survey does not ask). */
type Tallied = { answered: Bitset | null; lists: MemberLists; values: number };
const NO_LISTS: MemberLists = { offsets: new Int32Array(0), values: new Uint16Array(0) };

function tallied(index: AnswerIndex, dimension: Dimension | undefined): Tallied {
  if (!dimension) return { answered: null, lists: NO_LISTS, values: 1 };
  const role = index.roles[dimension.role]!;
  return { answered: role.answered, lists: role.byMember!, values: dimension.values.length };
}

/** The best combination of a tally whose every step can be told: its size and [first value, second value]. */
function bestCombination(local: Local, group: Bitset, { width, first, pairs }: Tally): { count: number; picked: [number, number] } | null {
  const { view, range, dimensions } = local;
  // Those of the group a combination fits (a dimension the survey does not ask about fits everyone).
  const fitting = (picked: number[]) => picked.reduce((members, choice, level) => (level < dimensions.length ? intersect(members, dimensions[level]!.accepts[choice]!) : members), group);
  let best: { count: number; picked: [number, number] } | null = null;
  for (const x of largestFirst(first, 0, first.length)) {
    const count = first[x]!;
    if (count < view.minGroupSize || count <= (best?.count ?? 0)) break;
    const firstTold = toldCount(view, count, () => release(view, fitting([x]), range));
    for (const y of largestFirst(pairs, x * width, width)) {
      const both = pairs[x * width + y]!;
      if (both < view.minGroupSize || both <= (best?.count ?? 0)) break;
      if (firstTold && toldCount(view, both, () => release(view, fitting([x, y]), range))) best = { count: both, picked: [x, y] };
    }
  }
  return best;
}

/** Indices of counts[from .. from + length) by count, largest first, equal counts in their order. */
const largestFirst = (counts: Int32Array, from: number, length: number): number[] =>
  Array.from({ length }, (_, i) => i).sort((i, j) => counts[from + j]! - counts[from + i]! || i - j);

/**
 * An online meeting of the whole view is worth proposing when it gathers more
 * people than any antenna's meeting on its theme: else the antenna's own is
 * the better one (often the very same people).
 */
function worthPooling(online: Found[], local: Found[]): Found[] {
  const best = new Map<string, number>();
  for (const meeting of local) best.set(meeting.theme, Math.max(best.get(meeting.theme) ?? 0, meeting.count));
  return online.filter((meeting) => meeting.count > (best.get(meeting.theme) ?? 0)).slice(0, PROPOSALS_PER_ANTENNA);
}

function segmentReasonKey(base: string, segment: Segment): string {
  return base + (segment.antenna !== undefined ? "_antenna" : "") + (segment.sector !== undefined ? "_sector" : "");
}

function segmentParams(segment: Segment): Record<string, string> {
  return { ...(segment.antenna !== undefined && { antenna: segment.antenna }), ...(segment.sector !== undefined && { sector: segment.sector }) };
}

/** The value of a role suiting the most of `group` (released), then the next one: exact counts choose, released ones tell. */
function rankValues(local: Local, role: FittedRole, group: Bitset, except: number[] = []): { value: string; count: number }[] {
  const { view, range } = local;
  const accepts = view.index.accepts[role];
  const values = view.index.roles[role]?.values;
  if (!accepts || !values) return [];
  const ranked = values
    .map((value, i) => ({ i, value, exact: countBoth(group, part(accepts.get(value)!, range)) }))
    .filter((candidate) => !except.includes(candidate.i) && candidate.exact >= view.minGroupSize)
    .sort((a, b) => b.exact - a.exact);
  // Only the best two that can be told are built and released.
  const found: { value: string; count: number }[] = [];
  for (const { value } of ranked) {
    const members = intersect(group, part(accepts.get(value)!, range));
    if (told(view, members, range)) found.push({ value, count: release(view, members, range)! });
    if (found.length === 2) break;
  }
  return found;
}

function describeMeeting({ local, theme, picked, chain }: Meeting): Proposal {
  const { view, range, dimensions } = local;
  const group = chain.at(-1)!;
  const participants = release(view, group, range)!;
  const where: Segment = local.antenna === null ? view.segment : { ...view.segment, antenna: local.antenna };
  const reasons: Reason[] = [{ key: segmentReasonKey("reason.theme", where), params: { count: release(view, chain[0]!, range)!, theme, ...segmentParams(where) } }];
  if (local.online) reasons.push({ key: "reason.online", params: {} });
  const chosen: Partial<Record<"format" | "slot", string>> = {};
  picked.forEach((choice, level) => {
    const { role, values } = dimensions[level]!;
    const param = PARAM[role] as "format" | "slot";
    chosen[param] = values[choice]!;
    reasons.push({ key: `reason.${param}`, params: { count: release(view, chain[level + 1]!, range)!, [param]: chosen[param] } });
  });

  // The place: online for a meeting online, else the one most of them accept (and the next one).
  const places = local.online ? [{ value: ONLINE_VENUE, count: participants }] : rankValues(local, "preference.venue", group);
  const venue = places[0] ?? null;
  if (venue && !local.online) reasons.push({ key: "reason.venue", params: { count: venue.count, venue: venue.value } });

  // Another slot for the same theme and format.
  const slotLevel = dimensions.findIndex((dimension) => dimension.role === "availability.slot");
  const beforeSlot = slotLevel < 0 ? null : chain[slotLevel]!;
  const otherSlot = beforeSlot ? (rankValues(local, "availability.slot", beforeSlot, [picked[slotLevel]!])[0] ?? null) : null;

  const rhythm = favouriteFrequency(local, group, participants);
  if (rhythm) reasons.push(rhythm.share === null ? { key: "reason.frequency", params: { frequency: rhythm.value } } : { key: "reason.frequency_share", params: { frequency: rhythm.value, percent: Math.round(100 * rhythm.share) } });

  return {
    antenna: local.antenna,
    theme,
    format: chosen.format ?? null,
    venue: venue?.value ?? null,
    slot: chosen.slot ?? null,
    startsAt: slotStart(chosen.slot ?? null),
    frequency: rhythm?.value ?? null,
    frequencyShare: rhythm?.share ?? null,
    participants,
    ...shareIn(view, participants),
    turnout: turnout(participants),
    venueAccepts: venue?.count ?? null,
    languages: languagesOf(local, group),
    alternatives: {
      slot: otherSlot && { value: otherSlot.value, participants: otherSlot.count },
      venue: local.online ? null : (places[1] && { value: places[1].value, accepts: places[1].count }) ?? null,
    },
    reasons,
  };
}

/** The rhythm most of the group chose, with its share when the count of those who chose it can be told. */
function favouriteFrequency(local: Local, group: Bitset, participants: number): { value: string; share: number | null } | null {
  const role = local.view.index.roles["preference.frequency"];
  if (!role) return null;
  let best: { value: string; members: Bitset; count: number } | null = null;
  for (const value of role.values) {
    const members = intersect(group, part(role.members.get(value)!, local.range));
    const count = countMembers(members);
    if (count > (best?.count ?? 0)) best = { value, members, count };
  }
  if (!best) return null;
  const told = release(local.view, best.members, local.range);
  return { value: best.value, share: told === null ? null : shareOf(told, participants) };
}

/** The group's most common language, and any other that many of them answered in (exact counts choose; no count is told). */
function languagesOf(local: Local, group: Bitset): string[] {
  const size = countMembers(group);
  const counts = [...local.view.index.locales]
    .map(([locale, bits]) => ({ locale, count: countBoth(group, part(bits, local.range)) }))
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count || a.locale.localeCompare(b.locale));
  const enough = Math.max(local.view.minGroupSize, LANGUAGE_SHARE * size);
  return counts.filter((entry, i) => i === 0 || entry.count >= enough).map((entry) => entry.locale);
}

/**
 * The programme: up to k meetings over every feasible meeting (each antenna ×
 * theme × format × slot, and online ones) reaching the most distinct members,
 * chosen greedily (coverage.ts). A step must add at least minGroupSize people:
 * a smaller step would let a reader subtract a small group.
 */
function planProgramme(view: View, best: Found[], k: number): Programme | null {
  if (k < 1 || best.length === 0) return null;
  // A meeting's last condition is kept apart (`pending`) until the meeting is
  // looked at closely: tens of thousands of them are only ever counted. `cap`
  // bounds every meeting under a node: its theme's best meeting in its local
  // (a theme without one has no feasible meeting at all).
  type Node = Meeting & { pending: Bitset | null; cap: number };
  const union = new Uint32Array(view.index.all.length);
  const roots: Node[] = best.map(({ local, theme, count }) => ({ local, theme, picked: [], chain: [themeGroup(local, theme)], pending: null, cap: count }));
  const settle = (node: Node): Node => {
    if (node.pending) {
      node.chain = [...node.chain, intersect(node.chain.at(-1)!, node.pending)];
      node.pending = null;
    }
    return node;
  };
  const cover = greedyCover<Node>(
    {
      roots,
      gain: (node) => {
        const reached = part(union, node.local.range);
        return Math.min(node.cap, node.pending ? countNewBoth(reached, node.chain.at(-1)!, node.pending) : countNew(reached, node.chain.at(-1)!));
      },
      children: (node) => {
        settle(node);
        const level = node.picked.length;
        if (level === node.local.dimensions.length) return null;
        const prefix = node.chain.at(-1)!;
        const last = level === node.local.dimensions.length - 1;
        return node.local.dimensions[level]!.accepts.flatMap((bits, i) => {
          // A child with fewer than minGroupSize members can hold no feasible meeting.
          if (countBoth(prefix, bits) < view.minGroupSize) return [];
          const picked = [...node.picked, i];
          return [last ? { ...node, picked, pending: bits } : { ...node, picked, chain: [...node.chain, intersect(prefix, bits)], pending: null }];
        });
      },
      feasible: (node) => settle(node).chain.every((step) => told(node.local.view, step, node.local.range)),
      take: (node) => void uniteInto(part(union, node.local.range), settle(node).chain.at(-1)!),
    },
    k,
    view.minGroupSize,
  );
  if (cover.chosen.length === 0) return null;
  const reached = release(view, union);
  return {
    k,
    proposals: cover.chosen.map(describeMeeting),
    reached,
    ...(reached === null ? { share: null, interval: null } : shareIn(view, reached)),
    bound: programmeBound({ k, chosen: cover.chosen.length, stopped: cover.stopped, reached, minGroupSize: view.minGroupSize }),
    reasons: reached === null ? [] : [{ key: "programme.reached", params: { count: reached, percent: Math.round(100 * shareOf(reached, view.n)!) } }],
  };
}

/**
 * What greedy guarantees against the best k feasible meetings (exact reach).
 * After j picks greedy has at least 1 - (1 - 1/k)^j of it. When it stopped
 * early, no meeting adds minGroupSize people, so each of the best k adds at
 * most minGroupSize - 1 to what was reached: the best reaches at most
 * reached + k (minGroupSize - 1). The exact reach is at least the released
 * one minus 2 (cell-key.ts), so both bounds are stated from released figures.
 */
export function programmeBound({ k, chosen, stopped, reached, minGroupSize }: { k: number; chosen: number; stopped: boolean; reached: number | null; minGroupSize: number }): ProgrammeBound {
  const ratio = greedyRatio(k, chosen);
  if (!stopped) return { kind: "greedy", ratio };
  const low = Math.max(0, (reached ?? 0) - 2);
  const slack = k * (minGroupSize - 1);
  const atMost = (reached ?? minGroupSize - 1) + 2 + slack;
  return { kind: "stopped", ratio: Math.max(ratio, low / (low + slack)), atMost };
}

/**
 * Partner meetings: in each antenna, a skill that some offer and others look
 * for; those who offer it themselves are not counted among its needs. Ranked
 * by how many needs can be met one to one.
 */
function matchPartners(locals: Local[]): PartnerMeeting[] {
  const meetings: PartnerMeeting[] = [];
  for (const local of locals) {
    const { index } = local.view;
    const offerRole = index.roles["offer.skill"];
    const needRole = index.roles["need.skill"];
    if (!offerRole || !needRole) return [];
    for (const skill of offerRole.values) {
      const needCell = needRole.members.get(skill);
      if (!needCell) continue;
      const offering = intersect(part(offerRole.members.get(skill)!, local.range), local.base);
      const seeking = intersect(part(needCell, local.range), local.base).map((word, i) => word & ~offering[i]!);
      // Both sides must be there and told: "fewer than 5 offer it" beside a meeting would say who.
      const offers = release(local.view, offering, local.range);
      const needs = release(local.view, seeking, local.range);
      if (!offers || !needs) continue;
      const where: Record<string, string> = local.antenna === null ? {} : { antenna: local.antenna };
      meetings.push({
        antenna: local.antenna,
        skill,
        offers,
        needs,
        matches: Math.min(offers, needs),
        reasons: [
          { key: local.antenna === null ? "partner.offers" : "partner.offers_antenna", params: { count: offers, skill, ...where } },
          { key: "partner.needs", params: { count: needs, skill } },
        ],
      });
    }
  }
  return meetings.sort((a, b) => b.matches - a.matches || b.needs - a.needs);
}

/**
 * Pairs of themes chosen together more often than chance: significant under
 * the hypergeometric law after a Bonferroni correction for every pair looked
 * at (significance.ts), and with a lift P(a ∧ b) / (P(a) P(b)) of at least
 * minLift. Exact counts decide; the count together and the lift are told from
 * released counts.
 */
function pairThemes(view: View, themes: ThemeFigure[], minLift: number): TransversalPair[] {
  const role = view.index.roles["interest.theme"];
  if (!role?.byMember) return [];
  const shown = themes.filter((theme): theme is ThemeFigure & { count: number } => theme.count !== null);
  const order = new Map(role.values.map((value, i) => [value, i]));
  shown.sort((a, b) => order.get(a.theme)! - order.get(b.theme)!);
  const cells = shown.map((theme) => intersect(role.members.get(theme.theme)!, view.members));
  const sizes = cells.map(countMembers);
  const population = countMembers(view.members);
  const threshold = pairThreshold((shown.length * (shown.length - 1)) / 2);
  const observed = countPairs(view.members, role.byMember, shown.map((theme) => order.get(theme.theme)!), role.values.length);
  const pairs: TransversalPair[] = [];
  for (let a = 0; a < shown.length; a++) {
    for (let b = a + 1; b < shown.length; b++) {
      const both = observed[a * shown.length + b]!;
      // At most the mean, the tail is at least 1/2 (the median is the mean rounded), far above any threshold.
      if (both < view.minGroupSize || both <= Math.floor((sizes[a]! * sizes[b]!) / population)) continue;
      // A lift that cannot reach minLift once released (each count within MAX_ADJUSTMENT) needs no test.
      if (liftAtMost(both, population, sizes[a]!, sizes[b]!) < minLift) continue;
      const pValue = hypergeometricUpperTail({ population, successes: sizes[a]!, draws: sizes[b]!, observed: both });
      if (pValue > threshold) continue;
      const together = release(view, intersect(cells[a]!, cells[b]!));
      if (!together) continue;
      const lift = (together * view.n) / (shown[a]!.count * shown[b]!.count);
      if (lift < minLift) continue;
      const pair: [string, string] = [shown[a]!.theme, shown[b]!.theme];
      const rounded = Math.round(lift * 10) / 10;
      pairs.push({ themes: pair, together, lift: rounded, pValue, reasons: [{ key: "pair.together", params: { count: together, theme: pair[0], theme2: pair[1], lift: rounded } }] });
    }
  }
  return pairs.sort((x, y) => y.lift - x.lift || y.together - x.together);
}

/** The largest lift the released counts can show for exact ones (each released count is within MAX_ADJUSTMENT of its exact one). */
function liftAtMost(both: number, population: number, first: number, second: number): number {
  const low = (count: number) => Math.max(1, count - MAX_ADJUSTMENT);
  return ((both + MAX_ADJUSTMENT) * (population + MAX_ADJUSTMENT)) / (low(first) * low(second));
}

/**
 * How many of `members` ticked both themes of each pair of `shown` (theme
 * indices in increasing order), read member by member: a member ticks a few
 * themes, so this reads a few entries each instead of one bitset per pair.
 * Pair (a, b) with a < b is at a * shown.length + b.
 */
function countPairs(members: Bitset, lists: MemberLists, shown: number[], themes: number): Int32Array {
  const slot = new Int32Array(themes).fill(-1);
  shown.forEach((theme, i) => (slot[theme] = i));
  const width = shown.length;
  const counts = new Int32Array(width * width);
  const { offsets, values } = lists;
  forEachMember(members, (member) => {
    const to = offsets[member + 1]!;
    for (let i = offsets[member]!; i < to; i++) {
      const a = slot[values[i]!]!;
      if (a < 0) continue;
      for (let j = i + 1; j < to; j++) {
        const b = slot[values[j]!]!;
        if (b >= 0) counts[a * width + b]!++;
      }
    }
  });
  return counts;
}

const MISSING_KEY: Record<QuestionRole, string> = {
  "profile.antenna": "missing.antenna",
  "profile.sector": "missing.sector",
  "interest.theme": "missing.theme",
  "preference.format": "missing.format",
  "preference.venue": "missing.venue",
  "preference.frequency": "missing.frequency",
  "availability.slot": "missing.slot",
  "offer.skill": "missing.offer",
  "need.skill": "missing.need",
};

/** Roles no question carries, each with what it prevents; antennas and sectors may come from the response rows instead. */
function findMissingRoles(index: AnswerIndex): MissingRole[] {
  return QUESTION_ROLES.filter((role) => {
    if (index.roles[role]) return false;
    if (role === "profile.antenna") return index.antennas.size === 0;
    if (role === "profile.sector") return index.sectors.size === 0;
    return true;
  }).map((role) => ({ role, reason: { key: MISSING_KEY[role], params: {} } }));
}
