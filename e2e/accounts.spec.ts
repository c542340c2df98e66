import { expect, type Page, test } from "@playwright/test";
import { toLocalInput } from "../app/surveys/dates";
import { networkingTemplate } from "../app/surveys/template";
import { ADMIN, logIn, publishTemplate, randomAddress, uniqueEmail } from "./fixtures";

/** An admin creates a staff account on the users page; returns the creation form. */
async function createStaffAccount(page: Page, { name, email, password }: { name: string; email: string; password: string }) {
  await logIn(page, ADMIN);
  await page.goto("/admin/users?lng=en");
  const form = page.locator("form", { has: page.locator('input[value="create"]') });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Email address").fill(email);
  await form.getByLabel("Role").selectOption("staff");
  await form.getByLabel("Initial password").fill(password);
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toHaveText("The account has been created.");
  return form;
}

test.describe("accounts and access", () => {
  test("the home page answers in each language with the right <html lang>", async ({ request }) => {
    for (const lng of ["fr", "nl", "en"]) {
      const response = await request.get(`/?lng=${lng}`);
      expect(response.status()).toBe(200);
      expect(await response.text()).toContain(`<html lang="${lng}"`);
    }
  });

  test("a person logs in and out, and the session really ends on the server", async ({ page, context }) => {
    await logIn(page, ADMIN);
    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("My account");
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name.endsWith("maillage_session"));
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Lax");
    expect(session?.secure).toBe(true);
    expect(session?.name).toBe("__Host-maillage_session");

    await page.getByRole("button", { name: "Log out" }).click();
    await expect(page).toHaveURL(/\/login/);
    // Replaying the old cookie after logout opens nothing.
    await context.addCookies([session!]);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/);
  });

  test("a wrong password is told in each language", async ({ page }) => {
    const expected = {
      fr: "Adresse e-mail ou mot de passe incorrect.",
      nl: "Onjuist e-mailadres of wachtwoord.",
      en: "Wrong email address or password.",
    };
    // As if behind the load balancer, from an address of its own: failures
    // count per address, and other tests must not inherit these.
    await page.setExtraHTTPHeaders({ "X-Forwarded-For": randomAddress() });
    for (const [lng, message] of Object.entries(expected)) {
      await page.goto(`/login?lng=${lng}`);
      await page.locator('input[name="email"]').fill(uniqueEmail("nobody"));
      await page.locator('input[name="password"]').fill("not the password");
      await page.locator('form button[type="submit"]').click();
      await expect(page.getByRole("alert")).toHaveText(message);
    }
  });

  test("the language switch changes every word and is remembered", async ({ page }) => {
    await page.goto("/login?lng=fr");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Connexion");
    await page.getByRole("link", { name: "Nederlands" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aanmelden");
    await expect(page.locator("html")).toHaveAttribute("lang", "nl");
    await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", "nl");
    await page.getByRole("link", { name: "English" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in");
  });

  test("an admin creates a staff account, who logs in and is refused on admin pages", async ({ page, browser }) => {
    const email = uniqueEmail("staff");
    const form = await createStaffAccount(page, { name: "Sam Staff", email, password: "staff password 42" });
    await expect(page.getByRole("cell", { name: email, exact: true })).toBeVisible();
    // The form is empty again: nothing of this account is left for the next.
    for (const label of ["Name", "Email address", "Initial password"]) await expect(form.getByLabel(label)).toHaveValue("");

    const staff = await browser.newContext();
    const staffPage = await staff.newPage();
    await logIn(staffPage, { email, password: "staff password 42" });
    for (const path of ["/admin/users", "/admin/antennas", "/admin/sectors", "/admin/audit"]) {
      const response = await staffPage.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(staffPage.getByRole("heading", { level: 1 })).toHaveText("Access denied");
    }
    await expect(staffPage.getByRole("link", { name: "Administration" })).toHaveCount(0);
    await staff.close();
  });

  test("an admin edits an antenna's Dutch name and default language", async ({ page }) => {
    await logIn(page, ADMIN);
    await page.goto("/admin/antennas?lng=en");
    const gent = page.getByRole("form", { name: "gen" });
    await gent.getByLabel("Name in Dutch").fill("Gent (stad)");
    await gent.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toContainText("gen");
    await expect(page.getByRole("form", { name: "gen" }).getByLabel("Name in Dutch")).toHaveValue("Gent (stad)");
  });

  test("a token is created on the account page, works as a bearer, and stops once revoked", async ({ page, request }) => {
    await logIn(page, ADMIN);
    await page.goto("/account?lng=en");
    const name = `e2e-${Date.now()}`;
    await page.getByLabel("Token name").fill(name);
    await page.getByRole("button", { name: "Create a token" }).click();
    const token = (await page.getByTestId("new-token").textContent())!.trim();
    expect(token).toMatch(/^mlg_/);

    const auth = { headers: { Authorization: `Bearer ${token}` } };
    expect((await request.get("/healthz", auth)).status()).toBe(200);
    const before = await request.get("/account", { ...auth, maxRedirects: 0 });
    expect(before.status()).toBe(200);

    await page.getByRole("button", { name: `Revoke the token “${name}”` }).click();
    await expect(page.getByRole("status")).toHaveText("The token is revoked.");
    const after = await request.get("/account", { ...auth, maxRedirects: 0 });
    expect(after.status()).toBe(302);
  });

  test("a password change ends the person's other sessions and revokes their tokens, and says so", async ({ page, browser, request }) => {
    // A staff account of its own: the shared admin's password stays as it is.
    const email = uniqueEmail("lifecycle");
    await createStaffAccount(page, { name: "Lee Lifecycle", email, password: "first passphrase 42" });

    const laptop = await browser.newContext();
    const phone = await browser.newContext();
    const onLaptop = await laptop.newPage();
    const onPhone = await phone.newPage();
    await logIn(onLaptop, { email, password: "first passphrase 42" });
    await logIn(onPhone, { email, password: "first passphrase 42" });
    const token = ((await (await request.post("/api/tokens", { data: { email, password: "first passphrase 42", name: "script", expiresInDays: 30 } })).json()) as { token: string }).token;
    expect((await request.get("/account", { headers: { Authorization: `Bearer ${token}` }, maxRedirects: 0 })).status()).toBe(200);

    await onLaptop.goto("/account?lng=en");
    await expect(onLaptop.getByText("Changing the password signs out your other sessions")).toBeVisible();
    await onLaptop.getByLabel("Current password").fill("first passphrase 42");
    await onLaptop.getByLabel("New password").fill("second passphrase 42");
    await onLaptop.getByRole("button", { name: "Save password" }).click();
    await expect(onLaptop.getByRole("status")).toHaveText("Your password has been changed. Your other sessions were signed out and your API tokens revoked.");
    // The laptop stays signed in; the phone is out; the token opens nothing.
    await onLaptop.goto("/account?lng=en");
    await expect(onLaptop).toHaveURL(/\/account/);
    await onPhone.goto("/account?lng=en");
    await expect(onPhone).toHaveURL(/\/login/);
    expect((await request.get("/account", { headers: { Authorization: `Bearer ${token}` }, maxRedirects: 0 })).status()).toBe(302);
    await laptop.close();
    await phone.close();
  });

  test("an admin sets a new password for someone who lost theirs: their sessions end, the new one works", async ({ page, browser }) => {
    const email = uniqueEmail("forgot");
    await createStaffAccount(page, { name: "Flo Forgetful", email, password: "lost passphrase 42" });
    const elsewhere = await browser.newContext();
    const theirs = await elsewhere.newPage();
    await logIn(theirs, { email, password: "lost passphrase 42" });
    await theirs.goto("/account?lng=en");
    await expect(theirs).toHaveURL(/\/account/);

    const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: email, exact: true }) });
    await row.getByText("Set a new password").click();
    await expect(row.getByText("all their sessions end and their API tokens are revoked")).toBeVisible();
    await row.getByLabel("New password for Flo Forgetful").fill("found passphrase 42");
    await row.getByRole("button", { name: "Set the password" }).click();
    await expect(page.getByRole("status")).toHaveText("The password is set: their sessions have ended and their API tokens are revoked.");

    await theirs.goto("/account?lng=en");
    await expect(theirs).toHaveURL(/\/login/);
    await logIn(theirs, { email, password: "found passphrase 42" });
    await theirs.goto("/account?lng=en");
    await expect(theirs.getByText(email)).toBeVisible();
    await elsewhere.close();
  });

  test("account forms check by the schema their action reads: in the page before posting, and from the server without JavaScript", async ({ page, browser }) => {
    await logIn(page, ADMIN);
    await page.goto("/account?lng=en");
    const posts: string[] = [];
    page.on("request", (sent) => {
      if (sent.method() === "POST") posts.push(sent.url());
    });
    await page.getByLabel("Current password").fill(ADMIN.password);
    const next = page.getByLabel("New password");
    await next.fill("password");
    await next.blur();
    await expect(page.getByText("This password is too common; choose another one.")).toBeVisible();
    await expect(next).toHaveAttribute("aria-invalid", "true");
    await next.fill("short");
    await expect(page.getByText("The password must be at least 8 characters long.")).toBeVisible();
    await page.getByRole("button", { name: "Create a token" }).click();
    await expect(page.getByText("Give the token a name (100 characters at most).")).toBeVisible();
    // A real post afterwards is the first one: the refused ones never left the page.
    await page.getByLabel("Token name").fill(`e2e-schema-${Date.now()}`);
    await page.getByRole("button", { name: "Create a token" }).click();
    await expect(page.getByTestId("new-token")).toBeVisible();
    expect(posts).toHaveLength(1);

    const plain = await browser.newContext({ javaScriptEnabled: false });
    const noScript = await plain.newPage();
    await logIn(noScript, ADMIN);
    await noScript.goto("/admin/antennas?lng=en");
    const entry = noScript.getByRole("form", { name: "New antenna" });
    const code = `mons-${Date.now()}`;
    await entry.getByLabel("Code").fill(code);
    await entry.getByLabel("Name in French").fill("Mons");
    await entry.getByLabel("Name in Dutch").fill("<b>Bergen</b>");
    await entry.getByLabel("Name in English").fill("Mons");
    await entry.getByRole("button", { name: "Add" }).click();
    await expect(noScript.getByText("HTML markup is not allowed: write plain text.")).toBeVisible();
    // What was typed is kept, beside its error; nothing was added.
    const again = noScript.getByRole("form", { name: "New antenna" });
    await expect(again.getByLabel("Name in Dutch")).toHaveValue("<b>Bergen</b>");
    await expect(again.getByLabel("Name in Dutch")).toHaveAttribute("aria-invalid", "true");
    await expect(noScript.getByRole("form", { name: code })).toHaveCount(0);
    await plain.close();
  });

  test("a token's lifetime is chosen at creation and shown", async ({ page }) => {
    await logIn(page, ADMIN);
    await page.goto("/account?lng=en");
    await expect(page.getByLabel("Valid for")).toHaveValue("90");
    await page.getByLabel("Token name").fill(`week-${Date.now()}`);
    await page.getByLabel("Valid for").selectOption("7");
    await page.getByRole("button", { name: "Create a token" }).click();
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toLocaleDateString("en", { dateStyle: "medium" });
    await expect(page.getByText(`It expires on ${inAWeek}`, { exact: false })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "Expires" })).toBeVisible();
  });

  test("the audit log says each action in words, with the person's name and the survey's title, and filters", async ({ page, request }) => {
    const { slug } = await publishTemplate(request);
    await logIn(page, ADMIN);
    await page.goto("/admin/audit?lng=en");
    const filters = page.getByRole("form", { name: "Filter the log" });
    await filters.getByLabel("Who").selectOption({ label: "Admin" });
    await filters.getByLabel("Action").selectOption({ label: "Survey published" });
    // Today in Brussels, as the log counts its days.
    const today = toLocalInput(new Date()).slice(0, 10);
    await filters.getByLabel("From").fill(today);
    await filters.getByLabel("To").fill(today);
    await filters.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/action=survey\.publish/);
    const rows = page.getByRole("table", { name: "Audit log" }).locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    // The filtered table drawn (the address changes just before): only what was asked for is left.
    await expect(rows.filter({ hasNotText: "Survey published" })).toHaveCount(0);
    // Every row is what was asked for, in words; no code or id shows.
    for (const row of await rows.all()) {
      await expect(row.getByRole("cell").nth(1)).toHaveText("Admin");
      await expect(row.getByRole("cell").nth(2)).toHaveText("Survey published");
    }
    await expect(page.getByRole("table", { name: "Audit log" })).not.toContainText(slug);
    await expect(page.getByRole("table", { name: "Audit log" })).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await expect(rows.first().getByRole("cell").nth(3)).toHaveText((networkingTemplate().title as Record<string, string>).en!);
    // A day with nothing in it shows nothing.
    await page.goto(`/admin/audit?lng=en&action=survey.publish&from=2020-01-01&to=2020-01-02`);
    await expect(page.getByText("Nothing recorded yet.")).toBeVisible();
    // A filter that is no date is refused with a message, not a 500.
    const wrong = await page.goto("/admin/audit?lng=en&from=yesterday");
    expect(wrong?.status()).toBe(400);
    await expect(page.getByRole("alert")).toHaveText("Some of the data is invalid.");
  });

  test("POST /api/tokens gives a token for the admin and 401 for a wrong password", async ({ request }) => {
    const ok = await request.post("/api/tokens", { data: { ...ADMIN, name: "api-e2e" } });
    expect(ok.status()).toBe(201);
    expect((await ok.json()).token).toMatch(/^mlg_/);
    const wrong = await request.post("/api/tokens?lng=nl", {
      data: { email: uniqueEmail("nobody"), password: "wrong", name: "x" },
      headers: { "X-Forwarded-For": randomAddress() },
    });
    expect(wrong.status()).toBe(401);
    expect(await wrong.json()).toEqual({ error: "invalid_credentials", message: "Onjuist e-mailadres of wachtwoord." });
  });

  test("every kind of response carries the security headers", async ({ request }) => {
    const home = await request.get("/");
    const asset = (await home.text()).match(/\/assets\/[\w.-]+\.js/)?.[0];
    for (const path of ["/", "/login", "/healthz", "/nowhere", asset!]) {
      const response = await request.get(path);
      const headers = response.headers();
      expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
      expect(headers["content-security-policy"], path).toContain("object-src 'none'");
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["referrer-policy"], path).toBe("same-origin");
    }
    const api = await request.post("/api/tokens", { data: Buffer.from("{"), headers: { "Content-Type": "application/json" } });
    expect(api.status()).toBe(400);
    expect(api.headers()["x-content-type-options"]).toBe("nosniff");
    expect((await api.json()).error).toBe("invalid_json");
  });

  test("a cross-site form post is refused and changes nothing", async ({ request }) => {
    const response = await request.post("/logout", {
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      data: "",
    });
    expect(response.status()).toBe(403);
    expect((await response.json()).error).toBe("cross_site_request");
  });
});
