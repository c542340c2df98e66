// The networking recommendation engine (issue 6): pure functions from the
// answers of role-tagged questions to themes, meeting proposals, a programme,
// partner meetings and transversal themes, under the privacy rule.
//
// Privacy: every count that leaves the engine is at least minGroupSize, and no
// two views a reader can open show the same group with counts that differ by
// 1..minGroupSize-1. Counts of one question (themes, skills) are also shown by the
// results module, so they follow its rule: the narrower view hides them
// (results/privacy.ts). Combinations only the engine shows (theme × format ×
// slot × place, theme pairs, a programme's reach) are hidden in the wider view
// instead, so an antenna keeps its own proposals. What fails is dropped, never shown small.
import { decideSegment, differBySmall, effectiveMinGroupSize, protectCounts, type SegmentRefusal } from "~/results/privacy";
import { wilsonInterval } from "~/results/wilson";
import { QUESTION_ROLES, type QuestionRole, type RoleQuestion } from "~/surveys/roles";
import { type AnswerIndex, ancestorSegments, indexAnswers, type RoleIndex, segmentMembers } from "./answers";
import { type Bitset, countBoth, countMembers, emptyBitset, forEachMember, intersect, intersectInto } from "./bitset";
import { greedyCoverage } from "./coverage";
import type {
  MissingRole,
  PartnerMeeting,
  Programme,
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
  /** How many proposals and theme pairs to return (the programme draws on all proposals). */
  limit?: number;
  /** How much more often than chance two themes must be chosen together to count as transversal. */
  minLift?: number;
};

export const DEFAULT_PROGRAMME_SIZE = 3;
export const DEFAULT_LIMIT = 10;
export const DEFAULT_MIN_LIFT = 1.5;

/** The dimensions of a proposal after its theme, in the order the reasons tell them. */
const PROPOSAL_DIMENSIONS = ["preference.format", "availability.slot", "preference.venue"] as const;
type Dimension = (typeof PROPOSAL_DIMENSIONS)[number];
const DIMENSION_PARAM: Record<Dimension, "format" | "slot" | "venue"> = {
  "preference.format": "format",
  "availability.slot": "slot",
  "preference.venue": "venue",
};

type View = {
  index: AnswerIndex;
  minGroupSize: number;
  segment: Segment;
  members: Bitset;
  n: number;
  /** Members of each wider view, for the difference check on counts of one question. */
  ancestors: Bitset[];
  /** Histogram slots (see histogram) of the narrower views a reader may open, for combinations. */
  descendants: number[];
};

type Candidate = { proposal: Proposal; members: Bitset };

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
  const candidates = proposeMeetings(view, themes);
  return {
    suppressed: false,
    minGroupSize,
    segment,
    n: view.n,
    themes,
    proposals: candidates.slice(0, limit).map((candidate) => candidate.proposal),
    programme: planProgramme(view, candidates, k),
    partnerMeetings: matchPartners(view),
    transversalThemes: pairThemes(view, minLift).slice(0, limit),
    missingRoles,
  };
}

function openView(index: AnswerIndex, segment: Segment, minGroupSize: number): View | { refused: SegmentRefusal } {
  const members = segmentMembers(index, segment);
  const n = countMembers(members);
  const ancestors = ancestorSegments(segment).map((wider) => segmentMembers(index, wider));
  const decision = decideSegment({ n, related: ancestors.map(countMembers), minGroupSize });
  if (!decision.allowed) return { refused: decision.reason };
  return { index, minGroupSize, segment, members, n, ancestors, descendants: visibleDescendants(index, segment, minGroupSize) };
}

/**
 * Members of a group counted by antenna (slots 0..A-1), by sector (A..A+S-1)
 * and by both (A+S+a*S+s), in one pass over the group: cheaper than one AND per view.
 */
function histogram(index: AnswerIndex, bits: Bitset): Int32Array {
  const antennas = index.antennas.size;
  const sectors = index.sectors.size;
  const counts = new Int32Array(antennas + sectors + antennas * sectors);
  forEachMember(bits, (i) => {
    const a = index.antennaOf[i]!;
    const s = index.sectorOf[i]!;
    if (a >= 0) counts[a]!++;
    if (s >= 0) counts[antennas + s]!++;
    if (a >= 0 && s >= 0) counts[antennas + sectors + a * sectors + s]!++;
  });
  return counts;
}

const totalsCache = new WeakMap<AnswerIndex, Int32Array>();

