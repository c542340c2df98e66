import { type APIRequestContext, type Browser, expect, type Page, test } from "@playwright/test";
import { expectLargeTargets, expectNoViolations } from "./accessibility";
import { ADMIN, logIn } from "./fixtures";

// Issue 11: what a member meets on a 360-px phone, with JavaScript and without.

const t = (fr: string, nl: string, en: string) => ({ default: fr, nl, en });
const choice = (value: string, fr: string, nl: string, en: string) => ({ value, text: t(fr, nl, en) });

/** A blank survey (no title in its definition) whose first page reveals an optional question, and a ranking. */
const definition = {
  pages: [
    {
      name: "mood",
      elements: [
        { type: "radiogroup", name: "mood", title: t("Votre humeur ?", "Je stemming?", "Your mood?"), isRequired: true, choices: [choice("good", "Bonne", "Goed", "Good"), choice("bad", "Mauvaise", "Slecht", "Bad")] },
        { type: "comment", name: "why", title: t("Pourquoi ?", "Waarom?", "Why?"), visibleIf: "{mood} = 'bad'" },
      ],
    },
    {
      name: "order",
      elements: [
        {
          type: "ranking",
          name: "order",
          title: t("Vos priorités", "Je prioriteiten", "Your priorities"),
          choices: [choice("a", "Apéro", "Borrel", "Drinks"), choice("b", "Balade", "Wandeling", "Walk"), choice("c", "Conférence", "Lezing", "Talk")],
        },
      ],
    },
  ],
};

async function publishBlank(request: APIRequestContext) {
  const token = (await (await request.post("/api/tokens", { data: { ...ADMIN, name: "e2e-phone" } })).json()).token as string;
  const headers = { Authorization: `Bearer ${token}` };
  const slug = `phone-${Date.now()}-${Math.floor(Math.random() * 1e4)}`;
  const created = await request.post("/api/surveys", { headers, data: { slug, title: t("Rencontres à Liège", "Ontmoetingen in Luik", "Meetings in Liège"), definition } });
  expect(created.status()).toBe(201);
  return { slug, headers, publish: async () => expect((await request.post(`/api/surveys/${slug}/publish`, { headers })).status()).toBe(200) };
}

const phone = { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true };
const contextOf = (browser: Browser, javaScriptEnabled: boolean) => browser.newContext({ ...phone, javaScriptEnabled });

async function onScreen(page: Page, selector: string) {
  const box = await page.locator(selector).boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + Math.min(box!.height, 100)).toBeLessThanOrEqual(640);
}

test("a blank survey shows members the title and the introduction written in the designer", async ({ page, browser, request }) => {
  const { slug, publish } = await publishBlank(request);
  await logIn(page, ADMIN);
  await page.goto(`/surveys/${slug}/edit?lng=en`);
  await page.getByRole("textbox", { name: /^Introduction – Français/ }).fill("Dites-nous comment vous allez.");
  await page.getByRole("textbox", { name: /^Introduction – Nederlands/ }).fill("Vertel ons hoe het gaat.");
  await page.getByRole("textbox", { name: /^Introduction – English/ }).fill("Tell us how you are.");
  await page.getByRole("button", { name: "Save the title and introduction" }).click();
  await expect(page.getByText("Introduction saved.")).toBeVisible();
  await publish();
  for (const javaScriptEnabled of [true, false]) {
    const context = await contextOf(browser, javaScriptEnabled);
    const member = await context.newPage();
    await member.goto(`/s/${slug}?lng=en`);
    await expect(member.getByRole("heading", { level: 1 })).toHaveText("Meetings in Liège");
    await expect(member).toHaveTitle("Meetings in Liège");
    await expect(member.getByText("Tell us how you are.")).toBeVisible();
    await member.goto(`/s/${slug}?lng=nl`);
    await expect(member.getByRole("heading", { level: 1 })).toHaveText("Ontmoetingen in Luik");
    await context.close();
  }
});

for (const javaScriptEnabled of [false, true]) {
  test(`a question the page's answers reveal is shown before moving on, ${javaScriptEnabled ? "with" : "without"} JavaScript`, async ({ browser, request }) => {
    const { slug, publish } = await publishBlank(request);
    await publish();
    const context = await contextOf(browser, javaScriptEnabled);
    const member = await context.newPage();
    await member.goto(`/s/${slug}?lng=en`);
    await expect(member.getByLabel("Why?")).toBeHidden();
    await member.getByLabel("Bad").check();
    if (javaScriptEnabled) {
      // The page's script shows it at once.
      await expect(member.getByLabel("Why?")).toBeVisible();
    } else {
      // Without a script, "Next" brings the page back with the question, and nothing said wrong.
      await member.getByRole("button", { name: "Next" }).click();
      await expect(member.getByLabel("Why?")).toBeVisible();
      await expect(member.getByRole("alert")).toHaveCount(0);
      await expect(member.getByText("Page 1 of 2")).toBeVisible();
    }
    await member.getByLabel("Why?").fill("Trop de réunions");
    await member.getByRole("button", { name: "Next" }).click();
    await expect(member.getByText("Page 2 of 2")).toBeVisible();
    await context.close();
  });
}

