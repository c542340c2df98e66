// The attacks of a determined reader, written against one interface (Reader)
// so that each runs three ways: on what Maillage really releases (the API,
// the exports, the share links), on an unprotected release (exact counts: the
// attack must work there, or it proves nothing), and on the "chance" release.
//
// Chance is what the released noise alone allows (the design's promise): every
// distinct set of respondents counted carries its own independent adjustment
// drawn from the perturbation table, the same set always the same one, under
// the same "fewer than k" rule. An attack that does better on the real release
// than on that one has found a flaw in how the adjustments are tied to the
// data: adjustments that are not independent, figures of the same people that
// differ, a batch that lets one answer through, a text in two lists, a count
// released as itself.
import { MAX_ADJUSTMENT, PERTURBATION } from "~/results/cell-key";
import { counts, FIGURES, type Filters, GROUPS, type Group, inView, K, type Person, random, truth } from "./plant";

export type ReleasedView = {
  refused: boolean;
  /** Figure → released count (null: "fewer than k"); empty when refused. */
  figures: Map<string, number | null>;
  /** The view's list of suggestions, or null when none is shown. */
  texts: string[] | null;
};

export type Channel = "api" | "share" | "csv";

export interface Reader {
  view(filters: Filters, channel?: Channel): Promise<ReleasedView>;
  /** The recommendations' theme counts of a segment (null: refused). */
  themes(segment: { antenna?: string }): Promise<Map<string, number | null> | null>;
}

/** What the attacker knows without reading any figure: the filters the pages offer. */
export type Context = { antennas: string[]; sectors: string[]; locales: ("fr" | "nl" | "en")[] };

/** Estimates of small groups' figures, keyed "<group>|<figure>". */
export type Estimates = Map<string, number>;

// ---------------------------------------------------------------------------
// The reference releases

const viewKey = (filters: Filters) => JSON.stringify(Object.entries(filters).filter(([, v]) => v !== undefined).sort());

/** Draws an adjustment from the perturbation table. */
function drawAdjustment(next: () => number): number {
  let u = next();
  for (const { adjustment, probability } of PERTURBATION) {
    if (u < probability) return adjustment;
    u -= probability;
  }
  return PERTURBATION.at(-1)!.adjustment;
}

/**
 * The chance release, the design's promise and no more: each distinct set of
 * respondents counted gets its own adjustment, drawn independently from the
 * perturbation table, and the same set gets the same one in every view.
 */
export class ChanceReader implements Reader {
  private readonly next: () => number;
  private readonly drawn = new Map<string, number>();
  private readonly ids: Map<Person, number>;
  constructor(private readonly people: Person[], seed: number) {
    this.next = random(seed);
    this.ids = new Map(people.map((person, i) => [person, i]));
  }
  private release(members: Person[]): number | null {
    const count = members.length;
    if (count === 0) return 0;
    if (count < K) return null;
    const key = members.map((person) => this.ids.get(person)).join(",");
    let d = this.drawn.get(key);
    if (d === undefined) this.drawn.set(key, (d = drawAdjustment(this.next)));
    return count + d < K ? null : count + d;
  }
  async view(filters: Filters): Promise<ReleasedView> {
    const members = this.people.filter((person) => inView(person, filters));
    const n = this.release(members);
    if (members.length < K || n === null) return { refused: true, figures: new Map(), texts: null };
    const figures = new Map(FIGURES.map((figure) => [figure, figure === "n" ? n : this.release(members.filter((person) => counts(person, figure)))]));
    const writers = members.filter((person) => typeof person.answers.suggestion === "string");
    const whole = viewKey(filters) === "[]";
    return { refused: false, figures, texts: whole && writers.length >= K ? writers.map((person) => person.answers.suggestion as string) : null };
  }
  async themes(segment: { antenna?: string }): Promise<Map<string, number | null> | null> {
    const view = await this.view({ antenna: segment.antenna });
    if (view.refused) return null;
    return new Map([...view.figures].filter(([figure]) => figure.startsWith("themes:")).map(([figure, count]) => [figure.slice(7), count]));
  }
}

