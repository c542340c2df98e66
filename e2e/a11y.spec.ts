import { expect, type Page, test } from "@playwright/test";
import { expectLargeTargets, expectNoViolations } from "./accessibility";
import { publishTemplate } from "./fixtures";

// The member page at 360 px (issue 4): WCAG 2.1 A/AA by axe, targets of at
// least 44 × 44 px, and operable with the keyboard alone.

/** Tabs forward until the focused element matches, as a keyboard user would. */
async function tabTo(page: Page, selector: string) {
  for (let presses = 0; presses < 60; presses += 1) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

const texts = {
  fr: { next: "Suivant", thanks: "Merci !" },
  nl: { next: "Volgende", thanks: "Bedankt!" },
  en: { next: "Next", thanks: "Thank you!" },
};

test.describe("the member page is accessible on a phone", () => {
  test.use({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });

  for (const lng of ["fr", "nl", "en"] as const) {
    test(`first page, a page with errors and the thanks page pass axe in ${lng}, with large targets`, async ({ page, request }) => {
      const { slug } = await publishTemplate(request);
      await page.goto(`/s/${slug}?lng=${lng}`);
      await expect(page.locator("html")).toHaveAttribute("lang", lng);
      await expectNoViolations(page);
      await expectLargeTargets(page);

      // Next with the required answers left out: the page with errors.
      await page.getByRole("button", { name: texts[lng].next }).click();
      await expect(page.locator(".error-summary")).toBeVisible();
      await expectNoViolations(page);
      await expectLargeTargets(page);

      // The required answers, page by page, then submit: the thanks page.
      const pages = [
        ['select[name="antenna"]', 'select[name="sector"]'],
        ['input[name="themes"][value="design"]'],
        ['input[name="formats"][value="working-breakfast"]', 'input[name="venues"][value="shared-space"]'],
        ['input[name="slots"][value="mon-morning"]', 'input[name="frequency"][value="weekly"]'],
      ];
      for (const [index, fields] of pages.entries()) {
        for (const field of fields) {
          if (field.startsWith("select")) await page.locator(field).selectOption({ index: 1 });
          else await page.locator(field).check();
        }
        await page.locator('button[name="intent"][value="next"]').click();
        await expect(page.locator("progress")).toHaveAttribute("value", String(index + 2));
      }
      await page.locator('button[name="intent"][value="submit"]').click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(texts[lng].thanks);
      await expectNoViolations(page);
      await expectLargeTargets(page);
    });
  }

  test("the page is operable with the keyboard: Tab to an answer, Space, Tab to Next, Enter", async ({ page, request }) => {
    const { slug } = await publishTemplate(request);
    await page.goto(`/s/${slug}?lng=en`);

    // Enter on Next with nothing answered: the error summary takes the focus.
    await tabTo(page, 'button[value="next"]');
    await page.keyboard.press("Enter");
    await expect(page.locator(".error-summary")).toBeFocused();

    // Choose with the keyboard: the first antenna and sector.
    await tabTo(page, 'select[name="antenna"]');
    await page.keyboard.press("ArrowDown");
    await tabTo(page, 'select[name="sector"]');
    await page.keyboard.press("ArrowDown");
    await expect(page.locator('select[name="antenna"]')).not.toHaveValue("");
    await expect(page.locator('select[name="sector"]')).not.toHaveValue("");
    await tabTo(page, 'button[value="next"]');
    await page.keyboard.press("Enter");
    await expect(page.getByText("Page 2 of 5")).toBeVisible();

    // A checkbox: Tab reaches it, Space ticks it, and the focus shows.
    await tabTo(page, 'input[name="themes"]');
    await page.keyboard.press("Space");
    await expect(page.locator('input[name="themes"]').first()).toBeChecked();
    const outline = await page.locator(".option:has(input:focus-visible)").evaluate((label) => getComputedStyle(label).outlineStyle);
    expect(outline).not.toBe("none");
    await tabTo(page, 'button[value="next"]');
    await page.keyboard.press("Enter");
    await expect(page.getByText("Page 3 of 5")).toBeVisible();
  });
});
