import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "~/auth/api-tokens.server";
import { serializeSessionCookie } from "~/auth/guard.server";
import { createSession } from "~/auth/sessions.server";
import { createUser } from "~/auth/users.server";
import { getDb } from "~/db/db.server";
import { shareLinks } from "~/db/schema";
import { DEMO_SURVEY_SLUG } from "~/demo/demo-survey.server";
import { createShareLink, revokeShareLink } from "~/results/share-links.server";
import { getSurveyBySlug } from "~/surveys/surveys.server";
import { call } from "./app";
import * as account from "~/routes/account";
import * as adminAntennas from "~/routes/admin.antennas";
import * as adminAudit from "~/routes/admin.audit";
import * as adminSectors from "~/routes/admin.sectors";
import * as adminUsers from "~/routes/admin.users";
import * as adminUserExport from "~/routes/admin.users.$id.export[.json]";
import * as apiSurveys from "~/routes/api.surveys";
import * as apiSurvey from "~/routes/api.surveys.$slug";
import * as apiInvitations from "~/routes/api.surveys.$slug.invitations";
import * as apiPublish from "~/routes/api.surveys.$slug.publish";
import * as apiRecommendations from "~/routes/api.surveys.$slug.recommendations";
import * as apiResults from "~/routes/api.surveys.$slug.results";
import * as sharePage from "~/routes/r.$token";
import * as surveyList from "~/routes/surveys._index";
import * as overview from "~/routes/surveys.$slug._index";
import * as edit from "~/routes/surveys.$slug.edit";
import * as exportAll from "~/routes/surveys.$slug.export[.json]";
import * as definitionJson from "~/routes/surveys.$slug.json";
import * as preview from "~/routes/surveys.$slug.preview";
import * as recommendations from "~/routes/surveys.$slug.recommendations";
import * as results from "~/routes/surveys.$slug.results";
import * as resultsCsv from "~/routes/surveys.$slug.results[.csv]";
import * as settings from "~/routes/surveys.$slug.settings";
import * as share from "~/routes/surveys.$slug.share";
import * as shares from "~/routes/surveys.$slug.shares";
import * as newSurvey from "~/routes/surveys.new";

// Every staff route × every kind of visitor → the status it must answer.
// 302 is the login redirect for an anonymous visitor; 403 a signed-in user without the permission.

type Who = "anonymous" | "reader" | "staff" | "admin";
const WHO: Who[] = ["anonymous", "reader", "staff", "admin"];
const headers: Record<Who, Record<string, string>> = { anonymous: {}, reader: {}, staff: {}, admin: {} };
let adminId = "";
const slug = DEMO_SURVEY_SLUG;

beforeAll(async () => {
  const db = await getDb();
  for (const role of ["reader", "staff", "admin"] as const) {
    const user = await createUser(db, { email: `${role}@matrix.test`, name: role, role, password: `${role} matrix password` });
    if (role === "admin") adminId = user.id;
    headers[role] = { Cookie: (await serializeSessionCookie(await createSession(db, { userId: user.id }))).split(";")[0]! };
  }
});

type Row = [string, (args: never) => unknown, Record<string, string>, string, Record<Who, number>];
const page = (reader: number, staff: number, admin = 200) => ({ anonymous: 302, reader, staff, admin });
const api = (reader: number, staff: number, admin = staff, anonymous = 401) => ({ anonymous, reader, staff, admin });

const GETS: Row[] = [
  ["/account", account.loader, {}, "", page(200, 200)],
  ["/admin/users", adminUsers.loader, {}, "", page(403, 403)],
  ["/admin/antennas", adminAntennas.loader, {}, "", page(403, 403)],
  ["/admin/sectors", adminSectors.loader, {}, "", page(403, 403)],
  ["/admin/audit", adminAudit.loader, {}, "", page(403, 403)],
  ["/surveys", surveyList.loader, {}, "", page(200, 200)],
  ["/surveys/new", newSurvey.loader, {}, "", page(403, 200)],
  [`/surveys/${slug}`, overview.loader, { slug }, "", page(200, 200)],
  [`/surveys/${slug}/edit`, edit.loader, { slug }, "", page(403, 200)],
  [`/surveys/${slug}/settings`, settings.loader, { slug }, "", page(403, 200)],
  [`/surveys/${slug}/share`, share.loader, { slug }, "", page(200, 200)],
  [`/surveys/${slug}/shares`, shares.loader, { slug }, "", page(403, 200)],
  [`/surveys/${slug}/preview`, preview.loader, { slug }, "", page(200, 200)],
  [`/surveys/${slug}/json`, definitionJson.loader, { slug }, "", page(200, 200)],
  [`/surveys/${slug}/results`, results.loader, { slug }, "", page(200, 200)],
  [`/surveys/${slug}/results.csv`, resultsCsv.loader, { slug }, "", page(200, 200)],
  [`/surveys/${slug}/recommendations`, recommendations.loader, { slug }, "?antenna=lie", page(200, 200)],
  [`/surveys/${slug}/export.json`, exportAll.loader, { slug }, "", page(403, 403)],
  [`/api/surveys/${slug}`, apiSurvey.loader, { slug }, "", api(200, 200, 200, 200)],
  [`/api/surveys/${slug}/results`, apiResults.loader, { slug }, "", api(200, 200)],
  [`/api/surveys/${slug}/recommendations`, apiRecommendations.loader, { slug }, "?antenna=lie", api(200, 200)],
];