/** The unprotected release: exact counts of every view of at least k, and texts in every view. */
export class ExactReader implements Reader {
  constructor(private readonly people: Person[]) {}
  async view(filters: Filters): Promise<ReleasedView> {
    const members = this.people.filter((person) => inView(person, filters));
    if (members.length < K) return { refused: true, figures: new Map(), texts: null };
    const texts = members.filter((person) => typeof person.answers.suggestion === "string").map((person) => person.answers.suggestion as string);
    return { refused: false, figures: truth(members), texts };
  }
  async themes(segment: { antenna?: string }): Promise<Map<string, number | null> | null> {
    const view = await this.view({ antenna: segment.antenna });
    if (view.refused) return null;
    return new Map([...view.figures].filter(([figure]) => figure.startsWith("themes:")).map(([figure, count]) => [figure.slice(7), count]));
  }
}

// ---------------------------------------------------------------------------
// Scoring

/** What an attacker writes for a figure it cannot read: the middle of 1..k-1. */
const UNKNOWN = (K - 1) / 2;

const read = (view: ReleasedView, figure: string): number => (view.refused ? UNKNOWN : (view.figures.get(figure) ?? UNKNOWN));

/** The exact figures of the groups an attack targets, keyed like its estimates. */
export function targets(people: Person[], groups: Group["name"][], figures: string[] = FIGURES): Map<string, number> {
  const found = new Map<string, number>();
  for (const group of GROUPS.filter((g) => groups.includes(g.name))) {
    const members = people.filter(group.members);
    for (const figure of figures) found.set(`${group.name}|${figure}`, members.filter((person) => counts(person, figure)).length);
  }
  return found;
}

const isHit = (estimates: Estimates, key: string, value: number) => Math.max(0, Math.round(estimates.get(key) ?? UNKNOWN)) === value;

/** How many targets an attack's estimates give exactly (rounded, never below zero). */
export function exactHits(estimates: Estimates, expected: Map<string, number>): number {
  let hits = 0;
  for (const [key, value] of expected) if (isHit(estimates, key, value)) hits++;
  return hits;
}

/** The same, on the targets that are not zero ("2 of Namur's 3 chose it"): the figures that say most. */
export function nonZeroHits(estimates: Estimates, expected: Map<string, number>): { hits: number; of: number } {
  const nonZero = [...expected].filter(([, value]) => value > 0);
  return { hits: nonZero.filter(([key, value]) => isHit(estimates, key, value)).length, of: nonZero.length };
}

// ---------------------------------------------------------------------------
// The attacks on figures

export type FigureAttack = {
  name: string;
  describe: string;
  groups: Group["name"][];
  figures?: string[];
  run: (reader: Reader, context: Context) => Promise<Estimates>;
};

/** `combine(views)` for every figure: a linear combination of the same figure in several views. */
async function combination(reader: Reader, terms: { filters: Filters; sign: number; channel?: Channel }[]): Promise<(figure: string) => number> {
  const views = await Promise.all(terms.map((term) => reader.view(term.filters, term.channel)));
  return (figure) => terms.reduce((sum, term, i) => sum + term.sign * read(views[i]!, figure), 0);
}

const everyFigure = (group: Group["name"], estimate: (figure: string) => number, figures = FIGURES): [string, number][] =>
  figures.map((figure) => [`${group}|${figure}`, estimate(figure)]);

export const siblingSums: FigureAttack = {
  name: "sums of siblings",
  describe: "a small group as a wider view minus its other parts (whole − other antennas, Charleroi − its French and English speakers, Liège − its other sectors, whole − other months)",
  groups: ["smallAntenna", "speaker", "pair", "month"],
  async run(reader, { antennas, sectors }) {
    const small = await combination(reader, [{ filters: {}, sign: 1 }, ...antennas.filter((a) => a !== "nam").map((antenna) => ({ filters: { antenna }, sign: -1 }))]);
    const speaker = await combination(reader, [{ filters: { antenna: "cha" }, sign: 1 }, { filters: { antenna: "cha", locale: "fr" }, sign: -1 }, { filters: { antenna: "cha", locale: "en" }, sign: -1 }]);
    const pair = await combination(reader, [{ filters: { antenna: "lie" }, sign: 1 }, ...sectors.filter((s) => s !== "musique").map((sector) => ({ filters: { antenna: "lie", sector }, sign: -1 }))]);
    const month = await combination(reader, [{ filters: {}, sign: 1 }, { filters: { from: "2026-09", to: "2026-09" }, sign: -1 }, { filters: { from: "2026-11", to: "2026-11" }, sign: -1 }]);
    return new Map([...everyFigure("smallAntenna", small), ...everyFigure("speaker", speaker), ...everyFigure("pair", pair), ...everyFigure("month", month)]);
  },
};

