import { describe, expect, it } from "vitest";
import { parseForm } from "~/http/forms";
import { formData as form } from "../../test/form-data";
import { addQuestion, findQuestion, updateQuestion } from "./designer";
import { editableFields, questionChanges, questionForm, questionFormValues } from "./designer-forms";


// What the editor posts for a checkbox question, as the page names its fields.
const posted: [string, string][] = [
  ["intent", "save-question"],
  ["question", "pets"],
  ["stamp", "abc"],
  ["name", " pets "],
  ["title.fr", "Vos animaux ?"],
  ["title.nl", ""],
  ["title.en", "Your pets?"],
  ["required", "on"],
  ["role", "interest.theme"],
  ["choices[0].value", "cat"],
  ["choices[0].text.fr", "Chat"],
  ["choices[1].value", ""],
  ["choices[1].text.fr", "Très souvent"],
  // The empty row the editor offers at the end.
  ["choices[2].value", ""],
  ["choices[2].text.fr", ""],
  ["choices[2].text.nl", ""],
  ["minSelectedChoices", ""],
  ["maxSelectedChoices", "2"],
  ["condition", "member=true"],
  ["conditionExpression", ""],
];

describe("the question editor's schema", () => {
  it("reads the page's nested names into the patch's values: texts by language, rows without the blank one, numbers, ticks", () => {
    const submission = parseForm(form(posted), questionForm);
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    expect(submission.value).toMatchObject({
      question: "pets",
      name: "pets",
      title: { fr: "Vos animaux ?", en: "Your pets?" },
      required: true,
      role: "interest.theme",
      choices: [
        { value: "cat", text: { fr: "Chat" } },
        { value: "", text: { fr: "Très souvent" } },
      ],
      minSelectedChoices: null,
      maxSelectedChoices: 2,
      showOtherItem: false,
      condition: "member=true",
    });
    expect(submission.value.title.nl).toBeUndefined();
  });

  it.each<[string, [string, string][], string, string]>([
    ["no French title", [["title.fr", "  "]], "title.fr", "required_text"],
    ["a name with a dot", [["name", "pets.2"]], "name", "name_format"],
    ["a limit that is not a number", [["maxSelectedChoices", "two"]], "maxSelectedChoices", "invalid_number"],
    ["a negative limit", [["maxSelectedChoices", "-1"]], "maxSelectedChoices", "invalid_number"],
    ["a fractional scale end", [["rateMin", "1.5"]], "rateMin", "invalid_number"],
    ["an unbounded bound", [["max", "Infinity"]], "max", "invalid_number"],
    ["a role outside the list", [["role", "profile.age"]], "role", "unknown_role"],
    ["a choice text too long", [["choices[0].text.nl", "x".repeat(301)]], "choices[0].text.nl", "too_long"],
    ["a row button that is not one", [["itemAction", "choices:explode:1"]], "itemAction", "invalid_value"],
  ])("refuses %s with the code the page says, on the field's own name", (_, changes, field, code) => {
    const changed = new Map(posted);
    for (const [name, value] of changes) changed.set(name, value);
    const submission = parseForm(form([...changed]), questionForm);
    expect(submission.status).toBe("error");
    expect(submission.status === "error" && submission.error?.[field]).toEqual([code]);
    // The reply carries what was typed back into the form.
    const [first] = changes[0]!;
    expect(JSON.stringify(submission.reply().initialValue)).toContain(JSON.stringify(changes[0]![1]).slice(0, 40));
    expect(first).toBeTruthy();
  });

  it("reads a row button", () => {
    const submission = parseForm(form([...posted, ["itemAction", "choices:down:0"]]), questionForm);
    expect(submission.status === "success" && submission.value.itemAction).toEqual({ list: "choices", action: "down", index: 0 });
  });

  it("round-trips a saved question through the form the page draws, for every field it has", () => {
    const definition = addQuestion({ pages: [{ name: "p", elements: [] }] }, { pageName: "p", type: "rating", name: "r" });
    if (!definition.ok) throw new Error("not added");
    const rated = updateQuestion(definition.definition, "r", { rateMin: 0, rateMax: 10, minRateDescription: { fr: "Pas du tout", en: "Not at all" }, description: { nl: "Uitleg" } });
    if (!rated.ok) throw new Error("not saved");
    const question = findQuestion(rated.definition, "r")!;
    const values = questionFormValues(question);
    // The form as the browser posts it: conform's own names, empty strings for empty fields.
    const entries: [string, string][] = [];
    const walk = (value: unknown, name: string) => {
      if (value === null || value === undefined || value === false) entries.push([name, ""]);
      else if (value === true) entries.push([name, "on"]);
      else if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${name}[${index}]`));
      else if (typeof value === "object") for (const [key, inner] of Object.entries(value)) walk(inner, name ? `${name}.${key}` : key);
      else entries.push([name, String(value)]);
    };
    walk(values, "");
    const submission = parseForm(form(entries), questionForm);
    if (submission.status !== "success") throw new Error(JSON.stringify(submission.error));
    const { patch } = questionChanges(question, submission.value);
    expect(Object.keys(patch).sort()).toEqual([...editableFields(question)].sort());
    const again = updateQuestion(rated.definition, "r", patch);
    expect(again.ok && findQuestion(again.definition, "r")).toEqual(question);
  });
});
