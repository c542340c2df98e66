import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** WCAG 2.1 A and AA by axe: no violation on the page as it is now. */
export async function expectNoViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  const summary = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary).toEqual([]);
}

/** Every visible control, measured by what a finger hits: a radio or checkbox by its whole label row. */
export async function expectLargeTargets(page: Page) {
  const small = await page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>("a[href], button, input:not([type=hidden]), select, textarea, summary");
    return Array.from(controls).flatMap((control) => {
      const target = control.closest("label") ?? control;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) return [];
      return box.width < 44 || box.height < 44 ? [`${control.outerHTML.slice(0, 80)} (${Math.round(box.width)}×${Math.round(box.height)})`] : [];
    });
  });
  expect(small).toEqual([]);
}
