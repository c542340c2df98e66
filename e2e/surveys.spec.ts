import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ADMIN, logIn } from "./fixtures";

test.describe("staff publish surveys", () => {
  test("staff create a survey from the template for one antenna and publish it in a few clicks", async ({ page }) => {
    await logIn(page, ADMIN);
    const started = Date.now();
    await page.goto("/surveys?lng=en");
    await page.getByRole("link", { name: "New survey" }).click();
    await page.getByLabel("The networking-needs template").check();
    await page.getByLabel("Antenna").selectOption("lie");
    const slug = `liege-${Date.now()}`;
    await page.getByLabel("Short address (slug)").fill(slug);
    await page.getByRole("button", { name: "Create survey" }).click();
    await expect(page.getByRole("status")).toHaveText("The survey has been created. Read it through, then publish it.");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Networking: how would you like to meet other members?");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByRole("status")).toHaveText("The survey is published: members can answer.");
    await expect(page.locator(".badge")).toHaveText("Open");
    expect(Date.now() - started).toBeLessThan(60_000);

    await page.goto(`/surveys?lng=en&antenna=lie&status=open`);
    await expect(page.getByRole("link", { name: "Networking: how would you like to meet other members?" }).first()).toBeVisible();
    await page.goto(`/surveys?lng=en&antenna=cha`);
    await expect(page.getByRole("cell", { name: new RegExp(slug) })).toHaveCount(0);
  });

  test("an incomplete translation blocks publishing, with the list of missing texts", async ({ page, request }) => {
    const token = (await (await request.post("/api/tokens", { data: { ...ADMIN, name: "e2e-half" } })).json()).token;
    const slug = `half-dutch-${Date.now()}`;
    const definition = {
      pages: [
        {
          name: "p1",
          elements: [
            { type: "radiogroup", name: "mood", title: { default: "Humeur ?", en: "Mood?" }, choices: [{ value: "good", text: { default: "Bonne", nl: "Goed", en: "Good" } }] },
          ],
        },
      ],
    };
    const created = await request.post("/api/surveys", {
      headers: { Authorization: `Bearer ${token}` },
      data: { slug, title: { default: "À moitié", nl: "Half", en: "Half" }, definition },
    });
    expect(created.status()).toBe(201);
    await logIn(page, ADMIN);
    await page.goto(`/surveys/${slug}?lng=en`);
    await page.getByRole("button", { name: "Publish" }).click();
    const alert = page.getByRole("alert");
    await expect(alert).toContainText("The survey cannot be published yet.");
    await expect(alert).toContainText("1 text is missing:");
    await expect(alert).toContainText("NL · mood.title");
    await expect(page.locator(".badge")).toHaveText("Draft");
  });

  test("staff hand out the link, the QR code and single-use invitations as CSV", async ({ page }) => {
    await logIn(page, ADMIN);
    await page.goto("/surveys/new?lng=en");
    const slug = `share-${Date.now()}`;
    await page.getByLabel("Short address (slug)").fill(slug);
    await page.getByRole("button", { name: "Create survey" }).click();
    await page.getByRole("button", { name: "Publish" }).click();
    await page.goto(`/surveys/${slug}/share?lng=en`);
    await expect(page.getByTestId("public-link")).toHaveText(new RegExp(`/s/${slug}$`));
    const qr = await page.request.get(`/surveys/${slug}/qr.svg`);
    expect(qr.headers()["content-type"]).toBe("image/svg+xml");
    expect(await qr.text()).toContain("<svg");
    await page.getByLabel("Number of invitations").fill("3");
    await page.getByLabel("Antenna").selectOption("cha");
    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("button", { name: "Create and download the CSV" }).click();
    const download = await downloadPromise;
    const lines = readFileSync((await download.path())!, "utf8").trim().split("\n");
    expect(lines[0]).toBe("link");
    expect(lines.slice(1)).toHaveLength(3);
    for (const line of lines.slice(1)) expect(line).toMatch(new RegExp(`/s/${slug}\\?i=[A-Za-z0-9_-]{43}$`));
    await page.goto(`/surveys/${slug}/share?lng=en`);
    await expect(page.getByTestId("invitation-stats")).toHaveText("3 invitations created, 0 used.");
    await page.goto(`/surveys/${slug}/poster/lie?lng=fr`);
    await expect(page.locator(".poster-title")).toHaveText("Faire réseau : vos envies de rencontres entre membres");
  });
});

test("staff retarget a survey and change its languages in the settings", async ({ page, request }) => {
  const token = (await (await request.post("/api/tokens", { data: { ...ADMIN, name: "e2e-settings" } })).json()).token as string;
  const slug = `settings-${Date.now()}`;
  const definition = { pages: [{ name: "p", elements: [{ type: "text", name: "q", title: { default: "Q ?", nl: "V?", en: "Q?" } }] }] };
  expect((await request.post("/api/surveys", { headers: { Authorization: `Bearer ${token}` }, data: { slug, title: { default: "Réglages", nl: "Instellingen", en: "Settings" }, definition } })).status()).toBe(201);
  await logIn(page, ADMIN);
  await page.goto(`/surveys/${slug}/settings?lng=en`);
  await page.getByRole("group", { name: "Antennas" }).getByLabel("Charleroi").check();
  await page.getByRole("group", { name: "Languages offered" }).getByLabel("English").uncheck();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toHaveText("Your changes have been saved.");
  const saved = await (await request.get(`/api/surveys/${slug}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  expect(saved).toMatchObject({ antennas: ["cha"], locales: ["fr", "nl"] });
});
