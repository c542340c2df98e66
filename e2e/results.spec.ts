import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { ADMIN, logIn } from "./fixtures";
import { networkingTemplate } from "../app/surveys/template";

const slug = `results-${Date.now()}`;
const base = { formats: ["afterwork"], slots: ["mon-morning"], frequency: "monthly" };

test.beforeAll(async ({ request }) => {
  const token = (await (await request.post("/api/tokens", { data: { ...ADMIN, name: "e2e-results" } })).json()).token as string;
  const headers = { Authorization: `Bearer ${token}` };
  const template = networkingTemplate();
  const created = await request.post("/api/surveys", { headers, data: { slug, title: template.title, definition: template.definition, antennas: ["lie", "cha", "nam"] } });
  expect(created.status()).toBe(201);
  expect((await request.post(`/api/surveys/${slug}/publish`, { headers })).status()).toBe(200);
  // 12 in Liège, 12 in Charleroi, 3 in Namur: Namur stays under the threshold of 5.
  const people = [
    ...Array.from({ length: 12 }, () => ({ antenna: "lie", sector: "design", themes: ["design", "fair-pricing"] })),
    ...Array.from({ length: 12 }, () => ({ antenna: "cha", sector: "musique", themes: ["musique", "fair-pricing"] })),
    ...Array.from({ length: 3 }, () => ({ antenna: "nam", sector: "artisanat", themes: ["artisanat"] })),
  ];
  for (const answers of people) {
    const response = await request.post(`/api/surveys/${slug}/responses`, { data: { id: randomUUID(), locale: "fr", answers: { ...base, ...answers }, complete: true } });
    expect(response.status()).toBe(201);
  }
});

/** The number a "N respondents" line shows: adjusted by up to 2 (docs/decisions/009). */
async function respondents(page: Page): Promise<number> {
  const text = (await page.getByTestId("respondents").textContent()) ?? "";
  const match = /^(\d+) respondents \(complete responses, adjusted figure\)$/.exec(text);
  expect(match, text).not.toBeNull();
  return Number(match![1]);
}

test("staff filter the results by antenna and compare two antennas, and are told how the figures are protected", async ({ page }) => {
  await logIn(page, ADMIN);
  await page.goto(`/surveys/${slug}/results?lng=en`);
  expect(Math.abs((await respondents(page)) - 27)).toBeLessThanOrEqual(2);
  // Staff see the exact number received apart; it says nothing about answers.
  await expect(page.getByTestId("received")).toHaveText("27 complete responses received so far (exact count, including those not yet in the figures)");
  await expect(page.getByTestId("protection-note")).toContainText("adjusted by up to 2");
  await expect(page.getByTestId("protection-note")).toContainText("at least 5 new responses");
  await expect(page.getByTestId("access-note")).toHaveText("Anyone with the link can answer this survey: answers are not checked, so someone could add invented ones.");
  await page.getByLabel("Antenna", { exact: true }).selectOption("lie");
  await page.getByRole("button", { name: "Show results" }).click();
  await expect(page).toHaveURL(/antenna=lie/);
  // The exact count is the unfiltered view's only: its going away says the filtered view is on screen.
  await expect(page.getByTestId("received")).toHaveCount(0);
  expect(Math.abs((await respondents(page)) - 12)).toBeLessThanOrEqual(2);

  await page.getByLabel("Antenna", { exact: true }).selectOption("nam");
  await page.getByRole("button", { name: "Show results" }).click();
  await expect(page.getByTestId("refusal")).toContainText("Fewer than 5 members");

  await page.goto(`/surveys/${slug}/results?lng=en`);
  await page.getByText("Compare antennas or sectors").click();
  const form = page.locator("form", { has: page.getByRole("group", { name: "Antennas to compare" }) });
  await form.getByLabel("Liège").check();
  await form.getByLabel("Charleroi").check();
  await form.getByRole("button", { name: "Compare these antennas" }).click();
  await expect(page.getByRole("heading", { name: "Antennas compared" })).toBeVisible();
  const table = page.getByRole("table", { name: /Which topics.*share of respondents per group/i }).first();
  await expect(table.getByRole("columnheader")).toHaveText(["Answer", "Whole cooperative", "Charleroi", "Liège"]);
  // Liège all chose design: 100 %, with its Wilson interval.
  await expect(table.getByRole("row", { name: /^Design and interior design/ })).toContainText("100%");
  // Antennas are not compared on "your antenna" (100 % against 0 %); the sector mix still is.
  const compared = (title: RegExp) => page.getByRole("region", { name: "Antennas compared" }).getByRole("table", { name: title });
  await expect(compared(/Which sector do you mainly work in\?/)).toHaveCount(1);
  await expect(compared(/Which antenna do you belong to\?/)).toHaveCount(0);
});