/** The narrower segments a reader may open inside this one, as histogram slots. */
function visibleDescendants(index: AnswerIndex, segment: Segment, minGroupSize: number): number[] {
  let totals = totalsCache.get(index);
  if (!totals) totalsCache.set(index, (totals = histogram(index, index.all)));
  const antennaCount = index.antennas.size;
  const sectorCount = index.sectors.size;
  const slot = (a: number, s: number) => (s < 0 ? a : a < 0 ? antennaCount + s : antennaCount + sectorCount + a * sectorCount + s);
  const n = (a: number, s: number) => (a < 0 && s < 0 ? index.size : totals[slot(a, s)]!);
  const visible = (a: number, s: number) =>
    decideSegment({ n: n(a, s), related: a >= 0 && s >= 0 ? [n(a, -1), n(-1, s), n(-1, -1)] : [n(-1, -1)], minGroupSize }).allowed;
  const antennaCodes = segment.antenna === undefined ? [...index.antennas.keys()].map((_, a) => a) : [];
  const sectorCodes = segment.sector === undefined ? [...index.sectors.keys()].map((_, s) => s) : [];
  const ownAntenna = segment.antenna === undefined ? -1 : [...index.antennas.keys()].indexOf(segment.antenna);
  const ownSector = segment.sector === undefined ? -1 : [...index.sectors.keys()].indexOf(segment.sector);
  const candidates: [number, number][] = [];
  if (ownAntenna < 0 && ownSector < 0) {
    candidates.push(...antennaCodes.map((a): [number, number] => [a, -1]), ...sectorCodes.map((s): [number, number] => [-1, s]));
    for (const a of antennaCodes) candidates.push(...sectorCodes.map((s): [number, number] => [a, s]));
  } else if (ownSector < 0) candidates.push(...sectorCodes.map((s): [number, number] => [ownAntenna, s]));
  else if (ownAntenna < 0) candidates.push(...antennaCodes.map((a): [number, number] => [a, ownSector]));
  return candidates.filter(([a, s]) => visible(a, s)).map(([a, s]) => slot(a, s));
}

/** May a combination only the engine shows be counted here? `cell` is the group inside this view. */
function mayShowCombination(view: View, cell: Bitset, count: number): boolean {
  const { minGroupSize } = view;
  if (count < minGroupSize) return false;
  if (view.descendants.length === 0) return true;
  const counts = histogram(view.index, cell);
  return view.descendants.every((slot) => !differBySmall({ a: count, b: counts[slot]!, minGroupSize }));
}

/**
 * May this count of one question be shown? `cell` is the same group over all
 * respondents, so its size in each wider view can be compared with `count`.
 */
function mayShow(view: View, cell: Bitset, count: number): boolean {
  const { minGroupSize } = view;
  if (count < minGroupSize) return false;
  return view.ancestors.every((wider) => !differBySmall({ a: countBoth(cell, wider), b: count, minGroupSize }));
}

const shareOf = (view: View, count: number) => ({ share: count / view.n, interval: wilsonInterval({ count, total: view.n }) });

function rankThemes(view: View): ThemeFigure[] {
  const role = view.index.roles["interest.theme"];
  if (!role) return [];
  const cells = role.values.map((value) => role.members.get(value)!);
  const protectedCounts = protectCounts({
    counts: role.values.map((value, i) => ({ value, count: countBoth(cells[i]!, view.members) })),
    relatedCounts: view.ancestors.map((wider) => new Map(role.values.map((value, i) => [value, countBoth(cells[i]!, wider)]))),
    minGroupSize: view.minGroupSize,
  });
  const figures: ThemeFigure[] = protectedCounts.map((figure) => {
    if (figure.count !== null) return { theme: figure.value, count: figure.count, ...shareOf(view, figure.count) };
    return "lessThan" in figure ? { theme: figure.value, count: null, lessThan: figure.lessThan } : { theme: figure.value, count: null, hidden: "difference" };
  });
  // Shown counts first, largest first; the sort is stable, so ties keep the survey's order.
  return figures.sort((a, b) => (b.count ?? -1) - (a.count ?? -1));
}

function segmentReasonKey(base: string, segment: Segment): string {
  return base + (segment.antenna !== undefined ? "_antenna" : "") + (segment.sector !== undefined ? "_sector" : "");
}