export const inclusionExclusion: FigureAttack = {
  name: "inclusion–exclusion over two filters",
  describe: "whole − Brussels − design + Brussels × design: everyone outside both, i.e. the pair",
  groups: ["pair"],
  async run(reader) {
    const pair = await combination(reader, [
      { filters: {}, sign: 1 },
      { filters: { antenna: "bru" }, sign: -1 },
      { filters: { sector: "design" }, sign: -1 },
      { filters: { antenna: "bru", sector: "design" }, sign: 1 },
    ]);
    return new Map(everyFigure("pair", pair));
  },
};

/** Solves the least-squares system A x ≈ b (rows of A as index lists, all coefficients 1) with a small ridge. */
function leastSquares(rows: number[][], b: number[], unknowns: number): number[] {
  const m = Array.from({ length: unknowns }, () => new Float64Array(unknowns + 1));
  rows.forEach((row, r) => {
    for (const i of row) {
      for (const j of row) m[i]![j]! += 1;
      m[i]![unknowns]! += b[r]!;
    }
  });
  for (let i = 0; i < unknowns; i++) m[i]![i]! += 1e-6;
  for (let col = 0; col < unknowns; col++) {
    let pivot = col;
    for (let r = col + 1; r < unknowns; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < unknowns; r++) {
      if (r === col) continue;
      const factor = m[r]![col]! / p;
      if (factor === 0) continue;
      for (let c = col; c <= unknowns; c++) m[r]![c]! -= factor * m[col]![c]!;
    }
  }
  return m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[unknowns]! / row[i]!));
}

export const leastSquaresAttack: FigureAttack = {
  name: "least squares over every filter combination",
  describe: "every view of antenna × sector × language (each filter set or not) solved for the counts of each antenna × sector × language cell",
  groups: ["smallAntenna", "pair", "speaker"],
  async run(reader, { antennas, sectors, locales }) {
    const cells: { antenna: string; sector: string; locale: string }[] = [];
    for (const antenna of antennas) for (const sector of sectors) for (const locale of locales) cells.push({ antenna, sector, locale });
    const views: Filters[] = [];
    for (const antenna of [undefined, ...antennas]) for (const sector of [undefined, ...sectors]) for (const locale of [undefined, ...locales]) views.push({ antenna, sector, locale });
    const released = await Promise.all(views.map((filters) => reader.view(filters)));
    const members = (filters: Filters) =>
      cells.flatMap((cell, i) => ((filters.antenna ?? cell.antenna) === cell.antenna && (filters.sector ?? cell.sector) === cell.sector && (filters.locale ?? cell.locale) === cell.locale ? [i] : []));
    const rowsOf = views.map(members);
    const estimates: Estimates = new Map();
    const groupCells = {
      smallAntenna: cells.flatMap((cell, i) => (cell.antenna === "nam" ? [i] : [])),
      pair: cells.flatMap((cell, i) => (cell.antenna === "lie" && cell.sector === "musique" ? [i] : [])),
      speaker: cells.flatMap((cell, i) => (cell.antenna === "cha" && cell.locale === "nl" ? [i] : [])),
    };
    for (const figure of FIGURES) {
      // Only the figures the views release are equations; a refused view or "fewer than k" tells no number.
      const rows: number[][] = [];
      const b: number[] = [];
      released.forEach((view, v) => {
        const value = view.refused ? null : view.figures.get(figure);
        if (value === null || value === undefined) return;
        rows.push(rowsOf[v]!);
        b.push(value);
      });
      const x = leastSquares(rows, b, cells.length);
      for (const [group, indexes] of Object.entries(groupCells)) estimates.set(`${group}|${figure}`, indexes.reduce((sum, i) => sum + Math.max(0, x[i]!), 0));
    }
    return estimates;
  },
};

export const overlappingMonths: FigureAttack = {
  name: "overlapping months",
  describe: "three ways to isolate October from month ranges, averaged: Sep–Oct − Sep, Oct–Nov − Nov, Sep–Nov − Sep − Nov",
  groups: ["month"],
  async run(reader) {
    const first = await combination(reader, [{ filters: { from: "2026-09", to: "2026-10" }, sign: 1 }, { filters: { from: "2026-09", to: "2026-09" }, sign: -1 }]);
    const second = await combination(reader, [{ filters: { from: "2026-10", to: "2026-11" }, sign: 1 }, { filters: { from: "2026-11", to: "2026-11" }, sign: -1 }]);
    const third = await combination(reader, [{ filters: { from: "2026-09", to: "2026-11" }, sign: 1 }, { filters: { from: "2026-09", to: "2026-09" }, sign: -1 }, { filters: { from: "2026-11", to: "2026-11" }, sign: -1 }]);
    return new Map(everyFigure("month", (figure) => (first(figure) + second(figure) + third(figure)) / 3));
  },
};