test("a ranking gives each rank to one item: with JavaScript ranks swap, without it a tie is refused in plain words", async ({ browser, request }) => {
  const { slug, publish } = await publishBlank(request);
  await publish();
  const withScript = await contextOf(browser, true);
  const member = await withScript.newPage();
  await member.goto(`/s/${slug}?lng=en&page=1`);
  await member.getByLabel("Place of “Drinks”").selectOption("1");
  await member.getByLabel("Place of “Walk”").selectOption("2");
  // Walk takes rank 1: Drinks gets Walk's former rank.
  await member.getByLabel("Place of “Walk”").selectOption("1");
  await expect(member.getByLabel("Place of “Drinks”")).toHaveValue("2");
  await expectNoViolations(member);
  await expectLargeTargets(member);
  await withScript.close();

  const withoutScript = await contextOf(browser, false);
  const plain = await withoutScript.newPage();
  await plain.goto(`/s/${slug}?lng=en`);
  await plain.getByLabel("Good").check();
  await plain.getByRole("button", { name: "Next" }).click();
  await plain.getByLabel("Place of “Drinks”").selectOption("1");
  await plain.getByLabel("Place of “Talk”").selectOption("1");
  await plain.getByRole("button", { name: "Send my answers" }).click();
  await expect(plain.getByRole("alert")).toContainText("Each rank can be used once only");
  await expect(plain.getByLabel("Place of “Drinks”")).toHaveValue("1");
  await withoutScript.close();
});

for (const javaScriptEnabled of [true, false]) {
  test(`finish later puts the link at the top of the screen ${javaScriptEnabled ? "with a copy button" : "without JavaScript"}, and it resumes on another phone where the member was`, async ({ browser, request }) => {
    const { slug, publish } = await publishBlank(request);
    await publish();
    const first = await contextOf(browser, javaScriptEnabled);
    if (javaScriptEnabled) {
      await first.grantPermissions(["clipboard-read", "clipboard-write"]);
      // A phone that can share (desktop Chromium cannot): what the page hands to the share sheet is kept to check.
      await first.addInitScript(() => {
        Object.defineProperty(navigator, "share", {
          value: (data: ShareData) => {
            (window as unknown as { shared: ShareData }).shared = data;
            return Promise.resolve();
          },
        });
      });
    }
    const member = await first.newPage();
    await member.goto(`/s/${slug}?lng=en`);
    await member.getByLabel("Good").check();
    await member.getByRole("button", { name: "Next" }).click();
    await member.getByLabel("Place of “Talk”").selectOption("1");
    await member.getByRole("button", { name: "Finish later" }).click();
    await expect(member.getByTestId("later-box")).toBeVisible();
    await onScreen(member, '[data-testid="later-box"]');
    await onScreen(member, '[data-testid="resume-link"]');
    // axe runs as a script: it checks the page where the phone has scripts on (the page is the same HTML).
    if (javaScriptEnabled) {
      await expectNoViolations(member);
      await expectLargeTargets(member);
    }
    const link = await member.getByTestId("resume-link").getAttribute("href");
    expect(link).toMatch(/\/s\/[^/]+\?resume=/);
    if (javaScriptEnabled) {
      await expect(member.getByTestId("later-box")).toBeFocused();
      await member.getByRole("button", { name: "Copy the link" }).click();
      await expect(member.getByText("Link copied.")).toBeVisible();
      expect(await member.evaluate(() => navigator.clipboard.readText())).toBe(link);
      await member.getByRole("button", { name: "Send it to myself" }).click();
      await expect.poll(() => member.evaluate(() => (window as unknown as { shared?: ShareData }).shared?.url)).toBe(link);
    } else {
      // No button that would do nothing: the link is there to press or hold.
      await expect(member.getByRole("button", { name: "Copy the link" })).toHaveCount(0);
      await expect(member.getByRole("button", { name: "Send it to myself" })).toHaveCount(0);
    }
    await first.close();

    // Another phone, the other way round: the link opens the second page, with a word of welcome.
    const second = await contextOf(browser, !javaScriptEnabled);
    const other = await second.newPage();
    await other.goto(`${link}&lng=en`);
    await expect(other.getByTestId("welcome-back")).toBeVisible();
    await expect(other.getByText("Page 2 of 2")).toBeVisible();
    await expect(other.getByLabel("Place of “Talk”")).toHaveValue("1");
    if (!javaScriptEnabled) await expectNoViolations(other);
    await second.close();
  });
}