function segmentParams(segment: Segment): Record<string, string> {
  return { ...(segment.antenna !== undefined && { antenna: segment.antenna }), ...(segment.sector !== undefined && { sector: segment.sector }) };
}

/**
 * For each theme, the (format, slot, venue) reaching the most of its members.
 *
 * Exact: for each theme the best combination is found by branch and bound over
 * format → slot → venue. A prefix's count bounds every completion (adding a
 * condition only removes people), so a branch whose count cannot beat the best
 * found is cut. Ties go to the first combination met with children visited
 * largest first, then in the survey's order, so the result is deterministic.
 * Heuristic: one proposal per theme (the best), not the k best combinations overall,
 * so that the list and the programme offer several themes rather than one theme
 * at five neighbouring times.
 */
function proposeMeetings(view: View, themes: ThemeFigure[]): Candidate[] {
  const { index } = view;
  const themeRole = index.roles["interest.theme"];
  if (!themeRole) return [];
  const dimensions = PROPOSAL_DIMENSIONS.flatMap((role) => {
    const roleIndex = index.roles[role];
    return roleIndex ? [{ role, roleIndex }] : [];
  });
  // buffers[level] holds the group after the condition of that level: the reason chain at a leaf.
  const buffers = dimensions.map(() => emptyBitset(index.size));
  const candidates: Candidate[] = [];

  for (const theme of themes) {
    // A theme whose count is not shown cannot open a reason chain.
    if (theme.count === null) continue;
    if (theme.count < view.minGroupSize) break;
    let best: Found | null = null;

    const visit = (level: number, prefix: Bitset, counts: number[], picked: number[]) => {
      if (level === dimensions.length) {
        if (buffers.every((buffer, i) => mayShowCombination(view, buffer, counts[i + 1]!))) best = { counts, picked, members: prefix.slice() };
        return;
      }
      const { roleIndex } = dimensions[level]!;
      const children = roleIndex.values.map((value, i) => ({ i, count: countBoth(prefix, roleIndex.members.get(value)!) }));
      children.sort((x, y) => y.count - x.count);
      for (const child of children) {
        // A prefix's count bounds all its completions: nothing below can beat the best.
        if (child.count < view.minGroupSize || child.count <= (best?.counts.at(-1) ?? 0)) break;
        intersectInto(buffers[level]!, prefix, roleIndex.members.get(roleIndex.values[child.i]!)!);
        visit(level + 1, buffers[level]!, [...counts, child.count], [...picked, child.i]);
      }
    };
    visit(0, intersect(themeRole.members.get(theme.theme)!, view.members), [theme.count], []);

    const found = best as Found | null;
    if (found) candidates.push(describeProposal(view, theme.theme, dimensions, found));
  }
  return candidates.sort((a, b) => b.proposal.participants - a.proposal.participants);
}

type Found = { counts: number[]; picked: number[]; members: Bitset };
type DimensionIndex = { role: Dimension; roleIndex: RoleIndex };

function describeProposal(view: View, theme: string, dimensions: DimensionIndex[], found: Found): Candidate {
  const chosen: Partial<Record<"format" | "slot" | "venue", string>> = {};
  const reasons: Reason[] = [{ key: segmentReasonKey("reason.theme", view.segment), params: { count: found.counts[0]!, theme, ...segmentParams(view.segment) } }];
  found.picked.forEach((choice, level) => {
    const { role, roleIndex } = dimensions[level]!;
    const param = DIMENSION_PARAM[role];
    chosen[param] = roleIndex.values[choice]!;
    reasons.push({ key: `reason.${param}`, params: { count: found.counts[level + 1]!, [param]: chosen[param] } });
  });
  const frequency = favouriteFrequency(view.index, found.members);
  // The rhythm is named without its count: "most of them" needs no number that could be small.
  if (frequency) reasons.push({ key: "reason.frequency", params: { frequency } });
  const participants = found.counts.at(-1)!;
  const proposal: Proposal = {
    theme,
    format: chosen.format ?? null,
    venue: chosen.venue ?? null,
    slot: chosen.slot ?? null,
    frequency,
    participants,
    ...shareOf(view, participants),
    reasons,
  };
  return { proposal, members: found.members };
}

function favouriteFrequency(index: AnswerIndex, members: Bitset): string | null {
  const role = index.roles["preference.frequency"];
  if (!role) return null;
  let best: string | null = null;
  let bestCount = 0;
  for (const value of role.values) {
    const count = countBoth(members, role.members.get(value)!);
    if (count > bestCount) [best, bestCount] = [value, count];
  }
  return best;
}

