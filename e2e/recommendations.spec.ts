import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { ADMIN, logIn, publishTemplate } from "./fixtures";

/**
 * Forty members of Liège: thirty who want a working breakfast about interior
 * design on Monday mornings in a shared space, some offering legal advice and
 * some looking for it, and ten with other wishes.
 */
async function surveyWithAnswers(request: APIRequestContext): Promise<string> {
  const { slug } = await publishTemplate(request);
  const group = { antenna: "lie", sector: "design", themes: ["design", "fair-pricing"], formats: ["working-breakfast"], venues: ["shared-space"], slots: ["mon-morning"], frequency: "weekly" };
  const others = { antenna: "lie", sector: "musique", themes: ["musique"], formats: ["forest-walk"], venues: ["outdoors"], slots: ["weekend"], frequency: "monthly" };
  const answers = [
    ...Array.from({ length: 30 }, (_, i) => ({ ...group, ...(i < 12 ? { offers: ["legal-advice"] } : { needs: ["legal-advice"] }) })),
    ...Array.from({ length: 10 }, () => others),
  ];
  for (const answer of answers) {
    const response = await request.post(`/api/surveys/${slug}/responses`, { data: { id: randomUUID(), locale: "fr", answers: answer, complete: true } });
    expect(response.status()).toBe(201);
  }
  return slug;
}

