import { type APIRequestContext, type BrowserContext, expect, type Page, test, type Worker } from "@playwright/test";
import { ADMIN, logIn, publishTemplate } from "./fixtures";

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
  // The phone's own copy, without the worker (these tests also hold scripts back, which a worker would serve).
  test.use({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, serviceWorkers: "block" });

  test("going offline mid-survey and submitting stores exactly one response once back online", async ({ page, context, request }) => {
    const { slug, headers } = await publishTemplate(request);
    await page.goto(`/s/${slug}?lng=en`);
    await page.locator('select[name="antenna"]').selectOption("lie");
    await page.locator('select[name="sector"]').selectOption("design");
    await page.getByRole("button", { name: "Next" }).click();
    await page.locator('input[name="themes"][value="design"]').check();
    await page.getByRole("button", { name: "Next" }).click();

    // Offline on the third page: Next goes on from what the phone has, and the answers follow once back online.
    await expect(page.locator('input[name="formats"][value="working-breakfast"]')).toBeVisible();
    await context.setOffline(true);
    await page.locator('input[name="formats"][value="working-breakfast"]').check();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByText("Page 4 of 5")).toBeVisible();
    await expect(status(page)).toHaveText(/on this phone/);
    await context.setOffline(false);
    await expect(status(page)).toHaveText("Saved", { timeout: 15_000 });

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

/** A survey whose page and question conditions read answers from other pages. */
async function publishConditional(request: APIRequestContext) {
  const token = (await (await request.post("/api/tokens", { data: { ...ADMIN, name: "e2e-offline" } })).json()).token as string;
  const headers = { Authorization: `Bearer ${token}` };
  const slug = `offline-${Date.now()}-${Math.floor(Math.random() * 1e4)}`;
  // The same words in the three languages: the test reads English.
  const text = (words: string) => ({ default: words, nl: words, en: words });
  const choices = (...values: string[]) => values.map((value) => ({ value, text: text(value) }));
  const definition = {
    locale: "fr",
    pages: [
      { name: "member", elements: [{ type: "radiogroup", name: "member", title: text("Are you a member?"), isRequired: true, choices: choices("yes", "no") }] },
      { name: "since", visibleIf: "{member} = 'yes'", elements: [{ type: "text", inputType: "number", name: "since", title: text("Member since which year?") }] },
      {
        name: "meet",
        elements: [
          { type: "checkbox", name: "formats", title: text("How would you like to meet?"), choices: choices("afterwork", "breakfast", "walk") },
          { type: "comment", name: "walkWhere", title: text("Where would you walk?"), visibleIf: "{formats} contains 'walk'" },
          { type: "comment", name: "veteran", title: text("What changed since you joined?"), visibleIf: "{since} < 2015" },
        ],
      },
      { name: "end", elements: [{ type: "comment", name: "suggestion", title: text("Anything else?") }] },
    ],
  };
  const created = await request.post("/api/surveys", { headers, data: { slug, title: { default: "Hors ligne", nl: "Offline", en: "Offline" }, definition } });
  expect(created.status()).toBe(201);
  expect((await request.post(`/api/surveys/${slug}/publish`, { headers })).status()).toBe(200);
  return { slug, headers };
}

/** Resolves once the member pages' worker controls the page and keeps a copy of this survey; gives the worker. */
async function workerReady(page: Page, slug: string) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect.poll(() => page.evaluate(async (key) => (await caches.match(key)) !== undefined, `/s/${slug}`)).toBe(true);
  const [worker] = page.context().serviceWorkers();
  expect(worker).toBeDefined();
  return worker!;
}

/** Whether the worker itself reaches the server (offline emulation must cover it, or the test proves nothing). */
const workerOnline = (worker: Worker) => worker.evaluate(() => fetch("/healthz").then(() => true, () => false));

