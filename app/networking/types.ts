import type { Interval } from "~/results/wilson";
import type { SegmentRefusal } from "~/results/privacy";
import type { QuestionRole } from "~/surveys/roles";

/** One response as the engine reads it: answers keyed by question name. */
export type Respondent = {
  antenna: string | null;
  sector: string | null;
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

export type Proposal = {
  theme: string;
  /** null when the survey does not ask about that dimension (see missingRoles). */
  format: string | null;
  venue: string | null;
  slot: string | null;
  frequency: string | null;
  participants: number;
  /** participants / respondents of the segment, with its 95 % Wilson interval. */
  share: number;
  interval: Interval;
  reasons: Reason[];
};

export type Programme = {
  k: number;
  proposals: Proposal[];
  /** Distinct respondents reached by at least one proposal, released like any count; null when fewer than k. */
  reached: number | null;
  share: number | null;
  interval: Interval | null;
  reasons: Reason[];
};

export type PartnerMeeting = { antenna: string | null; skill: string; offers: number; needs: number; reasons: Reason[] };

export type TransversalPair = { themes: [string, string]; together: number; lift: number; reasons: Reason[] };

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
