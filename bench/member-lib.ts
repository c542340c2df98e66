// The member page's own requests, as a phone sends them (issue 11): the
// form posts of /s/:slug (one per page, "next" then "submit") and the script's
// autosave to /s/:slug/autosave, with the page's fields, its hidden response
// id and the survey's cookies. The benchmarks drive these beside the JSON API.
import { randomUUID } from "node:crypto";
import { type Agent, request as httpRequest } from "node:http";

type Field = [string, string];

/** The networking template's five pages, filled in a little differently for each member. */
export function memberPages(index: number): Field[][] {
  const pick = <T>(values: T[], offset = 0) => values[(index + offset) % values.length]!;
  return [
    [["antenna", pick(["bru", "lie", "gen", "ant", "cha", "nam", "mon"])], ["sector", pick(["design", "musique", "audiovisuel", "numerique", "formation"])]],
    [["themes", pick(["design", "fair-pricing", "digital-tools"])], ["themes", "social-protection"]],
    [["formats", pick(["working-breakfast", "afterwork", "forest-walk"])], ["venues", pick(["shared-space", "online", "outdoors"])]],
    [["slots", pick(["mon-morning", "tue-evening", "weekend"])], ["frequency", pick(["weekly", "monthly", "quarterly"])]],
    [["offers", pick(["graphic-design", "sound", "translation"])], ...(index % 4 === 0 ? ([["suggestion", "Un petit-déjeuner au KOP, un lundi sur deux."]] as Field[]) : [])],
  ];
}

export type MemberPost = { status: number; location: string | null };

/** A form post as a browser sends it: urlencoded, same-origin, on a keep-alive agent. */
export function postForm(agent: Agent, url: URL, fields: Field[], { origin, cookie }: { origin: string; cookie?: string }): Promise<MemberPost> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
          Origin: origin,
          ...(cookie ? { Cookie: cookie } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, location: (res.headers.location as string | undefined) ?? null }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** A page as the browser loads it after a redirect: a GET read to its end; the status. */
export function getPage(agent: Agent, url: URL, { cookie }: { cookie?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, headers: { Accept: "text/html", ...(cookie ? { Cookie: cookie } : {}) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The questions each page shows, as the page's hidden `shown` field lists them. */
export const SHOWN_ON_PAGE = ["antenna,sector", "themes", "formats,venues", "slots,frequency", "offers,needs,suggestion"];

/** One member's fields for one page: the page's answers, the page's hidden fields and the button pressed. */
export function pageFields({ responseId, page, answers, intent }: { responseId: string; page: number; answers: Field[]; intent: "autosave" | "next" | "submit" | "previous" }): Field[] {
  return [["responseId", responseId], ["page", String(page)], ["shown", SHOWN_ON_PAGE[page] ?? ""], ...answers, ["intent", intent]];
}

/** A fresh response id, as the page's loader hands one to a new phone. */
export const newResponseId = () => randomUUID();