function planProgramme(view: View, candidates: Candidate[], k: number): Programme | null {
  if (candidates.length === 0 || k < 1) return null;
  // Each step must add at least minGroupSize people, or the reader could subtract a small group.
  const coverage = greedyCoverage(
    candidates.map((candidate) => candidate.members),
    k,
    view.index.size,
    view.minGroupSize,
  );
  const chosen = coverage.chosen.map((i) => candidates[i]!);
  const shown = mayShowCombination(view, coverage.union, coverage.reached);
  const reached = shown ? coverage.reached : null;
  return {
    k,
    proposals: chosen.map((candidate) => candidate.proposal),
    reached,
    ...(reached === null ? { share: null, interval: null } : shareOf(view, reached)),
    reasons:
      reached === null
        ? []
        : [{ key: "programme.reached", params: { count: reached, percent: Math.round((100 * reached) / view.n) } }],
  };
}

/** Sub-views per antenna: the segment's own antenna, or each antenna that may be shown inside it. */
function antennaViews(view: View): { antenna: string | null; view: View }[] {
  const { index, segment, minGroupSize } = view;
  if (segment.antenna !== undefined) return [{ antenna: segment.antenna, view }];
  if (index.antennas.size === 0) return [{ antenna: null, view }];
  return [...index.antennas.keys()].sort().flatMap((antenna) => {
    const sub = openView(index, { ...segment, antenna }, minGroupSize);
    return "refused" in sub ? [] : [{ antenna, view: sub }];
  });
}

/** Partner meetings (action 1): per antenna, skills that some members offer and others look for. */
function matchPartners(view: View): PartnerMeeting[] {
  const offerRole = view.index.roles["offer.skill"];
  const needRole = view.index.roles["need.skill"];
  if (!offerRole || !needRole) return [];
  const meetings: PartnerMeeting[] = [];
  for (const { antenna, view: sub } of antennaViews(view)) {
    for (const skill of offerRole.values) {
      const offerCell = offerRole.members.get(skill)!;
      const needCell = needRole.members.get(skill);
      if (!needCell) continue;
      const offers = countBoth(offerCell, sub.members);
      const needs = countBoth(needCell, sub.members);
      // Both sides must be there and shown: a meeting with "fewer than 5" on one side would say who.
      if (!mayShow(sub, offerCell, offers) || !mayShow(sub, needCell, needs)) continue;
      const where: Record<string, string> = antenna === null ? {} : { antenna };
      meetings.push({
        antenna,
        skill,
        offers,
        needs,
        reasons: [
          { key: antenna === null ? "partner.offers" : "partner.offers_antenna", params: { count: offers, skill, ...where } },
          { key: "partner.needs", params: { count: needs, skill } },
        ],
      });
    }
  }
  return meetings.sort((a, b) => Math.min(b.offers, b.needs) - Math.min(a.offers, a.needs));
}

/** Pairs of themes chosen together more often than independence would give: lift = P(a ∧ b) / (P(a) P(b)). */
function pairThemes(view: View, minLift: number): TransversalPair[] {
  const role = view.index.roles["interest.theme"];
  if (!role) return [];
  const cells = role.values.map((value) => role.members.get(value)!);
  const inSegment = cells.map((cell) => intersect(cell, view.members));
  const counts = inSegment.map(countMembers);
  const pairs: TransversalPair[] = [];
  for (let a = 0; a < cells.length; a++) {
    if (counts[a]! < view.minGroupSize) continue;
    for (let b = a + 1; b < cells.length; b++) {
      if (counts[b]! < view.minGroupSize) continue;
      const together = countBoth(inSegment[a]!, inSegment[b]!);
      if (together < view.minGroupSize) continue;
      const lift = (together * view.n) / (counts[a]! * counts[b]!);
      if (lift < minLift || !mayShowCombination(view, intersect(inSegment[a]!, inSegment[b]!), together)) continue;
      const themes: [string, string] = [role.values[a]!, role.values[b]!];
      const rounded = Math.round(lift * 10) / 10;
      pairs.push({ themes, together, lift: rounded, reasons: [{ key: "pair.together", params: { count: together, theme: themes[0], theme2: themes[1], lift: rounded } }] });
    }
  }
  return pairs.sort((x, y) => y.lift - x.lift || y.together - x.together);
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
