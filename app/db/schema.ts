// The one schema of Maillage. Each table is written by one domain module only
// (see docs/ARCHITECTURE in README): auth/ owns users, sessions, api_tokens and
// login_attempts; admin owns antennas and sectors; surveys/, responses/ and
// results/ own theirs.
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

import type { Locale, LocalizedName, Role } from "./values";

export { LOCALES, ROLES, type Locale, type LocalizedName, type Role } from "./values";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const antennas = pgTable("antennas", {
  code: text("code").primaryKey(),
  name: jsonb("name").$type<LocalizedName>().notNull(),
  defaultLocale: text("default_locale").$type<Locale>().notNull().default("fr"),
  createdAt: createdAt(),
});

export const sectors = pgTable("sectors", {
  code: text("code").primaryKey(),
  name: jsonb("name").$type<LocalizedName>().notNull(),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role").$type<Role>().notNull(),
    passwordHash: text("password_hash").notNull(),
    locale: text("locale").$type<Locale>(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    check("users_role_check", sql`${t.role} in ('admin', 'staff', 'reader')`),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    // sha-256 of the cookie's token: a leaked table does not open sessions.
    idHash: text("id_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    // The first characters, so a person can tell their tokens apart in a list.
    prefix: text("prefix").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    // Chosen at creation (90 days unless said); a token past it no longer opens anything.
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull().default(sql`now() + interval '90 days'`),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    // "account:<email>" or "address:<ip>"; kept 15 minutes.
    key: text("key").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_attempts_key_at_idx").on(t.key, t.at)],
);

export const surveys = pgTable(
  "surveys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    title: jsonb("title").$type<Record<string, string>>().notNull(),
    status: text("status").$type<"draft" | "open" | "closed" | "archived">().notNull().default("draft"),
    antennas: text("antennas").array().notNull().default(sql`'{}'::text[]`),
    sectors: text("sectors").array().notNull().default(sql`'{}'::text[]`),
    locales: text("locales").array().notNull().default(sql`'{fr,nl,en}'::text[]`),
    access: text("access").$type<"public" | "invitation">().notNull().default("public"),
    anonymous: boolean("anonymous").notNull().default(true),
    minGroupSize: integer("min_group_size").notNull().default(5),
    opensAt: timestamp("opens_at", { withTimezone: true }),
    closesAt: timestamp("closes_at", { withTimezone: true }),
    currentVersion: integer("current_version").notNull().default(1),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    // The definition before the designer's last change, and which change it was: "undo" puts it back (and keeps this one to redo).
    undo: jsonb("undo").$type<{ definition: Record<string, unknown>; change: string }>(),
  },
  (t) => [
    uniqueIndex("surveys_slug_key").on(t.slug),
    check("surveys_min_group_size_check", sql`${t.minGroupSize} >= 3`),
  ],
);

export const surveyVersions = pgTable(
  "survey_versions",
  {
    surveyId: uuid("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    definition: jsonb("definition").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.version] })],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    surveyId: uuid("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    antenna: text("antenna"),
    sector: text("sector"),
    // A day, not an instant: nothing finer may match an invitation to an anonymous response.
    usedOn: date("used_on"),
    // While its holder answers: a hash of the response it started, so that one invitation keeps
    // one response. Erased when the invitation is used (an anonymous survey then keeps no link).
    startedResponse: text("started_response"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("invitations_token_key").on(t.tokenHash), index("invitations_survey_idx").on(t.surveyId)],
);

export const responses = pgTable(
  "responses",
  {
    // Generated by the member's browser: the idempotency key of every save.
    id: uuid("id").primaryKey(),
    surveyId: uuid("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    locale: text("locale").$type<Locale>().notNull(),
    antenna: text("antenna"),
    sector: text("sector"),
    answers: jsonb("answers").$type<Record<string, unknown>>().notNull(),
    complete: boolean("complete").notNull().default(false),
    // Set only for surveys that are not anonymous.
    invitationId: uuid("invitation_id").references(() => invitations.id, { onDelete: "set null" }),
    resumeTokenHash: text("resume_token_hash"),
    createdOn: date("created_on").notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    // The cell key method's record key (docs/decisions/009): random, never released, linked to nothing.
    recordKey: integer("record_key").notNull().default(sql`floor(random() * 65536)::int`),
    // The release (releases.number) whose figures first counted it; null until then
    // (set by responses/release.server.ts, never by a submission).
    releasedIn: integer("released_in"),
    // Withdrawn by its member after a release: kept without words or links until the next release.
    withdrawn: boolean("withdrawn").notNull().default(false),
    // The page the member was on at the last save (the definition's page index), to resume there.
    page: integer("page").notNull().default(0),
  },
  (t) => [
    index("responses_survey_complete_idx").on(t.surveyId, t.complete),
    // A view's members per release, read without the rows (docs/decisions/009).
    index("responses_survey_antenna_sector_idx").on(t.surveyId, t.antenna, t.sector, t.releasedIn),
    // What the next release reads: small, since complete responses are released in batches.
    index("responses_unreleased_idx").on(t.surveyId).where(sql`${t.complete} and ${t.releasedIn} is null`),
    // Free texts in the order of their random record keys (no date to read from the order).
    index("responses_released_key_idx").on(t.surveyId, t.recordKey, t.id).where(sql`${t.releasedIn} is not null`),
    // The recommendations read released responses release by release, a page at a time (networking/load.server.ts).
    index("responses_release_page_idx").on(t.surveyId, t.releasedIn, t.recordKey, t.id).where(sql`${t.releasedIn} is not null`),
    index("responses_withdrawn_idx").on(t.surveyId).where(sql`${t.withdrawn}`),
  ],
);

/**
 * Each release of a survey's figures (docs/decisions/009-cell-key-perturbation.md):
 * complete responses are released in batches of at least minGroupSize, and all
 * at once when the survey closes. Written by responses/release.server.ts only.
 */
export const releases = pgTable(
  "releases",
  {
    surveyId: uuid("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    releasedAt: timestamp("released_at", { withTimezone: true }).notNull().defaultNow(),
    // Complete responses this release counted, and withdrawn ones it took out.
    responses: integer("responses").notNull(),
    purged: integer("purged").notNull().default(0),
    // A closing release shows every view in full, whatever its batch.
    closing: boolean("closing").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.number] })],
);

/**
 * Counts of released responses per segment (antenna, sector, language, month)
 * and per answer, with the sum of the counted respondents' record keys, kept by
 * responses/release.server.ts and read by results/: the figures of a view are
 * sums over these rows (docs/decisions/005 and 009).
 */
export const responseCounts = pgTable(
  "response_counts",
  {
    surveyId: uuid("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    antenna: text("antenna"),
    sector: text("sector"),
    locale: text("locale").notNull(),
    // The first day of the month the response was started in.
    month: date("month").notNull(),
    // '' with kind "respondents": the respondent count of the segment.
    question: text("question").notNull(),
    // respondents, answered (given as a choice or a number), written (given as free text), scalar, element, cell.
    kind: text("kind").notNull(),
    // A matrix row, or a list item's position (1 = first); '' otherwise.
    key: text("key").notNull().default(""),
    // A choice value, an array item or a matrix column; '' when the kind says it all.
    value: text("value").notNull().default(""),
    count: integer("count").notNull(),
    // Sum of the counted respondents' record keys, modulo 65536: the cell key's part.
    keySum: integer("key_sum").notNull().default(0),
  },
  (t) => [
    unique("response_counts_key").on(t.surveyId, t.antenna, t.sector, t.locale, t.month, t.question, t.kind, t.key, t.value).nullsNotDistinct(),
  ],
);

export const shareLinks = pgTable(
  "share_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    surveyId: uuid("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    label: text("label").notNull().default(""),
    antenna: text("antenna"),
    sector: text("sector"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("share_links_token_key").on(t.tokenHash)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    target: text("target"),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("audit_log_at_idx").on(t.at)],
);