test.describe("networking recommendations", () => {
  let slug = "";
  test.beforeAll(async ({ request }) => {
    slug = await surveyWithAnswers(request);
  });

  // Every figure is adjusted by up to 2 (the cell key method): 30 members read as 28 to 32.
  const thirty = "(2[89]|3[0-2])";
  const languages = [
    { lng: "en", title: "Networking recommendations", theme: "Design and interior design", participants: new RegExp(`${thirty} interested members`), reason: new RegExp(`${thirty} members want to meet around “Design and interior design”\\.`), format: "Working breakfast" },
    { lng: "fr", title: "Recommandations de rencontres", theme: "Design et architecture d'intérieur", participants: new RegExp(`${thirty} membres intéressé·es`), reason: new RegExp(`${thirty} membres veulent se retrouver`), format: "Petit-déjeuner de travail" },
    { lng: "nl", title: "Aanbevelingen voor ontmoetingen", theme: "Design en interieurarchitectuur", participants: new RegExp(`${thirty} geïnteresseerde leden`), reason: new RegExp(`${thirty} leden`), format: "Werkontbijt" },
  ];
  for (const language of languages) {
    test(`a working group reads proposals with their reasons in ${language.lng}`, async ({ page }) => {
      await logIn(page, ADMIN, language.lng);
      await page.goto(`/surveys/${slug}/recommendations?lng=${language.lng}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(language.title);
      const first = page.locator(".proposal-card").first();
      await expect(first.getByRole("heading")).toHaveText(language.theme);
      await expect(first).toContainText(language.participants);
      await expect(first.locator(".reasons li").first()).toContainText(language.reason);
      await expect(first.locator(".reasons")).toContainText(language.format);
      await expect(page.locator(".theme-table tbody tr").first().getByRole("rowheader")).toHaveText(language.theme);
      await expect(page.locator("#partners-title")).toBeVisible();
      await expect(page.getByTestId("protection-note")).toBeVisible();
    });
  }

  test("the demo survey's planted group of Liège comes first, with its reasons in each language", async ({ page }) => {
    await logIn(page, ADMIN, "en");
    for (const [lng, place, format] of [
      ["fr", "À Liège", "Petit-déjeuner de travail"],
      ["nl", "In Luik", "Werkontbijt"],
      ["en", "In Liège", "Working breakfast"],
    ] as const) {
      await page.goto(`/surveys/faire-reseau-demo/recommendations?lng=${lng}&antenna=lie`);
      const first = page.locator(".proposal-card").first();
      await expect(first.locator(".reasons li").first()).toContainText(place);
      // Its facts start with where it happens, then the format.
      await expect(first.locator("dd").nth(1)).toHaveText(format);
    }
  });

  test("without an antenna, the page gives each antenna's best proposals under its name, each linking to its antenna's page", async ({ page }) => {
    await logIn(page, ADMIN, "en");
    await page.goto("/surveys/faire-reseau-demo/recommendations?lng=en");
    const overview = page.locator(".proposal-overview");
    await expect(overview.getByRole("heading", { level: 3, name: "Liège" })).toBeVisible();
    await expect(overview.getByRole("heading", { level: 3, name: "Brussels" })).toBeVisible();
    // Each antenna's cards name that antenna: no proposal pools members of several cities (online ones say so).
    for (const section of await overview.locator(".antenna-proposals").all()) {
      const name = (await section.getByRole("heading", { level: 3 }).textContent())!;
      const where = await section.locator(".proposal-card .fact:first-child dd").allTextContents();
      expect(where.length).toBeGreaterThan(0);
      expect(new Set(where)).toEqual(new Set([name === "Online, for every antenna" ? "Online, every antenna" : name]));
      expect(where.length).toBeLessThanOrEqual(3);
    }
    await page.getByRole("link", { name: "All proposals for Liège" }).click();
    await expect(page).toHaveURL(/antenna=lie/);
    await expect(page.locator(".proposal-overview")).toHaveCount(0);
    const first = page.locator(".proposal-card").first();
    await expect(first.locator(".reasons li").first()).toContainText("In Liège");
    await expect(first.locator(".turnout")).toContainText(/Likely to come: \d+ to \d+/);
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(axe.violations.map((violation) => violation.id)).toEqual([]);
  });

  test("a share link opens the results and the recommendations of its antenna, without logging in", async ({ page, browser }) => {
    await logIn(page, ADMIN, "en");
    await page.goto(`/surveys/${slug}/shares?lng=en`);
    await page.getByLabel("Label").fill("Working group Liège");
    await page.getByLabel("Antenna").selectOption("lie");
    await page.getByRole("button", { name: "Create the link" }).click();
    const link = await page.getByTestId("created-link").inputValue();
    const visitor = await browser.newContext();
    const shared = await visitor.newPage();
    await shared.goto(`${link}?lng=en`);
    await shared.getByRole("link", { name: "Networking recommendations for this view" }).click();
    await expect(shared).toHaveURL(/\/r\/[\w-]+\/recommendations/);
    await expect(shared.getByRole("heading", { level: 1 })).toHaveText("Networking recommendations");
    await expect(shared.locator(".proposal-card").first().locator(".reasons li").first()).toContainText(new RegExp(`In Liège, ${thirty} members want to meet`));
    // The link's antenna is the only one offered, and asking for another still shows Liège's.
    await expect(shared.getByLabel("Antenna", { exact: true }).locator("option")).toHaveText(["Liège"]);
    await shared.goto(`${new URL(shared.url()).pathname}?lng=en&antenna=bru`);
    await expect(shared.locator(".proposal-card").first().locator(".reasons li").first()).toContainText("In Liège");
    await expect(shared.getByRole("link", { name: /log in/i })).toHaveCount(0);
    const csv = await shared.request.get(`${new URL(shared.url()).pathname.replace(/\/recommendations$/, "/recommendations.csv")}?lng=fr`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain("Membres intéressé·es;");
    await shared.getByRole("link", { name: "Back to the results" }).click();
    await expect(shared.locator("canvas[data-drawn=true]").first()).toBeVisible();
    await visitor.close();
  });

  test("the segment picker works without JavaScript, and a small group is refused in plain words", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, ADMIN, "en");
    await page.goto(`/surveys/${slug}/recommendations?lng=en`);
    await page.getByLabel("Antenna").selectOption("lie");
    await page.getByLabel("Meetings in the programme").fill("2");
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/antenna=lie/);
    await expect(page.locator(".proposal-card").first().locator(".reasons li").first()).toContainText(new RegExp(`In Liège, ${thirty} members want to meet`));
    await expect(page.getByRole("heading", { name: /A programme of \d meetings/ })).toBeVisible();
    await page.goto(`/surveys/${slug}/recommendations?lng=en&antenna=lie&sector=arts-scene`);
    await expect(page.getByRole("heading", { name: "No recommendations for this group" })).toBeVisible();
    await expect(page.locator(".proposal-card")).toHaveCount(0);
    await context.close();
  });

  test("the page passes an accessibility check and exports the proposals as CSV", async ({ page }) => {
    await logIn(page, ADMIN, "en");
    await page.goto(`/surveys/${slug}/recommendations?lng=en`);
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(axe.violations.map((violation) => violation.id)).toEqual([]);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download the proposals (CSV)" }).click();
    const file = await (await download).path();
    const { readFileSync } = await import("node:fs");
    const csv = readFileSync(file, "utf8");
    expect(csv).toContain("Interested members");
    expect(csv).toContain("Working breakfast");
    expect(csv).toContain("How the figures are protected");
  });
});
