import type { Interval } from "~/results/wilson";
import type { SegmentRefusal } from "~/results/privacy";
import type { QuestionRole } from "~/surveys/roles";

/** One response as the engine reads it: answers keyed by question name. */
export type Respondent = {
  antenna: string | null;
  sector: string | null;
  /** The language the member answered in (fr, nl, en); unknown when absent. */
  locale?: string | null;
  answers: Record<string, unknown>;
  /** The cell key method's record key (0 when a caller has none). */
  recordKey?: number;
  /** The release that first counted the response (1 when a caller has none). */
  releasedIn?: number;
};

/** The part of the survey a reader looks at; no filter is the whole survey. */
export type Segment = { antenna?: string; sector?: string };

/**
 * A sentence with its figures, rendered later in the reader's language by
 * formatReasons. Params named after a role (theme, format, …) hold choice values.
 */
export type Reason = { key: string; params: Record<string, string | number> };

export type ThemeFigure = { theme: string; count: number; share: number; interval: Interval } | { theme: string; count: null; lessThan: number };

/** A released figure and its share of the group it is part of. */
export type CountShare = { count: number; share: number };

export type Proposal = {
  /** The antenna where people meet; null for a meeting online, open to the whole view. */
  antenna: string | null;
  theme: string;
  /** null when the survey does not ask about that dimension (see missingRoles). */
  format: string | null;
  /** The place most participants accept (online for a whole-survey meeting). */
  venue: string | null;
  slot: string | null;
  /** When a meeting at that slot starts, "HH:MM", when the slot names a part of the day. */
  startsAt: string | null;
  frequency: string | null;
  /** Participants who chose that rhythm, when that can be told. */
  frequencyShare: number | null;
  /** Members the meeting fits: they chose the theme, and the format and the slot or said nothing about them. */
  participants: number;
  /** participants / respondents of the view, with its 95 % Wilson interval. */
  share: number;
  interval: Interval;
  /** How many of them are likely to come (docs/decisions/012). */
  turnout: { low: number; high: number };
  /** Participants who accept the place; null when no place is asked. */
  venueAccepts: number | null;
  /** The languages the meeting can be held in: the participants' most common one, then any spoken by many of them. */
  languages: string[];
  /** The next best slot (for the same theme and format) and place, with how many they suit. */
  alternatives: { slot: { value: string; participants: number } | null; venue: { value: string; accepts: number } | null };
  reasons: Reason[];
};

export type ProgrammeBound =
  /** k meetings chosen greedily: at least this share of the best k meetings' reach. */
  | { kind: "greedy"; ratio: number }
  /** Stopped before k: no other meeting brings minGroupSize new people; the best k cannot reach more than `atMost`. */
  | { kind: "stopped"; ratio: number; atMost: number };

export type Programme = {
  k: number;
  proposals: Proposal[];
  /** Distinct respondents reached by at least one proposal, released like any count; null when fewer than k. */
  reached: number | null;
  share: number | null;
  interval: Interval | null;
  /** What greedy guarantees, from exact counts (the reach it speaks of is the exact one). */
  bound: ProgrammeBound;
  reasons: Reason[];
};

export type PartnerMeeting = {
  antenna: string | null;
  skill: string;
  offers: number;
  /** Members looking for the skill who do not offer it themselves. */
  needs: number;
  /** Needs that can be met one to one: the smaller of the two sides. */
  matches: number;
  reasons: Reason[];
};

export type TransversalPair = {
  themes: [string, string];
  together: number;
  lift: number;
  /** The hypergeometric tail probability of seeing that many together by chance, before correction. */
  pValue: number;
  reasons: Reason[];
};

export type MissingRole = { role: QuestionRole; reason: Reason };

export type Recommendations =
  | { suppressed: true; reason: SegmentRefusal; minGroupSize: number; segment: Segment; missingRoles: MissingRole[] }
  | {
      suppressed: false;
      minGroupSize: number;
      segment: Segment;
      /** The release whose members the figures count (docs/decisions/009). */
      release: number;
      /** Respondents in the segment (always at least minGroupSize here). */
      n: number;
      themes: ThemeFigure[];
      proposals: Proposal[];
      programme: Programme | null;
      partnerMeetings: PartnerMeeting[];
      transversalThemes: TransversalPair[];
      missingRoles: MissingRole[];
    };