test("a working group opens a share link and sees charts and tables without logging in", async ({ page, browser }) => {
  await logIn(page, ADMIN);
  await page.goto(`/surveys/${slug}/shares?lng=en`);
  await page.getByLabel("Label").fill("Working group Liège");
  await page.getByLabel("Antenna").selectOption("lie");
  await page.getByRole("button", { name: "Create the link" }).click();
  const link = await page.getByTestId("created-link").inputValue();
  expect(link).toMatch(/\/r\/[\w-]+$/);

  const visitor = await browser.newContext();
  const shared = await visitor.newPage();
  await shared.goto(`${link}?lng=en`);
  expect(Math.abs((await respondents(shared)) - 12)).toBeLessThanOrEqual(2);
  // A share link shows how figures are protected, never the exact count received.
  await expect(shared.getByTestId("protection-note")).toContainText("adjusted by up to 2");
  await expect(shared.getByTestId("received")).toHaveCount(0);
  await expect(shared.getByRole("link", { name: /log in/i })).toHaveCount(0);
  await expect(shared.locator("canvas[data-drawn=true]").first()).toBeVisible();
  await expect(shared.getByRole("table").first()).toBeVisible();
  const topics = shared.getByRole("table", { name: /Which topics.*respondents per option/ });
  // The twelve who chose design are the twelve of Liège: the same people, the same figure.
  await expect(topics.getByRole("row", { name: /^Design and interior design/ }).getByRole("cell").first()).toHaveText(String(await respondents(shared)));
  // The link is limited to Liège: no way to pick another antenna.
  await expect(shared.getByLabel("Antenna", { exact: true }).locator("option")).toHaveText(["Liège"]);
  // The link's own workbook, within its restriction.
  const download = shared.waitForEvent("download");
  await shared.getByRole("link", { name: "Download the workbook (XLSX)" }).click();
  expect((await download).suggestedFilename()).toBe(`${slug}-lie.xlsx`);
  await visitor.close();
});

test("the CSV of a view carries the page's tables and how figures are protected, never a row per response", async ({ page }) => {
  await logIn(page, ADMIN);
  const csvOf = async (search: string) => {
    await page.goto(`/surveys/${slug}/results?lng=en${search}`);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download the tables (CSV)" }).click();
    return readFileSync(await (await download).path(), "utf8").replace(/^\uFEFF/, "").trim().split(/\r?\n/);
  };
  const charleroi = await csvOf("&antenna=cha");
  expect(charleroi[0]).toBe("Question,Row,Answer,This view: Respondents,This view: Share (%)");
  expect(charleroi.some((line) => line.startsWith("Which sector do you mainly work in?,,Music,"))).toBe(true);
  expect(charleroi.at(-4)).toBe("How the figures are protected");
  expect(charleroi.join("\n")).toContain("adjusted by up to 2");
  // A line per figure of the page: the whole survey (27 responses) has as many lines as Charleroi (12).
  expect((await csvOf("")).length).toBe(charleroi.length);
});

