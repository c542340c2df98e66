import { expect, type Page, test } from "@playwright/test";
import { ADMIN, logIn, publishTemplate } from "./fixtures";

const texts = {
  fr: { next: "Suivant", submit: "Envoyer mes réponses", thanks: "Merci !", title: "Faire réseau : vos envies de rencontres entre membres" },
  nl: { next: "Volgende", submit: "Mijn antwoorden versturen", thanks: "Bedankt!", title: "Netwerken: hoe wil jij andere leden ontmoeten?" },
  en: { next: "Next", submit: "Send my answers", thanks: "Thank you!", title: "Networking: how would you like to meet other members?" },
};

async function noHorizontalScroll(page: Page) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll).toBeLessThanOrEqual(width);
}

async function answerTemplate(page: Page, lng: keyof typeof texts) {
  const t = texts[lng];
  await expect(page.locator("html")).toHaveAttribute("lang", lng);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.title);
  await noHorizontalScroll(page);
  await page.locator('select[name="antenna"]').selectOption("lie");
  await page.locator('select[name="sector"]').selectOption("design");
  await page.getByRole("button", { name: t.next }).click();
  await page.locator('input[name="themes"][value="design"]').check();
  await page.locator('input[name="themes"][value="fair-pricing"]').check();
  await noHorizontalScroll(page);
  await page.getByRole("button", { name: t.next }).click();
  await page.locator('input[name="formats"][value="working-breakfast"]').check();
  await page.locator('input[name="venues"][value="shared-space"]').check();
  await page.getByRole("button", { name: t.next }).click();
  await page.locator('input[name="slots"][value="mon-morning"]').check();
  await page.locator('input[name="frequency"][value="weekly"]').check();
  await noHorizontalScroll(page);
  await page.getByRole("button", { name: t.next }).click();
  await page.locator('input[name="offers"][value="graphic-design"]').check();
  await page.getByRole("button", { name: t.submit }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.thanks);
}

test.describe("members answer on a phone", () => {
  test.use({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });

  for (const lng of ["fr", "nl", "en"] as const) {
    test(`a member answers the template in ${lng} on a 360-px screen`, async ({ page, request }) => {
      const { slug } = await publishTemplate(request);
      await page.goto(`/s/${slug}?lng=${lng}`);
      await answerTemplate(page, lng);
      // Opening the link again shows the thanks, not a second form.
      await page.goto(`/s/${slug}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(texts[lng].thanks);
    });
  }

  test("the member's language follows Accept-Language, then the antenna's", async ({ browser, request }) => {
    const { slug } = await publishTemplate(request);
    const dutch = await browser.newContext({ locale: "nl-BE", extraHTTPHeaders: { "Accept-Language": "nl-BE,nl;q=0.9" } });
    const page = await dutch.newPage();
    await page.goto(`/s/${slug}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "nl");
    await dutch.close();
    // German is not offered: the survey's antenna (Liège) speaks French.
    const german = await browser.newContext({ locale: "de-DE", extraHTTPHeaders: { "Accept-Language": "de-DE,de" } });
    const other = await german.newPage();
    await other.goto(`/s/${slug}`);
    await expect(other.locator("html")).toHaveAttribute("lang", "fr");
    await german.close();
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("a member answers the whole survey with JavaScript switched off", async ({ page, request }) => {
      const { slug } = await publishTemplate(request);
      await page.goto(`/s/${slug}?lng=en`);
      await answerTemplate(page, "en");
    });

    test("a required answer left out is shown next to its question, in the member's language", async ({ page, request }) => {
      const { slug } = await publishTemplate(request);
      await page.goto(`/s/${slug}?lng=nl`);
      await page.getByRole("button", { name: "Volgende" }).click();
      await expect(page.getByRole("alert").first()).toBeVisible();
      await expect(page.locator("#q-antenna-error")).toContainText("Dit is een vereiste vraag");
      await expect(page.locator('select[name="antenna"]')).toHaveAttribute("aria-invalid", "true");
    });
  });

  test("a reload and a new visit resume on the page where the member was, with a word of welcome", async ({ page, request }) => {
    const { slug } = await publishTemplate(request);
    await page.goto(`/s/${slug}?lng=en`);
    await expect(page.getByTestId("welcome-back")).toHaveCount(0);
    await page.locator('select[name="antenna"]').selectOption("cha");
    await page.getByRole("button", { name: "Next" }).click();
    await page.locator('input[name="themes"][value="musique"]').check();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.locator('input[name="formats"]').first()).toBeVisible();
    await page.reload();
    await page.goto(`/s/${slug}?page=1`);
    await expect(page.locator('input[name="themes"][value="musique"]')).toBeChecked();
    // Coming back without a page: the third page, where the member was, and a short welcome.
    await page.goto(`/s/${slug}`);
    await expect(page.getByTestId("welcome-back")).toHaveText("Welcome back: your answers are kept, and you are where you left off.");
    await expect(page.locator('input[name="formats"]').first()).toBeVisible();
    await expect(page.getByText("Page 3 of 5")).toBeVisible();
    await page.getByRole("button", { name: "Previous" }).click();
    await page.getByRole("button", { name: "Previous" }).click();
    await expect(page.locator('select[name="antenna"]')).toHaveValue("cha");
  });

  test("finish later gives a link that resumes on another device", async ({ page, browser, request }) => {
    const { slug } = await publishTemplate(request);
    await page.goto(`/s/${slug}?lng=en`);
    await page.locator('select[name="antenna"]').selectOption("nam");
    await page.getByRole("button", { name: "Finish later" }).click();
    const link = await page.getByTestId("resume-link").getAttribute("href");
    expect(link).toMatch(new RegExp(`/s/${slug}\\?resume=`));
    const other = await browser.newContext();
    const phone = await other.newPage();
    await phone.goto(link!);
    await expect(phone).toHaveURL(new RegExp(`/s/${slug}$`));
    await expect(phone.locator('select[name="antenna"]')).toHaveValue("nam");
    await other.close();
  });

  test("an invitation is swapped for a cookie; a used one opens like any other and tells only when answers are saved with it", async ({ page, browser, request }) => {
    const { slug, headers } = await publishTemplate(request, { access: "invitation" });
    await page.goto(`/s/${slug}?lng=en`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("By invitation");
    const { links } = await (await request.post(`/api/surveys/${slug}/invitations`, { headers, data: { count: 2, antenna: "cha" } })).json();
    await page.goto(`${links[0]}&lng=en`);
    await expect(page).toHaveURL(new RegExp(`/s/${slug}\\?lng=en$`));
    await answerTemplate(page, "en");
    // Opening a used invitation and an unused one looks the same: nobody learns from a link whether it was used.
    const opened = async (link: string) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const visitor = await context.newPage();
      const response = await visitor.goto(`${link}&lng=en`);
      return { context, visitor, status: response?.status(), heading: await visitor.getByRole("heading", { level: 1 }).textContent() };
    };
    const used = await opened(links[0]);
    const unused = await opened(links[1]);
    expect(used.status).toBe(200);
    expect([used.status, used.heading]).toEqual([unused.status, unused.heading]);
    expect(used.heading).toBe(texts.en.title);
    await unused.context.close();
    // The holder who answers with it is told, on saving.
    await used.visitor.locator('select[name="antenna"]').selectOption("lie");
    const [saved] = await Promise.all([used.visitor.waitForResponse((response) => response.request().method() === "POST"), used.visitor.getByRole("button", { name: texts.en.next }).click()]);
    expect(saved.status()).toBe(409);
    await expect(used.visitor.getByRole("heading", { level: 1 })).toHaveText("Invitation already used");
    await used.context.close();
  });

  test("a closed survey and an unknown one say so in the member's language", async ({ page, request }) => {
    const { slug, headers } = await publishTemplate(request);
    await request.post(`/api/surveys/${slug}/close`, { headers });
    const closed = await page.goto(`/s/${slug}?lng=nl`);
    expect(closed?.status()).toBe(410);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Deze enquête is gesloten");
    const missing = await page.goto(`/s/no-such-survey?lng=en`);
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Survey not found");
  });
});

