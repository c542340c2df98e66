CREATE TABLE "response_counts" (
	"survey_id" uuid NOT NULL,
	"antenna" text,
	"sector" text,
	"locale" text NOT NULL,
	"question" text NOT NULL,
	"kind" text NOT NULL,
	"key" text DEFAULT '' NOT NULL,
	"value" text DEFAULT '' NOT NULL,
	"count" integer NOT NULL,
	"total" numeric DEFAULT '0' NOT NULL,
	CONSTRAINT "response_counts_key" UNIQUE NULLS NOT DISTINCT("survey_id","antenna","sector","locale","question","kind","key","value")
);
--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "tallied" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "response_counts" ADD CONSTRAINT "response_counts_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "responses_untallied_idx" ON "responses" USING btree ("survey_id") WHERE "responses"."complete" and not "responses"."tallied";--> statement-breakpoint
CREATE INDEX "responses_complete_recent_idx" ON "responses" USING btree ("survey_id","updated_at" DESC NULLS LAST,"id") WHERE "responses"."complete";