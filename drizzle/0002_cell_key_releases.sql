CREATE TABLE "releases" (
	"survey_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"released_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responses" integer NOT NULL,
	"purged" integer DEFAULT 0 NOT NULL,
	"closing" boolean DEFAULT false NOT NULL,
	CONSTRAINT "releases_survey_id_number_pk" PRIMARY KEY("survey_id","number")
);
--> statement-breakpoint
-- The summary is counted again, with months and record keys, by the first release (ADR 009).
DELETE FROM "response_counts";--> statement-breakpoint
ALTER TABLE "response_counts" DROP CONSTRAINT "response_counts_key";--> statement-breakpoint
DROP INDEX "responses_untallied_idx";--> statement-breakpoint
DROP INDEX "responses_complete_recent_idx";--> statement-breakpoint
DROP INDEX "responses_survey_antenna_sector_idx";--> statement-breakpoint
ALTER TABLE "response_counts" ADD COLUMN "month" date NOT NULL;--> statement-breakpoint
ALTER TABLE "response_counts" ADD COLUMN "key_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "record_key" integer DEFAULT floor(random() * 65536)::int NOT NULL;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "released_in" integer;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "withdrawn" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "responses_unreleased_idx" ON "responses" USING btree ("survey_id") WHERE "responses"."complete" and "responses"."released_in" is null;--> statement-breakpoint
CREATE INDEX "responses_released_key_idx" ON "responses" USING btree ("survey_id","record_key","id") WHERE "responses"."released_in" is not null;--> statement-breakpoint
CREATE INDEX "responses_withdrawn_idx" ON "responses" USING btree ("survey_id") WHERE "responses"."withdrawn";--> statement-breakpoint
CREATE INDEX "responses_survey_antenna_sector_idx" ON "responses" USING btree ("survey_id","antenna","sector","released_in");--> statement-breakpoint
ALTER TABLE "response_counts" DROP COLUMN "total";--> statement-breakpoint
ALTER TABLE "responses" DROP COLUMN "tallied";--> statement-breakpoint
ALTER TABLE "response_counts" ADD CONSTRAINT "response_counts_key" UNIQUE NULLS NOT DISTINCT("survey_id","antenna","sector","locale","month","question","kind","key","value");