describe("who may open what", () => {
  it.each(GETS.flatMap(([path, handler, params, search, expected]) => WHO.map((who) => [path, who, handler, params, search, expected[who]] as const)))(
    "GET %s as %s",
    async (path, who, handler, params, search, status) => {
      const response = await call(handler as never, { path: path + search, params, headers: headers[who] });
      expect(response.status).toBe(status);
    },
  );

  it("lets an admin export a staff account's data, and no one else", async () => {
    for (const who of WHO) {
      const response = await call(adminUserExport.loader as never, { params: { id: adminId }, headers: headers[who] });
      expect(response.status, who).toBe(who === "admin" ? 200 : who === "anonymous" ? 302 : 403);
    }
  });

  it("lets only staff and admins change surveys through the API, never readers or strangers", async () => {
    for (const who of WHO) {
      const created = await call(apiSurveys.action as never, { method: "POST", json: { slug: `matrix-${who}`, title: "Matrice", definition: { pages: [{ name: "p", elements: [{ type: "text", name: "q", title: "Q" }] }] } }, headers: headers[who] });
      expect(created.status, who).toBe({ anonymous: 401, reader: 403, staff: 201, admin: 201 }[who]);
      const invited = await call(apiInvitations.action as never, { method: "POST", params: { slug }, json: { count: 1 }, headers: headers[who] });
      expect(invited.status, who).toBe({ anonymous: 401, reader: 403, staff: 201, admin: 201 }[who]);
      const published = await call(apiPublish.action as never, { method: "POST", params: { slug: "no-such-survey" }, headers: headers[who] });
      expect(published.status, who).toBe({ anonymous: 401, reader: 403, staff: 404, admin: 404 }[who]);
    }
  });

  it("never lets a reader or a stranger close a survey from its page, nor staff manage accounts", async () => {
    const close = (who: Who) => call(overview.action as never, { method: "POST", params: { slug: "matrix-staff" }, body: new URLSearchParams({ intent: "close" }), headers: { ...headers[who], "Content-Type": "application/x-www-form-urlencoded" } });
    expect((await close("anonymous")).status).toBe(302);
    expect((await close("reader")).status).toBe(403);
    const manage = await call(adminUsers.action as never, { method: "POST", body: new URLSearchParams({ intent: "create", email: "x@y.be", name: "x", role: "admin", password: "a long password 1" }), headers: { ...headers.staff, "Content-Type": "application/x-www-form-urlencoded" } });
    expect(manage.status).toBe(403);
  });

  it("opens a share link's results until it expires or is revoked, and a revoked token stops working", async () => {
    const db = await getDb();
    const survey = (await getSurveyBySlug(db, { slug }))!;
    const expiresOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const { link, token } = await createShareLink(db, { surveyId: survey.id, slug, userId: adminId, input: { label: "GT", expiresOn, antenna: "lie" } });
    expect((await call(sharePage.loader as never, { params: { token } })).status).toBe(200);
    expect((await call(apiResults.loader as never, { path: `/?share=${token}`, params: { slug } })).status).toBe(200);
    expect((await call(apiResults.loader as never, { path: `/?share=${token}&antenna=cha`, params: { slug } })).status).toBe(403);
    await db.update(shareLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(shareLinks.id, link.id));
    expect((await call(sharePage.loader as never, { params: { token } })).status).toBe(404);
    expect((await call(apiResults.loader as never, { path: `/?share=${token}`, params: { slug } })).status).toBe(403);
    const second = await createShareLink(db, { surveyId: survey.id, slug, userId: adminId, input: { label: "GT2", expiresOn } });
    await revokeShareLink(db, { surveyId: survey.id, slug, id: second.link.id, userId: adminId });
    expect((await call(sharePage.loader as never, { params: { token: second.token } })).status).toBe(404);

    const { id, token: apiToken } = await createApiToken(db, { userId: adminId, name: "matrix" });
    const bearer = { Authorization: `Bearer ${apiToken}` };
    expect((await call(apiResults.loader as never, { params: { slug }, headers: bearer })).status).toBe(200);
    await revokeApiToken(db, { userId: adminId, id });
    expect((await call(apiResults.loader as never, { params: { slug }, headers: bearer })).status).toBe(401);
  });
});
