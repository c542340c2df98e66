// Instant conditional display within a page: as the member answers, the
// page's `visibleIf` rules run in the browser with our small evaluator
// (survey-core never ships there). The server, which re-evaluates everything
// with survey-core on each submission, remains the authority.
import { type RefObject, useEffect } from "react";
import { parsePageForm, SHOWN_FIELD } from "~/responses/form-data";
import type { ConditionalRule, PageQuestion } from "~/responses/page-model.server";
import { type AnswerValues, evaluateCondition } from "~/surveys/expressions";
import { questionIds } from "./question-parts";

/** Which questions to show (true) or hide (false); a rule the evaluator declines is left out. */
export function ruleDecisions(rules: readonly ConditionalRule[], values: AnswerValues): Record<string, boolean> {
  const decisions: Record<string, boolean> = {};
  for (const rule of rules) {
    const visible = evaluateCondition(rule.visibleIf, values);
    if (visible !== undefined) decisions[rule.question] = visible;
  }
  return decisions;
}

/**
 * Re-evaluates the rules on every change in the form and shows or hides their
 * questions; keeps the choices a group excludes apart, and each rank to one item.
 */
export function useConditionalDisplay(
  form: RefObject<HTMLFormElement | null>,
  { rules, ruleValues, questions }: { rules: readonly ConditionalRule[]; ruleValues: Record<string, unknown>; questions: readonly PageQuestion[] },
) {
  useEffect(() => {
    const element = form.current;
    if (!element) return;
    const update = () => {
      const { answers } = parsePageForm(new FormData(element), questions);
      const decisions = ruleDecisions(rules, { ...ruleValues, ...answers });
      for (const [name, visible] of Object.entries(decisions)) {
        const block = element.querySelector<HTMLElement>(`#${questionIds(name).block}`);
        if (!block || block.hidden === !visible) continue;
        block.hidden = !visible;
        // A hidden question's fields must not be submitted; read-only ones stay disabled.
        if (block.dataset.readonly === undefined) {
          block.querySelectorAll<HTMLInputElement>("input, select, textarea").forEach((field) => (field.disabled = !visible));
        }
      }
      // The member has seen what is on screen: the server moves on instead of showing the page again.
      const shown = element.querySelector<HTMLInputElement>(`input[type="hidden"][name="${SHOWN_FIELD}"]`);
      if (shown) shown.value = questions.filter((question) => !element.querySelector<HTMLElement>(`#${questionIds(question.name).block}`)?.hidden).map((question) => question.name).join(",");
    };
    // "None" and its kin exclude the other choices of a checkbox group.
    const exclusive = (event: Event) => {
      const input = event.target;
      if (!(input instanceof HTMLInputElement) || input.type !== "checkbox" || !input.checked) return;
      const group = element.querySelectorAll<HTMLInputElement>(`input[type="checkbox"][name="${CSS.escape(input.name)}"]`);
      group.forEach((other) => {
        if (other !== input && (input.dataset.exclusive !== undefined || other.dataset.exclusive !== undefined)) other.checked = false;
      });
    };
    // A rank goes to one item: giving an item a rank another holds swaps their ranks.
    const ranks = new WeakMap<HTMLSelectElement, string>();
    element.querySelectorAll<HTMLSelectElement>("ol.ranking select").forEach((select) => ranks.set(select, select.value));
    const distinctRanks = (event: Event) => {
      const select = event.target;
      if (!(select instanceof HTMLSelectElement) || !select.closest("ol.ranking")) return;
      const previous = ranks.get(select) ?? "";
      if (select.value !== "") {
        select.closest("ol.ranking")!.querySelectorAll<HTMLSelectElement>("select").forEach((other) => {
          if (other === select || other.value !== select.value) return;
          other.value = previous;
          ranks.set(other, previous);
        });
      }
      ranks.set(select, select.value);
    };
    const onChange = (event: Event) => {
      exclusive(event);
      if (event.type === "change") distinctRanks(event);
      if (rules.length > 0) update();
    };
    element.addEventListener("change", onChange);
    element.addEventListener("input", onChange);
    // The browser may have restored answers (back button, autofill) before the script ran.
    if (rules.length > 0) update();
    return () => {
      element.removeEventListener("change", onChange);
      element.removeEventListener("input", onChange);
    };
  }, [form, rules, ruleValues, questions]);
}