test("every member page links to the survey's privacy notice, in the member's language", async ({ page, request }) => {
  const { slug } = await publishTemplate(request);
  await page.goto(`/s/${slug}?lng=nl`);
  await page.getByRole("link", { name: "Je gegevens: wat we ermee doen" }).click();
  await expect(page).toHaveURL(new RegExp(`/s/${slug}/privacy$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Je gegevens en deze enquête");
  await expect(page.getByText("Gegevensbeschermingsautoriteit", { exact: false })).toBeVisible();
  await expect(page.getByText("we kunnen je antwoord dus niet terugvinden", { exact: false })).toBeVisible();
  await page.getByRole("link", { name: "Terug naar de enquête" }).click();
  await expect(page.locator('select[name="antenna"]')).toBeVisible();
});

test("where staff ask for consent, nothing is saved until the member ticks it", async ({ page, browser, request }) => {
  const { slug } = await publishTemplate(request);
  const staff = await browser.newContext();
  const staffPage = await staff.newPage();
  await logIn(staffPage, ADMIN);
  await staffPage.goto(`/surveys/${slug}/settings?lng=en`);
  await staffPage.getByLabel("Ask for explicit consent").check();
  await staffPage.getByRole("button", { name: "Save settings" }).click();
  await expect(staffPage.getByRole("status")).toHaveText("Your changes have been saved.");
  await staff.close();

  await page.goto(`/s/${slug}?lng=en`);
  await page.locator('select[name="antenna"]').selectOption("lie");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("alert")).toContainText("tick the consent box");
  await expect(page.locator('select[name="antenna"]')).toHaveValue("lie");
  await page.getByLabel("I agree that my answers are used as the privacy notice describes.").check();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.locator('input[name="themes"]').first()).toBeVisible();
});

test("a member withdraws their own response with the receipt link, and the link then no longer works", async ({ page, browser, request }) => {
  const { slug } = await publishTemplate(request);
  await page.goto(`/s/${slug}?lng=en`);
  await page.locator('select[name="antenna"]').selectOption("lie");
  await page.getByRole("button", { name: "Next" }).click();
  await page.locator('input[name="themes"][value="design"]').check();
  for (const next of [2, 3, 4]) {
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page).toHaveURL(new RegExp(`page=${next}$`));
  }
  await page.getByRole("button", { name: "Send my answers" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you!");
  const receipt = await page.getByTestId("receipt-link").getAttribute("href");
  expect(receipt).toMatch(new RegExp(`/s/${slug}/withdraw\\?t=`));
  // The receipt is shown once only.
  await page.reload();
  await expect(page.getByTestId("receipt-link")).toHaveCount(0);

  const other = await browser.newContext();
  const phone = await other.newPage();
  await phone.goto(`${receipt}&lng=en`);
  await expect(phone).toHaveURL(new RegExp(`/s/${slug}/withdraw\\?lng=en$`));
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Withdraw your response?");
  await phone.getByRole("button", { name: "Yes, erase my response" }).click();
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Your response is erased");
  const again = await phone.goto(`${receipt}&lng=en`);
  expect(again?.status()).toBe(404);
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Link not valid");
  await other.close();
  // The member's own device starts afresh: the answers are gone from the server.
  await page.goto(`/s/${slug}?lng=en`);
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Thank you!");
});
