// What the HTTP benchmarks share: the production build started as members
// meet it (node server.js), an admin token, and a survey created and
// published through the public API.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";

export const BENCH_ADMIN = { email: "bench-admin@maillage.test", password: "bench admin password 1" };

export const machine = () => `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}`;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Builds once when there is no production build yet. */
export function ensureBuild() {
  if (existsSync("build/server/index.js")) return;
  console.log("No production build: npm run build…");
  const result = spawnSync("npx", ["remix", "vite:build"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("build failed");
}

export type RunningServer = { origin: string; stop: () => Promise<void> };

/** `node server.js` on a free port with these variables; resolves once /healthz answers. BENCH_NODE_ARGS adds node flags (e.g. --cpu-prof). */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  ensureBuild();
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "server.js"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), ADMIN_EMAIL: BENCH_ADMIN.email, ADMIN_PASSWORD: BENCH_ADMIN.password, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const origin = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  for (let waited = 0; ; waited += 250) {
    if (child.exitCode !== null) throw new Error(`server.js exited with ${child.exitCode}`);
    if (waited > 60_000) {
      await stop();
      throw new Error("server.js did not answer /healthz within 60 s");
    }
    const ok = await fetch(`${origin}/healthz`).then((r) => r.ok, () => false);
    if (ok) return { origin, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Creates and publishes a survey as the bench admin; returns its slug and the staff headers. */
export async function publishSurvey(origin: string, survey: Record<string, unknown> & { slug: string }) {
  const tokenResponse = await fetch(`${origin}/api/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: origin },
    body: JSON.stringify({ ...BENCH_ADMIN, name: "bench" }),
  });
  if (tokenResponse.status !== 201) throw new Error(`token: ${tokenResponse.status} ${await tokenResponse.text()}`);
  const { token } = (await tokenResponse.json()) as { token: string };
  const headers = { "Content-Type": "application/json", Authorization: `Bearer ${token}`, Origin: origin };
  const created = await fetch(`${origin}/api/surveys`, { method: "POST", headers, body: JSON.stringify(survey) });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
  const published = await fetch(`${origin}/api/surveys/${survey.slug}/publish`, { method: "POST", headers });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${await published.text()}`);
  return { slug: survey.slug, headers };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The value below which `p` percent of the sorted values fall (nearest rank). */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
