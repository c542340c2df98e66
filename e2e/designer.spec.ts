import { type APIRequestContext, expect, test } from "@playwright/test";
import { networkingTemplate } from "../app/surveys/template";
import { ADMIN, logIn } from "./fixtures";

const template = networkingTemplate({ antennas: ["gen"] });
type Question = { name: string; title: { default: string; nl: string; en: string } };
const questions = (template.definition.pages as { elements: Question[] }[]).flatMap((p) => p.elements);
const themes = questions.find((q) => q.name === "themes")!;

async function draftFromTemplate(request: APIRequestContext) {
  const token = (await (await request.post("/api/tokens", { data: { ...ADMIN, name: "e2e-designer" } })).json()).token as string;
  const slug = `gent-${Date.now()}`;
  const created = await request.post("/api/surveys", {
    headers: { Authorization: `Bearer ${token}` },
    data: { slug, title: template.title, definition: template.definition, antennas: ["gen"] },
  });
  expect(created.status()).toBe(201);
  return { slug, token };
}

test.describe("the survey designer", () => {
  test("staff edit a Dutch text, add a conditional question, preview it in Dutch at 360 px and publish", async ({ page, request, browser }) => {
    const { slug } = await draftFromTemplate(request);
    await logIn(page, ADMIN);
    await page.goto(`/surveys/${slug}/edit?lng=en`);

    // Edit the Dutch title of the themes question.
    await page.getByRole("link", { name: `Edit the question “${themes.title.en}”` }).click();
    const dutch = "Over welke thema's wil je andere leden ontmoeten?";
    await page.locator('form.question-editor [name="title.nl"]').fill(dutch);
    await page.getByRole("button", { name: "Save the question" }).click();
    await expect(page.getByRole("status")).toContainText("Question saved.");

    // Add a yes/no question on the themes page, shown only to those interested in design.
    const adder = page.locator("form", { has: page.getByLabel("Type of the new question (page 2)") });
    await adder.getByLabel("Type of the new question (page 2)").selectOption("boolean");
    await adder.getByRole("button", { name: "Add the question" }).click();
    await expect(page).toHaveURL(/[?&]q=question_/);
    await page.locator('form.question-editor [name="title.fr"]').fill("Voulez-vous animer un groupe design ?");
    await page.locator('form.question-editor [name="title.nl"]').fill("Wil je een designgroep trekken?");
    await page.locator('form.question-editor [name="title.en"]').fill("Would you lead a design group?");
    await page.getByLabel("Show this question").selectOption({ value: "themes=design" });
    await page.getByRole("button", { name: "Save the question" }).click();
    await expect(page.getByRole("status")).toContainText("Question saved.");

    // Preview in Dutch on a phone-sized screen, drawn by the member page's renderer.
    const phone = await browser.newContext({ viewport: { width: 360, height: 640 }, storageState: await page.context().storageState() });
    const preview = await phone.newPage();
    await preview.goto(`/surveys/${slug}/preview?language=nl`);
    await expect(preview.locator("html")).toHaveAttribute("lang", "nl");
    await expect(preview.getByRole("heading", { level: 1 })).toHaveText((template.title as { nl: string }).nl);
    await preview.locator('select[name="antenna"]').selectOption("gen");
    await preview.getByRole("button", { name: "Volgende" }).click();
    await expect(preview.getByText(dutch)).toBeVisible();
    const lead = preview.getByText("Wil je een designgroep trekken?");
    await expect(lead).toBeHidden();
    await preview.locator('input[name="themes"][value="design"]').check();
    await expect(lead).toBeVisible();
    const [scroll, width] = await preview.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scroll).toBeLessThanOrEqual(width);
    await phone.close();

    // The staff's own language did not change by previewing in Dutch.
    await page.goto(`/surveys/${slug}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByRole("status")).toHaveText("The survey is published: members can answer.");
    const published = await request.get(`/api/surveys/${slug}`);
    expect(JSON.stringify(await published.json())).toContain("{themes} contains 'design'");
  });

  test("a blank survey previews as an empty page, cancelling a new question discards it, and the preview redraws after each save", async ({ page }) => {
    await logIn(page, ADMIN);
    await page.goto("/surveys/new?lng=en");
    await page.getByLabel("A blank survey").check();
    const slug = `blank-${Date.now()}`;
    await page.getByLabel("Title in French").fill("Sondage vierge");
    await page.getByLabel("Title in Dutch").fill("Lege enquête");
    await page.getByLabel("Title in English").fill("Blank survey");
    await page.getByLabel("Short address (slug)").fill(slug);
    await page.getByRole("button", { name: "Create survey" }).click();
    await expect(page).not.toHaveURL(/\/surveys\/new/);
    await page.goto(`/surveys/${slug}/edit?lng=en&preview=en`);

    // The phone frame draws the blank survey as members would meet it: its title over an empty page.
    const frame = page.frameLocator("iframe.preview-frame");
    await expect(frame.getByRole("heading", { level: 1 })).toHaveText("Blank survey");
    await expect(frame.locator("body")).not.toContainText("Something went wrong");
    await expect(frame.getByRole("navigation")).toHaveCount(0);

    // Added, then cancelled: the question is not left in the survey.
    const adder = page.locator("form", { has: page.getByLabel("Type of the new question (page 1)") });
    await adder.getByLabel("Type of the new question (page 1)").selectOption("text");
    await adder.getByRole("button", { name: "Add the question" }).click();
    await expect(page).toHaveURL(/[?&]q=question_/);
    // Help texts are optional: left empty, they are not "to write"; a title in French owes its translations.
    const editor = page.locator("form.question-editor");
    await editor.locator('[name="title.fr"]').fill("Une première question");
    await expect(editor.locator(".texts-fields").nth(1).locator(".missing-mark")).toHaveCount(0);
    await editor.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByRole("status")).toHaveText("Question discarded: it is not part of the survey.");
    await expect(page.getByRole("link", { name: /^Edit the question/ })).toHaveCount(0);

    // Added and saved: the frame shows it at once, without reloading the designer.
    await adder.getByLabel("Type of the new question (page 1)").selectOption("text");
    await adder.getByRole("button", { name: "Add the question" }).click();
    await editor.locator('[name="title.fr"]').fill("Votre métier ?");
    await editor.locator('[name="title.nl"]').fill("Uw beroep?");
    await editor.locator('[name="title.en"]').fill("Your trade?");
    await editor.getByRole("button", { name: "Save the question" }).click();
    await expect(page.getByRole("status")).toContainText("Question saved.");
    await expect(frame.getByText("Your trade?")).toBeVisible();
    await page.getByRole("link", { name: "Edit the question “Your trade?”" }).click();
    await editor.locator('[name="title.en"]').fill("Your trade, in a few words?");
    await editor.getByRole("button", { name: "Save the question" }).click();
    await expect(frame.getByText("Your trade, in a few words?")).toBeVisible();

    // Typed and not saved: leaving the page asks first, and staying keeps what was typed.
    await page.getByRole("link", { name: "Edit the question “Your trade, in a few words?”" }).click();
    await editor.locator('[name="title.en"]').fill("Your trade, unsaved");
    const asked: string[] = [];
    page.once("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole("link", { name: "← Blank survey" }).click();
    await expect.poll(() => asked).toEqual(["Some changes are not saved. Leave the page anyway?"]);
    await expect(page).toHaveURL(/[?&]q=question_/);
    await expect(editor.locator('[name="title.en"]')).toHaveValue("Your trade, unsaved");
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("link", { name: "← Blank survey" }).click();
    await expect(page).toHaveURL(new RegExp(`/surveys/${slug}$`));

    // The title is written where the survey is: beside its introduction.
    await page.goto(`/surveys/${slug}/edit?lng=en&preview=en`);
    const intro = page.locator("form", { has: page.locator('input[value="save-introduction"]') });
    await intro.locator('[name="title.en"]').fill("A survey with a name");
    await intro.locator('[name="description.fr"]').fill("Quelques questions sur votre métier.");
    await intro.getByRole("button", { name: "Save the title and introduction" }).click();
    await expect(page.getByRole("status")).toBeVisible();
    await expect(frame.getByRole("heading", { level: 1 })).toHaveText("A survey with a name");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("A survey with a name");
  });

  test("the last change can be undone, and undoing again redoes it", async ({ page, request }) => {
    const { slug } = await draftFromTemplate(request);
    await logIn(page, ADMIN);
    await page.goto(`/surveys/${slug}/edit?lng=en`);
    await expect(page.getByRole("button", { name: "Undo the last change" })).toHaveCount(0);
    await page.getByRole("link", { name: `Edit the question “${themes.title.en}”` }).click();
    await page.locator('form.question-editor [name="title.en"]').fill("Topics, renamed");
    await page.getByRole("button", { name: "Save the question" }).click();
    await expect(page.getByRole("link", { name: "Edit the question “Topics, renamed”" })).toBeVisible();

    await page.getByRole("button", { name: "Undo the last change" }).click();
    await expect(page.getByRole("status")).toHaveText("Last change undone (the button redoes it).");
    await expect(page.getByRole("link", { name: `Edit the question “${themes.title.en}”` })).toBeVisible();
    await expect(page.getByRole("link", { name: "Edit the question “Topics, renamed”" })).toHaveCount(0);

    await page.getByRole("button", { name: "Undo the last change" }).click();
    await expect(page.getByRole("link", { name: "Edit the question “Topics, renamed”" })).toBeVisible();
  });

  test("an invalid JSON import is refused and nothing is saved", async ({ page, request }) => {
    const { slug } = await draftFromTemplate(request);
    await logIn(page, ADMIN);
    await page.goto(`/surveys/${slug}/edit?view=json&lng=en`);
    const before = await (await page.request.get(`/surveys/${slug}/json`)).text();
    await page.getByLabel("SurveyJS definition (JSON)").fill('{"pages": [{"name": "p", "elements": [{"type": "html", "name": "x", "html": "<b>hi</b>"}]}]}');
    await page.getByRole("button", { name: "Import and replace the definition" }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    await page.getByLabel("SurveyJS definition (JSON)").fill("{ this is not json");
    await page.getByRole("button", { name: "Import and replace the definition" }).click();
    await expect(page.getByRole("alert")).toContainText(/JSON/);
    expect(await (await page.request.get(`/surveys/${slug}/json`)).text()).toBe(before);
  });

  test("two staff on one question: the later save is refused once, keeps its text, then replaces on purpose", async ({ page, request, browser }) => {
    const { slug } = await draftFromTemplate(request);
    const other = await browser.newContext();
    const colleague = await other.newPage();
    await logIn(page, ADMIN);
    await logIn(colleague, ADMIN);
    for (const editor of [page, colleague]) await editor.goto(`/surveys/${slug}/edit?lng=en&q=themes`);
    const dutch = (editor: typeof page) => editor.locator('form.question-editor [name="title.nl"]');

    await dutch(page).fill("Eerste versie van de titel");
    await page.getByRole("button", { name: "Save the question" }).click();
    await expect(page.getByRole("status")).toContainText("Question saved.");

    await dutch(colleague).fill("Tweede versie van de titel");
    await colleague.getByRole("button", { name: "Save the question" }).click();
    await expect(colleague.getByText("Someone else changed this question since you opened it.").first()).toBeVisible();
    await expect(dutch(colleague)).toHaveValue("Tweede versie van de titel");
    const saved = async () => JSON.stringify(await (await page.request.get(`/surveys/${slug}/json`)).json());
    expect(await saved()).toContain("Eerste versie van de titel");

    await colleague.getByRole("button", { name: "Save the question" }).click();
    await expect(colleague.getByRole("status")).toContainText("Question saved.");
    expect(await saved()).toContain("Tweede versie van de titel");
    await other.close();
  });

  test("one schema checks the question editor: in the browser before posting, and on the server without JavaScript", async ({ page, request, browser }) => {
    const { slug } = await draftFromTemplate(request);
    await logIn(page, ADMIN);
    await page.goto(`/surveys/${slug}/edit?lng=en&q=themes`);
    const posts: string[] = [];
    page.on("request", (sent) => {
      if (sent.method() === "POST") posts.push(sent.url());
    });
    const french = page.locator('form.question-editor [name="title.fr"]');
    await french.fill("");
    await french.blur();
    await expect(page.getByText("The French question text is required.")).toBeVisible();
    await expect(french).toHaveAttribute("aria-invalid", "true");
    await page.getByRole("button", { name: "Save the question" }).click();
    await expect(page.getByText("The French question text is required.")).toBeVisible();
    // Corrected, it saves: the one post is the good one.
    await french.fill("Quels thèmes ?");
    await expect(page.getByText("The French question text is required.")).toHaveCount(0);
    await page.getByRole("button", { name: "Save the question" }).click();
    await expect(page.getByRole("status")).toContainText("Question saved.");
    expect(posts).toHaveLength(1);

    const plain = await browser.newContext({ javaScriptEnabled: false });
    const noScript = await plain.newPage();
    await logIn(noScript, ADMIN);
    await noScript.goto(`/surveys/${slug}/edit?lng=en&q=themes`);
    await noScript.locator('[name="title.fr"]').fill(" ");
    await noScript.locator('[name="choices[0].text.nl"]').fill("Nieuwe tekst");
    await noScript.locator('[name="maxSelectedChoices"]').fill("-2");
    await noScript.getByRole("button", { name: "Save the question" }).click();
    await expect(noScript.getByRole("alert")).toContainText("Some fields need correcting");
    await expect(noScript.getByText("The French question text is required.")).toBeVisible();
    await expect(noScript.getByText("Write a valid whole number.")).toBeVisible();
    // What was typed is still there; nothing was saved.
    await expect(noScript.locator('[name="choices[0].text.nl"]')).toHaveValue("Nieuwe tekst");
    expect(JSON.stringify(await (await page.request.get(`/surveys/${slug}/json`)).json())).not.toContain("Nieuwe tekst");
    await plain.close();
  });
});
