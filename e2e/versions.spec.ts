import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ADMIN, logIn } from "./fixtures";

// A published survey with answers is immutable: editing it makes version 2,
// and the results keep reading version 1's answers by question name.
test("editing an answered survey creates version 2, and the results still read version 1's answers", async ({ page, request }) => {
  const token = (await (await request.post("/api/tokens", { data: { ...ADMIN, name: "e2e-versions" } })).json()).token as string;
  const headers = { Authorization: `Bearer ${token}` };
  const slug = `versions-${Date.now()}`;
  const t = (fr: string, nl: string, en: string) => ({ default: fr, nl, en });
  const definition = {
    pages: [
      {
        name: "p1",
        elements: [
          { type: "radiogroup", name: "mood", title: t("Humeur ?", "Stemming?", "Mood?"), choices: [{ value: "good", text: t("Bonne", "Goed", "Good") }, { value: "bad", text: t("Mauvaise", "Slecht", "Bad") }] },
          { type: "radiogroup", name: "tea", title: t("Thé ?", "Thee?", "Tea?"), choices: [{ value: "yes", text: t("Oui", "Ja", "Yes") }, { value: "no", text: t("Non", "Nee", "No") }] },
        ],
      },
    ],
  };
  expect((await request.post("/api/surveys", { headers, data: { slug, title: t("Versions", "Versies", "Versions"), definition } })).status()).toBe(201);
  expect((await request.post(`/api/surveys/${slug}/publish`)).status()).toBe(401);
  expect((await request.post(`/api/surveys/${slug}/publish`, { headers })).status()).toBe(200);
  // Eight answers: a view of k + 2 is shown whatever its adjustment.
  for (let i = 0; i < 8; i++) {
    const answered = await request.post(`/api/surveys/${slug}/responses`, { data: { id: randomUUID(), locale: "fr", answers: { mood: "good", tea: "yes" }, complete: true } });
    expect(answered.status()).toBe(201);
  }

  // Staff delete the tea question in the designer: the edit becomes version 2.
  await logIn(page, ADMIN);
  await page.goto(`/surveys/${slug}/edit?lng=en`);
  await expect(page.getByText("This version already has 8 answers")).toBeVisible();
  await page.getByRole("button", { name: "Delete the question “Tea?”" }).click();
  await page.getByRole("button", { name: /Yes, delete|Delete the question and these conditions/ }).click();
  await expect(page.getByRole("status")).toContainText("version 2");
  const current = await (await request.get(`/api/surveys/${slug}`, { headers })).json();
  expect(current.version).toBe(2);
  expect(JSON.stringify(current.definition)).not.toContain('"tea"');

  // Version 1's answers are still counted, the removed question included: the same eight
  // members each time, so the same adjusted figure (within 2 of 8).
  const results = await (await request.get(`/api/surveys/${slug}/results`, { headers })).json();
  expect(results.received).toBe(8);
  expect(Math.abs(results.n - 8)).toBeLessThanOrEqual(2);
  const byName = Object.fromEntries(results.questions.map((q: { name: string }) => [q.name, q]));
  expect(byName.mood.options).toContainEqual({ value: "good", count: results.n });
  expect(byName.tea.options).toContainEqual({ value: "yes", count: results.n });
});
