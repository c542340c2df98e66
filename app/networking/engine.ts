// The networking recommendation engine (issue 6): pure functions from the
// answers of role-tagged questions to themes, meeting proposals, a programme,
// partner meetings and transversal themes, under the privacy rule.
//
// Privacy (results/privacy.ts, docs/decisions/009): the engine counts members
// exactly to choose what to propose, and every count that leaves it (a theme's
// members, each step of a proposal's reasons, a programme's reach, offers and
// needs, two themes chosen together) is released by the cell key method from
// the members it counts: adjusted by up to 2, the same for the same members,
// and never under minGroupSize (what would be is dropped, never shown small).
// A segment shows the release its own batch reached, as the results do.
import { decideSegment, effectiveMinGroupSize, protectCount, releasedNumber, shareOf, type SegmentRefusal } from "~/results/privacy";
import { wilsonInterval } from "~/results/wilson";
import { QUESTION_ROLES, type QuestionRole, type RoleQuestion } from "~/surveys/roles";
import { type AnswerIndex, indexAnswers, keyedCount, type RoleIndex, releasedSegmentMembers } from "./answers";
import { type Bitset, countBoth, countMembers, emptyBitset, intersect, intersectInto } from "./bitset";
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
  /** The segment's members at the release its batch reached. */
  members: Bitset;
  /** Their number as released (adjusted). */
  n: number;
  /** The release whose members the view shows. */
  release: number;
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
    release: view.release,
    n: view.n,
    themes,
    proposals: candidates.slice(0, limit).map((candidate) => candidate.proposal),
    programme: planProgramme(view, candidates, k),
    partnerMeetings: matchPartners(view),
    transversalThemes: pairThemes(view, themes, minLift).slice(0, limit),
    missingRoles,
  };
}

function openView(index: AnswerIndex, segment: Segment, minGroupSize: number): View | { refused: SegmentRefusal } {
  const { members, release } = releasedSegmentMembers(index, segment, minGroupSize);
  const decision = decideSegment({ respondents: keyedCount(index, members), minGroupSize });
  if (!decision.allowed) return { refused: decision.reason };
  return { index, minGroupSize, segment, members, n: decision.n, release };
}

/** The released size of a group inside the view, or null when it is fewer than minGroupSize. */
const release = (view: View, group: Bitset): number | null => releasedNumber(keyedCount(view.index, group), view.minGroupSize);

/** A released count's share of the view's released respondents, with its 95 % Wilson interval. */
const shareIn = (view: View, count: number) => ({ share: shareOf(count, view.n)!, interval: wilsonInterval({ count: Math.min(count, view.n), total: view.n }) });

function rankThemes(view: View): ThemeFigure[] {
  const role = view.index.roles["interest.theme"];
  if (!role) return [];
  const figures: ThemeFigure[] = role.values.map((theme) => {
    const figure = protectCount({ value: theme, count: keyedCount(view.index, intersect(role.members.get(theme)!, view.members)), minGroupSize: view.minGroupSize });
    return figure.count === null ? { theme, count: null, lessThan: figure.lessThan } : { theme, count: figure.count, ...shareIn(view, figure.count) };
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
    let best: Found | null = null;

    const visit = (level: number, prefix: Bitset, counts: number[], picked: number[]) => {
      if (level === dimensions.length) {
        // Every step of the reasons is a figure: each must be released, or the proposal cannot be told.
        const shown = buffers.map((buffer) => release(view, buffer));
        if (shown.every((count) => count !== null)) best = { counts, shown: [theme.count!, ...(shown as number[])], picked, members: prefix.slice() };
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
    const themeMembers = intersect(themeRole.members.get(theme.theme)!, view.members);
    visit(0, themeMembers, [countMembers(themeMembers)], []);

    const found = best as Found | null;
    if (found) candidates.push(describeProposal(view, theme.theme, dimensions, found));
  }
  return candidates.sort((a, b) => b.proposal.participants - a.proposal.participants);
}

/** The best chain found: its exact counts (to search), its released ones (to tell), its members. */
type Found = { counts: number[]; shown: number[]; picked: number[]; members: Bitset };
type DimensionIndex = { role: Dimension; roleIndex: RoleIndex };

function describeProposal(view: View, theme: string, dimensions: DimensionIndex[], found: Found): Candidate {
  const chosen: Partial<Record<"format" | "slot" | "venue", string>> = {};
  const reasons: Reason[] = [{ key: segmentReasonKey("reason.theme", view.segment), params: { count: found.shown[0]!, theme, ...segmentParams(view.segment) } }];
  found.picked.forEach((choice, level) => {
    const { role, roleIndex } = dimensions[level]!;
    const param = DIMENSION_PARAM[role];
    chosen[param] = roleIndex.values[choice]!;
    reasons.push({ key: `reason.${param}`, params: { count: found.shown[level + 1]!, [param]: chosen[param] } });
  });
  const frequency = favouriteFrequency(view.index, found.members);
  // The rhythm is named without its count: "most of them" needs no number that could be small.
  if (frequency) reasons.push({ key: "reason.frequency", params: { frequency } });
  const participants = found.shown.at(-1)!;
  const proposal: Proposal = {
    theme,
    format: chosen.format ?? null,
    venue: chosen.venue ?? null,
    slot: chosen.slot ?? null,
    frequency,
    participants,
    ...shareIn(view, participants),
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
  const reached = release(view, coverage.union);
  return {
    k,
    proposals: chosen.map((candidate) => candidate.proposal),
    reached,
    ...(reached === null ? { share: null, interval: null } : shareIn(view, reached)),
    reasons:
      reached === null
        ? []
        : [{ key: "programme.reached", params: { count: reached, percent: Math.round(100 * shareOf(reached, view.n)!) } }],
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
      const offers = release(sub, intersect(offerCell, sub.members));
      const needs = release(sub, intersect(needCell, sub.members));
      // Both sides must be there and shown: a meeting with "fewer than 5" on one side would say who.
      if (!offers || !needs) continue;
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

/** Pairs of themes chosen together more often than independence would give: lift = P(a ∧ b) / (P(a) P(b)), from released counts. */
function pairThemes(view: View, themes: ThemeFigure[], minLift: number): TransversalPair[] {
  const role = view.index.roles["interest.theme"];
  if (!role) return [];
  const shown = themes.filter((theme): theme is ThemeFigure & { count: number } => theme.count !== null);
  const order = new Map(role.values.map((value, i) => [value, i]));
  shown.sort((a, b) => order.get(a.theme)! - order.get(b.theme)!);
  const cells = shown.map((theme) => intersect(role.members.get(theme.theme)!, view.members));
  const pairs: TransversalPair[] = [];
  for (let a = 0; a < shown.length; a++) {
    for (let b = a + 1; b < shown.length; b++) {
      // Exact counts choose what to look at; only released ones are told.
      if (countBoth(cells[a]!, cells[b]!) < view.minGroupSize) continue;
      const together = release(view, intersect(cells[a]!, cells[b]!));
      if (!together) continue;
      const lift = (together * view.n) / (shown[a]!.count * shown[b]!.count);
      if (lift < minLift) continue;
      const pair: [string, string] = [shown[a]!.theme, shown[b]!.theme];
      const rounded = Math.round(lift * 10) / 10;
      pairs.push({ themes: pair, together, lift: rounded, reasons: [{ key: "pair.together", params: { count: together, theme: pair[0], theme2: pair[1], lift: rounded } }] });
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
