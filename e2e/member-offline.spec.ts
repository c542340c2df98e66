import { type APIRequestContext, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { publishTemplate } from "./fixtures";

// Never lose an answer (issue 4): a weak connection costs nothing, and a
// submission made offline ends in exactly one complete response.

/** The response id the page keeps in its httpOnly cookie (a Remix cookie: base64 of a JSON string). */
async function responseId(context: BrowserContext, slug: string): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === "maillage_response" && c.path === `/s/${slug}`);
  expect(cookie).toBeDefined();
  return JSON.parse(Buffer.from(decodeURIComponent(cookie!.value), "base64").toString("utf8")) as string;
}

/** How many complete responses the survey received: the exact count staff see apart from the (protected) figures. */
async function completeCount(request: APIRequestContext, slug: string, headers: Record<string, string>): Promise<number> {
  const results = await request.get(`/api/surveys/${slug}/results`, { headers });
  expect(results.status()).toBe(200);
  const { received } = (await results.json()) as { received?: unknown };
  expect(typeof received).toBe("number");
  return received as number;
}

const status = (page: Page) => page.locator(".save-status");

test.describe("a member on a weak connection", () => {
  test.use({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });

  test("going offline mid-survey and submitting stores exactly one response once back online", async ({ page, context, request }) => {
    const { slug, headers } = await publishTemplate(request);
    await page.goto(`/s/${slug}?lng=en`);
    await page.locator('select[name="antenna"]').selectOption("lie");
    await page.locator('select[name="sector"]').selectOption("design");
    await page.getByRole("button", { name: "Next" }).click();
    await page.locator('input[name="themes"][value="design"]').check();
    await page.getByRole("button", { name: "Next" }).click();

    // Offline on the third page: Next waits, says the answers are safe, then goes on.
    await expect(page.locator('input[name="formats"][value="working-breakfast"]')).toBeVisible();
    await context.setOffline(true);
    await page.locator('input[name="formats"][value="working-breakfast"]').check();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(status(page)).toHaveText(/safe on this phone/);
    await expect(page.locator('input[name="formats"]').first()).toBeVisible();
    await context.setOffline(false);
    await expect(page.locator('input[name="slots"]').first()).toBeVisible({ timeout: 15_000 });

    await page.locator('input[name="slots"][value="mon-morning"]').check();
    await page.locator('input[name="frequency"][value="weekly"]').check();
    await page.getByRole("button", { name: "Next" }).click();
    await page.locator('input[name="offers"][value="graphic-design"]').check();

    // Offline at the end: the submission is kept, and no thanks before the server has it.
    await context.setOffline(true);
    await page.getByRole("button", { name: "Send my answers" }).click();
    await expect(status(page)).toHaveText(/safe on this phone/);
    await page.waitForTimeout(2500);
    await expect(page.getByRole("heading", { level: 1, name: "Thank you!" })).toHaveCount(0);
    await context.setOffline(false);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you!", { timeout: 15_000 });

    // Once: the link shows the thanks, another submission with the same id is refused, and the results count one.
    await page.goto(`/s/${slug}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you!");
    const id = await responseId(context, slug);
    const again = await request.post(`/api/surveys/${slug}/responses`, {
      data: { id, locale: "en", complete: true, answers: { antenna: "lie", sector: "design", themes: ["design"] } },
    });
    expect(again.status()).toBe(409);
    expect(await completeCount(request, slug, headers)).toBe(1);
    // The phone forgets a response the server confirmed.
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("maillage:")))).toEqual([]);
  });

  test("answers given before the page's script has loaded are still saved", async ({ page, request }) => {
    const { slug } = await publishTemplate(request);
    await page.goto(`/s/${slug}?lng=en`);
    await page.locator('select[name="antenna"]').selectOption("lie");
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByText("Page 2 of 5")).toBeVisible();

    // A slow phone: the scripts arrive only after the member has answered.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/assets/**/*.js", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`/s/${slug}?page=1`, { waitUntil: "commit" });
    await page.locator('input[name="themes"][value="design"]').check();
    await expect(status(page)).toHaveText("");
    // The autosave's answer is read to its end: an unread body keeps the request open in the browser.
    const autosaveFinished = page.waitForEvent("requestfinished", { predicate: (r) => r.url().endsWith("/autosave"), timeout: 15_000 });
    release();
    await expect(status(page)).toHaveText("Saved", { timeout: 15_000 });
    await autosaveFinished;

    // The server has it: a fresh phone (no kept copy) shows it.
    await page.unroute("**/assets/**/*.js");
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expect(page.locator('input[name="themes"][value="design"]')).toBeChecked();
  });

  test("a page opened and left untouched saves nothing", async ({ page, request }) => {
    const { slug } = await publishTemplate(request);
    const autosaves: string[] = [];
    page.on("request", (r) => r.url().endsWith("/autosave") && autosaves.push(r.url()));
    // The first page has selects with no choice made: the browser shows their first option.
    await page.goto(`/s/${slug}?lng=en`);
    await page.waitForLoadState("networkidle");
    await expect(page.locator('select[name="antenna"]')).toHaveValue("");
    expect(autosaves).toEqual([]);
    await expect(status(page)).toHaveText("");
  });

  test("a reload restores the answers typed but not yet saved", async ({ page, request }) => {
    const { slug } = await publishTemplate(request);
    await page.goto(`/s/${slug}?lng=en`);
    await page.locator('select[name="antenna"]').selectOption("lie");
    await page.getByRole("button", { name: "Next" }).click();
    await page.locator('input[name="themes"][value="design"]').check();
    for (const reached of [3, 4, 5]) {
      await page.getByRole("button", { name: "Next" }).click();
      await expect(page.getByText(`Page ${reached} of 5`)).toBeVisible();
    }

    // The server never hears of these answers: only the phone keeps them.
    await page.route("**/autosave", (route) => route.abort("internetdisconnected"));
    await page.locator('input[name="offers"][value="graphic-design"]').check();
    await page.locator('textarea[name="suggestion"]').fill("A breakfast at the KOP");
    await expect(status(page)).toHaveText("Saved on this phone — will send when back online", { timeout: 10_000 });
    await page.reload();
    await expect(page.locator('input[name="offers"][value="graphic-design"]')).toBeChecked();
    await expect(page.locator('textarea[name="suggestion"]')).toHaveValue("A breakfast at the KOP");

    // Back in touch with the server, the restored answers reach it.
    await page.unroute("**/autosave");
    await expect(status(page)).toHaveText("Saved", { timeout: 40_000 });
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expect(page.locator('input[name="offers"][value="graphic-design"]')).toBeChecked();
    await expect(page.locator('textarea[name="suggestion"]')).toHaveValue("A breakfast at the KOP");
    // Earlier pages are untouched.
    await page.goto(`/s/${slug}?page=0`);
    await expect(page.locator('select[name="antenna"]')).toHaveValue("lie");
  });
});