test.describe("a member without the network", () => {
  test.use({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });

  test("goes to the next page and back offline, as the conditions say, and everything is stored once back online", async ({ page, context, request }) => {
    const { slug, headers } = await publishConditional(request);
    const autosaves: string[] = [];
    page.on("requestfinished", (r) => r.url().endsWith("/autosave") && autosaves.push(r.url()));
    await page.goto(`/s/${slug}?lng=en`);
    // Not yet a member: the page about membership is not counted.
    await expect(page.getByText("Page 1 of 3")).toBeVisible();
    await context.setOffline(true);

    // A required answer is asked for, with survey-core's own words, before going on.
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByRole("alert")).toContainText("Are you a member?: Response required.");
    await expect(page.getByText("Page 1 of 3")).toBeVisible();

    // Not a member: the page about membership is skipped.
    await page.getByLabel("no", { exact: true }).check();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByText("Page 2 of 3")).toBeVisible();
    await expect(page.getByText("How would you like to meet?")).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/s/${slug}\\?page=2$`));
    await expect(page.getByText("Where would you walk?")).toBeHidden();
    await page.getByLabel("walk", { exact: true }).check();
    await page.getByLabel("Where would you walk?").fill("In the Sonian forest");
    await expect(page.getByText("What changed since you joined?")).toBeHidden();

    // Back, a member after all: the membership page comes in, and its answer reveals a question further on.
    await page.getByRole("button", { name: "Previous" }).click();
    await expect(page.getByText("Page 1 of 3")).toBeVisible();
    await expect(page.getByLabel("no", { exact: true })).toBeChecked();
    await page.getByLabel("yes", { exact: true }).check();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByText("Page 2 of 4")).toBeVisible();
    await page.getByLabel("Member since which year?").fill("2010");
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByText("Page 3 of 4")).toBeVisible();
    await expect(page.getByLabel("walk", { exact: true })).toBeChecked();
    await expect(page.getByLabel("Where would you walk?")).toHaveValue("In the Sonian forest");
    await page.getByLabel("What changed since you joined?").fill("More antennas");
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByText("Page 4 of 4")).toBeVisible();
    await page.getByLabel("Anything else?").fill("Thanks");
    await expect(status(page)).toHaveText("Saved on this phone — will send when back online");
    expect(autosaves).toEqual([]);

    // Back online: every page left offline reaches the server.
    await context.setOffline(false);
    await expect(status(page)).toHaveText("Saved", { timeout: 15_000 });
    await page.evaluate(() => localStorage.clear());
    for (const [index, field, value] of [
      [0, "yes", true],
      [1, "Member since which year?", "2010"],
      [2, "Where would you walk?", "In the Sonian forest"],
      [2, "What changed since you joined?", "More antennas"],
      [3, "Anything else?", "Thanks"],
    ] as const) {
      await page.goto(`/s/${slug}?page=${index}`);
      if (value === true) await expect(page.getByLabel(field, { exact: true })).toBeChecked();
      else await expect(page.getByLabel(field)).toHaveValue(value);
    }
    await page.getByRole("button", { name: "Send my answers" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you!");
    expect(await completeCount(request, slug, headers)).toBe(1);
  });

  test("sends from a page drawn offline once back online, with the pages before it, exactly once", async ({ page, context, request }) => {
    const { slug, headers } = await publishTemplate(request);
    await page.goto(`/s/${slug}?lng=en`);
    await page.locator('select[name="antenna"]').selectOption("lie");
    await context.setOffline(true);
    // The themes (required) and everything after are answered on pages the phone draws.
    for (const [reached, field] of [
      [2, 'input[name="themes"][value="design"]'],
      [3, 'input[name="formats"][value="working-breakfast"]'],
      [4, 'input[name="frequency"][value="weekly"]'],
      [5, 'input[name="offers"][value="graphic-design"]'],
    ] as const) {
      await page.getByRole("button", { name: "Next" }).click();
      await expect(page.getByText(`Page ${reached} of 5`)).toBeVisible();
      await page.locator(field).check();
    }
    const sent = page.waitForEvent("requestfinished", { predicate: (r) => r.method() === "POST" && new URL(r.url()).pathname === `/s/${slug}`, timeout: 20_000 });
    await page.getByRole("button", { name: "Send my answers" }).click();
    await expect(status(page)).toHaveText(/safe on this phone/);
    await context.setOffline(false);
    await sent;
    // The server completes it only with the required answers of the pages left offline.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you!", { timeout: 15_000 });
    expect(await completeCount(request, slug, headers)).toBe(1);
  });

  test("reopening the survey offline shows it with the answers kept on the phone", async ({ page, context, request }) => {
    const { slug } = await publishTemplate(request);
    await page.goto(`/s/${slug}?lng=en`);
    const worker = await workerReady(page, slug);
    await page.locator('select[name="antenna"]').selectOption("lie");
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByText("Page 2 of 5")).toBeVisible();
    await page.locator('input[name="themes"][value="design"]').check();
    await expect(status(page)).toHaveText("Saved", { timeout: 10_000 });

    // Offline: the reload comes from the worker's copy, with the answers.
    await context.setOffline(true);
    expect(await workerOnline(worker)).toBe(false);
    await page.locator('input[name="themes"][value="fair-pricing"]').check();
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await expect(page.getByText("Page 2 of 5")).toBeVisible();
    await expect(page.locator('input[name="themes"][value="design"]')).toBeChecked();
    await expect(page.locator('input[name="themes"][value="fair-pricing"]')).toBeChecked();
    await expect(status(page)).toHaveText("Saved on this phone — will send when back online");

    // The link opened again in another tab, still offline: the same survey, the same answers, then the next page.
    const again = await context.newPage();
    await again.goto(`/s/${slug}`);
    await expect(again.getByText("Page 2 of 5")).toBeVisible();
    await expect(again.locator('input[name="themes"][value="fair-pricing"]')).toBeChecked();
    await again.getByRole("button", { name: "Next" }).click();
    await expect(again.getByText("Page 3 of 5")).toBeVisible();
    await again.locator('input[name="formats"][value="working-breakfast"]').check();
    await again.reload();
    await expect(again.getByText("Page 3 of 5")).toBeVisible();
    await expect(again.locator('input[name="formats"][value="working-breakfast"]')).toBeChecked();

    // Back online: the server has it all.
    await context.setOffline(false);
    await expect(status(again)).toHaveText("Saved", { timeout: 15_000 });
    await again.evaluate(() => localStorage.clear());
    await again.goto(`/s/${slug}?page=1`);
    await expect(again.locator('input[name="themes"][value="fair-pricing"]')).toBeChecked();
    await again.goto(`/s/${slug}?page=2`);
    await expect(again.locator('input[name="formats"][value="working-breakfast"]')).toBeChecked();
  });

  test("staff pages never come from the worker, offline or not, and it keeps nothing of theirs", async ({ page, context, request }) => {
    const { slug } = await publishTemplate(request);
    await page.goto(`/s/${slug}?lng=en`);
    await workerReady(page, slug);
    await logIn(page, ADMIN);
    const survey = await page.goto(`/surveys/${slug}`);
    expect(survey?.ok()).toBe(true);
    expect(survey?.fromServiceWorker()).toBe(false);
    expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();

    await context.setOffline(true);
    await expect(page.goto(`/surveys/${slug}`)).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
    await context.setOffline(false);

    // What the worker keeps: the member's survey page and the scripts it loads, nothing else.
    await page.goto(`/s/${slug}/privacy`);
    const kept = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    });
    expect(kept).toContain(`/s/${slug}`);
    for (const url of kept) expect(url).toMatch(new RegExp(`^(/s/${slug}(/privacy)?|/assets/[\\w.-]+\\.(js|css)|/favicon\\.svg)$`));
  });
});
