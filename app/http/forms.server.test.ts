import { describe, expect, it } from "vitest";
import { FORM_MAX_BYTES, readForm } from "./forms.server";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) => new Request("http://localhost/x", { method: "POST", body, headers });

/** What readForm threw: Remix's data({ error }, { status }). */
async function refusal(request: Request): Promise<{ status: number; error: string }> {
  try {
    await readForm(request);
  } catch (thrown) {
    const { data, init } = thrown as { data: { error: string }; init: { status: number } };
    return { status: init.status, error: data.error };
  }
  throw new Error("the form was read");
}

describe("a page's form post", () => {
  it("reads url-encoded and multipart forms", async () => {
    expect((await readForm(post("a=1&b=%C3%A9", { "Content-Type": "application/x-www-form-urlencoded" }))).get("b")).toBe("é");
    const form = new FormData();
    form.set("json", new File(['{"pages":[]}'], "survey.json"));
    expect(await ((await readForm(post(form))).get("json") as File).text()).toBe('{"pages":[]}');
  });

  it.each([
    ["JSON", post('{"a":1}', { "Content-Type": "application/json" }), 415, "form_expected"],
    ["no content type", post(null), 415, "form_expected"],
    ["binary", post(new Uint8Array([0, 1, 2]), { "Content-Type": "application/octet-stream" }), 415, "form_expected"],
    ["multipart without boundary", post("--x\r\n\r\n", { "Content-Type": "multipart/form-data" }), 400, "form_unreadable"],
    ["too large", post("a=1", { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(FORM_MAX_BYTES + 1) }), 413, "payload_too_large"],
  ])("refuses %s before reading a field", async (_, request, status, error) => {
    expect(await refusal(request)).toEqual({ status, error });
  });
});
