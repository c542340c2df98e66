import { type APIRequestContext, expect, type Page } from "@playwright/test";
import { networkingTemplate } from "../app/surveys/template";

export const ADMIN = { email: "e2e-admin@maillage.test", password: "e2e admin password 1" };

export async function logIn(page: Page, { email, password }: { email: string; password: string }, lng = "en") {
  await page.goto(`/login?lng=${lng}`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** A unique address per test run, so tests never collide with leftovers. */
export const uniqueEmail = (label: string) => `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@maillage.test`;

/** A documentation-range address (TEST-NET-3) for X-Forwarded-For. */
export const randomAddress = () => `203.0.113.${1 + Math.floor(Math.random() * 254)}`;

/** The trilingual template, published under a fresh slug for the Liège antenna, with an admin token's headers. */
export async function publishTemplate(request: APIRequestContext, options: { access?: "public" | "invitation" } = {}) {
  const token = (await (await request.post("/api/tokens", { data: { ...ADMIN, name: "e2e-member" } })).json()).token as string;
  const slug = `member-${Date.now()}-${Math.floor(Math.random() * 1e4)}`;
  const template = networkingTemplate({ antennas: ["lie"] });
  const headers = { Authorization: `Bearer ${token}` };
  const created = await request.post("/api/surveys", {
    headers,
    data: { slug, title: template.title, definition: template.definition, antennas: ["lie"], ...options },
  });
  expect(created.status()).toBe(201);
  expect((await request.post(`/api/surveys/${slug}/publish`, { headers })).status()).toBe(200);
  return { slug, headers };
}
