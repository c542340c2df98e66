import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
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

test("staff filter the results by antenna and compare two antennas", async ({ page }) => {
  await logIn(page, ADMIN);
  await page.goto(`/surveys/${slug}/results?lng=en`);
  await expect(page.getByTestId("respondents")).toHaveText("27 respondents (complete responses)");
  await page.getByLabel("Antenna", { exact: true }).selectOption("lie");
  await page.getByRole("button", { name: "Show results" }).click();
  await expect(page).toHaveURL(/antenna=lie/);
  await expect(page.getByTestId("respondents")).toHaveText("12 respondents (complete responses)");

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
  await expect(shared.getByTestId("respondents")).toHaveText("12 respondents (complete responses)");
  await expect(shared.getByRole("link", { name: /log in/i })).toHaveCount(0);
  await expect(shared.locator("canvas[data-drawn=true]").first()).toBeVisible();
  await expect(shared.getByRole("table").first()).toBeVisible();
  const topics = shared.getByRole("table", { name: /Which topics.*respondents per option/ });
  await expect(topics.getByRole("row", { name: /^Design and interior design/ })).toContainText("12");
  // The link is limited to Liège: no way to pick another antenna.
  await expect(shared.getByLabel("Antenna", { exact: true }).locator("option")).toHaveText(["Liège"]);
  await visitor.close();
});

test("a CSV of the filtered view downloads with one row per response", async ({ page }) => {
  await logIn(page, ADMIN);
  await page.goto(`/surveys/${slug}/results?lng=en&antenna=cha`);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the answers (CSV)" }).click();
  const file = await (await download).path();
  const lines = readFileSync(file, "utf8").replace(/^\uFEFF/, "").trim().split("\n");
  expect(lines).toHaveLength(1 + 12);
  expect(lines[0]).toContain("Music");
});
