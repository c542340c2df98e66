import { describe, expect, it } from "vitest";
import { audit } from "~/auth/audit.server";
import { createApiToken } from "~/auth/api-tokens.server";
import { createSession } from "~/auth/sessions.server";
import { createUser, eraseUser, getUser } from "~/auth/users.server";
import { createInvitations, eraseUnusedInvitations, invitationStats } from "~/responses/invitations.server";
import { submitResponse } from "~/responses/responses.server";
import { createSurvey, getSurveyById, setSurveyStatus } from "~/surveys/surveys.server";
import { surveySettingsSchema } from "~/surveys/survey-forms";
import { testDrivers, useTestDatabase } from "../../test/db";
import { exportSurveyData, exportUserData } from "./personal-data.server";

const t = (fr: string) => ({ default: fr, nl: fr, en: fr });
const definition = { pages: [{ name: "p", elements: [{ type: "radiogroup", name: "q", title: t("Q"), choices: ["a", "b"] }] }] };

describe.each(testDrivers)("personal data on %s", (driver) => {
  const database = useTestDatabase(driver);
  const db = () => database().db;

  it("exports everything about a survey, without any secret", async () => {
    const created = await createSurvey(db(), { slug: "gdpr-export", title: t("S"), definition, settings: surveySettingsSchema.parse({ access: "invitation" }), createdBy: null });
    await setSurveyStatus(db(), { surveyId: created.id, status: "open" });
    const survey = (await getSurveyById(db(), { id: created.id }))!;
    const [token] = await createInvitations(db(), { surveyId: survey.id, count: 2, antenna: null, sector: null });
    await submitResponse(db(), { survey, body: { id: crypto.randomUUID(), locale: "fr", answers: { q: "a" }, complete: true, invitation: token } });
    await audit(db(), { userId: null, action: "survey.publish", target: survey.slug });
    const data = await exportSurveyData(db(), { surveyId: survey.id });
    expect(data.responses).toHaveLength(1);
    expect(data.responses[0]?.answers).toEqual({ q: "a" });
    expect(data.invitations).toHaveLength(2);
    expect(data.auditLog.map((e) => e.action)).toContain("survey.publish");
    expect(JSON.stringify(data)).not.toContain(token);
    expect(JSON.stringify(data)).not.toMatch(/token_?hash|tokenHash|resumeTokenHash/i);
    expect(await eraseUnusedInvitations(db(), { surveyId: survey.id })).toBe(1);
    expect(await invitationStats(db(), { surveyId: survey.id })).toEqual({ created: 1, used: 1 });
  });

  it("exports a staff account and erases it, keeping its logged actions unnamed", async () => {
    const admin = await createUser(db(), { email: "gdpr-admin@example.org", name: "A", role: "admin", password: "admin password 77" });
    const staff = await createUser(db(), { email: "gdpr-staff@example.org", name: "S", role: "staff", password: "staff password 77" });
    const { token } = await createApiToken(db(), { userId: staff.id, name: "script" });
    await createSession(db(), { userId: staff.id });
    await audit(db(), { userId: staff.id, action: "survey.edit", target: "x" });
    const data = await exportUserData(db(), { userId: staff.id });
    expect(data).toMatchObject({ user: { email: "gdpr-staff@example.org" }, openSessions: 1, apiTokens: [{ name: "script" }] });
    expect(JSON.stringify(data)).not.toContain(token);
    await expect(eraseUser(db(), { userId: admin.id, byUserId: admin.id })).rejects.toMatchObject({ code: "cannot_erase_self" });
    await eraseUser(db(), { userId: staff.id, byUserId: admin.id });
    expect(await getUser(db(), { id: staff.id })).toBeNull();
    await expect(exportUserData(db(), { userId: staff.id })).rejects.toMatchObject({ status: 404 });
  });
});