test("the printed report of one antenna fits a few A4 pages: a cover first, then each chart beside its table", async ({ page }) => {
  await logIn(page, ADMIN);
  await page.goto(`/surveys/${slug}/results?lng=en&antenna=lie`);
  // Every chart drawn before printing.
  await expect(page.locator("canvas")).not.toHaveCount(0);
  await expect(page.locator("canvas:not([data-drawn=true])")).toHaveCount(0);
  await expect(page.getByTestId("report-cover").getByText(/^Report printed on /)).toBeHidden();

  // The width of A4 less the page's margins (210 − 2 × 11 mm), in CSS pixels.
  await page.setViewportSize({ width: 710, height: 1000 });
  await page.emulateMedia({ media: "print" });
  const cover = page.getByTestId("report-cover");
  await expect(cover.getByRole("heading", { level: 1 })).toContainText("Results:");
  await expect(cover).toContainText("Antenna: Liège");
  await expect(cover.getByText(/^Report printed on \d{1,2} \w+ \d{4}$|^Report printed on \w+ \d{1,2}, \d{4}$/)).toBeVisible();
  await expect(cover.getByTestId("protection-note")).toContainText("adjusted by up to 2");
  // Staff navigation, filters and export buttons stay off paper.
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.getByRole("button", { name: "Show results" })).toBeHidden();
  await expect(page.getByRole("link", { name: "Download the tables (CSV)" })).toBeHidden();

  const blocks = page.locator(".question-block:has(.chart-box)");
  const count = await blocks.count();
  expect(count).toBeGreaterThanOrEqual(5);
  const coverBox = (await cover.boundingBox())!;
  for (let i = 0; i < count; i++) {
    const block = blocks.nth(i);
    const chart = (await block.locator(".chart-box").first().boundingBox())!;
    const table = (await block.locator("table").first().boundingBox())!;
    const name = await block.getByRole("heading").first().textContent();
    // Beside, not under: the table starts right of the chart, on the same band of the page.
    expect(table.x, `${name}: table right of its chart`).toBeGreaterThanOrEqual(chart.x + chart.width - 1);
    expect(table.y, `${name}: table level with its chart`).toBeLessThan(chart.y + chart.height);
    expect(chart.y, `${name}: chart level with its table`).toBeLessThan(table.y + table.height);
    expect(chart.y, `${name}: after the cover`).toBeGreaterThan(coverBox.y + coverBox.height);
  }

  const pdf = (await page.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true })).toString("latin1");
  // Each page object of the PDF is "/Type /Page" (the page tree is "/Type /Pages").
  const pages = pdf.match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
  // Before, 11 pages: a question per page, the first mostly blank. Now about two questions to a page.
  expect(pages, `${pages} pages for ${count} questions`).toBeGreaterThanOrEqual(2);
  expect(pages, `${pages} pages for ${count} questions`).toBeLessThanOrEqual(Math.ceil(count / 2));
});

test("staff cut the results by the answer to another question: a column per answer, a column under the threshold hidden whole", async ({ page }) => {
  await logIn(page, ADMIN);
  await page.goto(`/surveys/${slug}/results?lng=en&antenna=`);
  await page.getByLabel("Cut by the question").selectOption({ label: "Which antenna do you belong to?" });
  await page.getByRole("button", { name: "Show results" }).click();
  await expect(page).toHaveURL(/by=antenna/);
  const cross = page.getByRole("region", { name: "By the answer to “Which antenna do you belong to?”" });
  await expect(cross).toBeVisible();
  // Namur's 3 members make no column: it is named, and hidden whole.
  await expect(cross.getByRole("listitem").filter({ hasText: "Namur" })).toContainText("Fewer than 5 members");
  const topics = cross.getByRole("table", { name: /Which topics.*share of respondents per group/ });
  await expect(topics.getByRole("columnheader")).toHaveText(["Answer", "Whole view", "Liège", "Charleroi"]);
  // All of Liège chose design, none of Charleroi's did.
  const design = topics.getByRole("row", { name: /^Design and interior design/ });
  await expect(design.getByRole("cell").nth(1)).toContainText("100%");
  await expect(design.getByRole("cell").nth(2)).toContainText("0%");
  // The question cut by is not cut by itself, and the exports carry the cross-table.
  await expect(cross.getByRole("table", { name: /Which antenna do you belong to\?/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Download the tables (CSV)" })).toHaveAttribute("href", /by=antenna/);
  await expect(page.getByLabel("Cut by the question")).toHaveValue("antenna");
});
