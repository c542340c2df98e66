import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ADMIN, logIn, publishTemplate } from "./fixtures";

const MARKUP = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;

test.describe("markup is only ever text", () => {
  test("answers containing markup are shown as text on the results page, and the CSV carries no text at all", async ({ page, request }) => {
    const { slug } = await publishTemplate(request);
    // Eight writers: a view of k + 2 is shown whatever its adjustment, and its texts come from at least k.
    for (let i = 0; i < 8; i++) {
      const response = await request.post(`/api/surveys/${slug}/responses`, {
        data: {
          id: randomUUID(),
          locale: i % 2 ? "fr" : "nl",
          answers: { antenna: "lie", sector: "design", themes: ["design"], formats: ["afterwork"], suggestion: `${MARKUP} ${i}` },
          complete: true,
        },
      });
      expect(response.status()).toBe(201);
    }
    await logIn(page, ADMIN);
    await page.goto(`/surveys/${slug}/results?lng=en`);
    await expect(page.getByText(`${MARKUP} 3`, { exact: false }).first()).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await expect(page.locator('img[src="x"]')).toHaveCount(0);

    // The export holds the page's tables only: no member's words, markup or not.
    const csv = await page.request.get(`/surveys/${slug}/results.csv?lng=en`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain("How the figures are protected");
    expect(text).not.toContain("<img");
  });

  test("a member's markup in a long text comes back as text when the page is shown again", async ({ page, request }) => {
    const { slug } = await publishTemplate(request);
    await page.goto(`/s/${slug}?lng=en&page=4`);
    await page.locator('textarea[name="suggestion"]').fill(MARKUP);
    await page.getByRole("button", { name: "Finish later" }).click();
    await expect(page.getByTestId("resume-link")).toBeVisible();
    await page.goto(`/s/${slug}?page=4`);
    await expect(page.locator('textarea[name="suggestion"]')).toHaveValue(MARKUP);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
  });

  test("a survey title with markup is refused by the API", async ({ request }) => {
    const token = (await (await request.post("/api/tokens", { data: { ...ADMIN, name: "sec2" } })).json()).token;
    const response = await request.post("/api/surveys", {
      headers: { Authorization: `Bearer ${token}` },
      data: { slug: `xss-${Date.now()}`, title: { default: "<b>Titre</b>" }, definition: { pages: [{ name: "p", elements: [{ type: "text", name: "q", title: "Q" }] }] } },
    });
    expect(response.status()).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("title");
  });
});
