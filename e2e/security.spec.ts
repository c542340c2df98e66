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

test.describe("every route under hostile input", () => {
  test("pages holding answers or results go out with Cache-Control: no-store, documents and data alike", async ({ page, request }) => {
    const { slug, headers } = await publishTemplate(request);
    const share = await request.post(`/api/surveys/${slug}/shares`, { headers, data: {} });
    expect(share.status()).toBe(201);
    const { url } = (await share.json()) as { url: string };
    const shared = new URL(url).pathname;
    await logIn(page, ADMIN);
    for (const path of [`/surveys/${slug}/results`, `/surveys/${slug}/results.data`, `/surveys/${slug}/recommendations`, `/surveys/${slug}`, `/s/${slug}`, `/s/${slug}.data`, shared, `${shared}/recommendations`, "/account"]) {
      const response = await page.request.get(path);
      expect(response.status(), path).toBe(200);
      expect(response.headers()["cache-control"], path).toContain("no-store");
    }
    // Built files keep their long cache: only what is someone's is kept by none.
    const script = /\/assets\/[\w.-]+\.js/.exec(await (await page.request.get("/account")).text())?.[0];
    expect(script).toBeDefined();
    const asset = await page.request.get(script!);
    expect(asset.headers()["cache-control"]).toContain("immutable");
  });

  test("a page's form sent as JSON is refused in the reader's language, and nothing changes", async ({ page }) => {
    await logIn(page, ADMIN, "fr");
    const response = await page.request.post("/account?lng=fr", { data: { name: "Quelqu'un d'autre" }, headers: { Origin: new URL(page.url()).origin } });
    expect(response.status()).toBe(415);
    const text = await response.text();
    // The refusal in the three languages (the page is drawn without the reader's): French first.
    expect(text).toContain("Requête refusée");
    expect(text).toContain("Cette page attend l&#x27;envoi de son propre formulaire");
    expect(text).toContain("Deze pagina verwacht haar eigen formulier");
    expect(text).not.toMatch(/\n\s+at /);
    await page.goto("/account?lng=fr");
    await expect(page.getByText("Quelqu'un d'autre")).toHaveCount(0);
  });

  test("after logging in, a redirect parameter never leaves the site", async ({ page, baseURL }) => {
    for (const target of ["/%09/example.com", "//example.com", "/\\example.com", "https://example.com"]) {
      await page.context().clearCookies();
      await page.goto(`/login?lng=en&redirectTo=${encodeURIComponent(target)}`);
      await page.locator('input[name="email"]').fill(ADMIN.email);
      await page.locator('input[name="password"]').fill(ADMIN.password);
      await page.locator('form button[type="submit"]').click();
      await expect(page).not.toHaveURL(/\/login/);
      expect(new URL(page.url()).origin, target).toBe(new URL(baseURL!).origin);
      // Signed in already: the login page sends the visitor on, here too.
      await page.goto(`/login?redirectTo=${encodeURIComponent(target)}`);
      expect(new URL(page.url()).origin, target).toBe(new URL(baseURL!).origin);
    }
  });
});
