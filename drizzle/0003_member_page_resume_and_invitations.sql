ALTER TABLE "invitations" ADD COLUMN "started_response" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "page" integer DEFAULT 0 NOT NULL;