export const askedAnotherWay: FigureAttack = {
  name: "the same views asked another way",
  describe: "the whole − other antennas sum read through the API, the share link and the CSV export, and with Ghent asked as 'Ghent in Dutch' (the same people), averaged",
  groups: ["smallAntenna"],
  async run(reader, { antennas }) {
    const others = antennas.filter((a) => a !== "nam");
    const ways = await Promise.all(
      (["api", "share", "csv"] as Channel[]).flatMap((channel) => [
        combination(reader, [{ filters: {}, sign: 1, channel }, ...others.map((antenna) => ({ filters: { antenna }, sign: -1, channel }))]),
        combination(reader, [{ filters: {}, sign: 1, channel }, ...others.map((antenna) => ({ filters: antenna === "gen" ? { antenna, locale: "nl" } : { antenna }, sign: -1, channel }))]),
      ]),
    );
    return new Map(everyFigure("smallAntenna", (figure) => ways.reduce((sum, way) => sum + way(figure), 0) / ways.length));
  },
};

const THEME_FIGURES = FIGURES.filter((figure) => figure.startsWith("themes:"));

export const recommendationThemes: FigureAttack = {
  name: "the recommendations' theme counts",
  describe: "Namur's theme counts as the whole survey's recommendations minus every other antenna's",
  groups: ["smallAntenna"],
  figures: THEME_FIGURES,
  async run(reader, { antennas }) {
    const whole = await reader.themes({});
    const others = await Promise.all(antennas.filter((a) => a !== "nam").map((antenna) => reader.themes({ antenna })));
    const value = (themes: Map<string, number | null> | null, theme: string) => themes?.get(theme) ?? UNKNOWN;
    return new Map(
      everyFigure(
        "smallAntenna",
        (figure) => {
          const theme = figure.slice(7);
          return value(whole, theme) - others.reduce((sum, themes) => sum + value(themes, theme), 0);
        },
        THEME_FIGURES,
      ),
    );
  },
};

export const FIGURE_ATTACKS = [siblingSums, inclusionExclusion, leastSquaresAttack, overlappingMonths, askedAnotherWay, recommendationThemes];

// ---------------------------------------------------------------------------
// Free texts

/**
 * Set differences of the text lists: the texts of Dutch speakers minus those
 * of Ghent (all Dutch) are Charleroi's Dutch speaker's; the whole list minus
 * every other antenna's list is Namur's. Where no list narrows it down, the
 * attacker can only name texts of the whole list. Returns the texts it names.
 */
export async function freeTextDifferences(reader: Reader, { antennas }: Context): Promise<{ speaker: string[]; smallAntenna: string[] }> {
  const whole = (await reader.view({})).texts ?? [];
  const minus = (from: string[], lists: (string[] | null)[]) => from.filter((text) => !lists.some((list) => list?.includes(text)));
  const dutch = (await reader.view({ locale: "nl" })).texts;
  const ghent = (await reader.view({ antenna: "gen" })).texts;
  const speaker = dutch && ghent ? minus(dutch, [ghent]) : whole;
  const otherLists = await Promise.all(antennas.filter((a) => a !== "nam").map(async (antenna) => (await reader.view({ antenna })).texts));
  const smallAntenna = otherLists.every((list) => list !== null) ? minus(whole, otherLists) : whole;
  return { speaker: speaker.slice(0, 1), smallAntenna: smallAntenna.slice(0, 3) };
}

// ---------------------------------------------------------------------------
// Chance for a sum of independent adjustments (the programme's overlap)

/** The probability that a sum of adjustments, added with these signs, is exactly zero. */
export function chanceOfCancelling(signs: number[]): number {
  let distribution = new Map<number, number>([[0, 1]]);
  for (const sign of signs) {
    const next = new Map<number, number>();
    for (const [sum, p] of distribution) for (const { adjustment, probability } of PERTURBATION) next.set(sum + sign * adjustment, (next.get(sum + sign * adjustment) ?? 0) + p * probability);
    distribution = next;
  }
  return distribution.get(0) ?? 0;
}

export { MAX_ADJUSTMENT };
