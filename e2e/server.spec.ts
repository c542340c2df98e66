import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";

// The production build started as an operator would: `node server.js` with
// its environment, on a port of its own.
function startServer(env: Record<string, string>) {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ["server.js"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  /** Resolves once the output shows `marker` (the start-up line by default), or the process ended, or 20 s passed. */
  const ready = async (marker = "is running at") => {
    for (let i = 0; i < 100 && !output.includes(marker); i++) {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    return output;
  };
  return { child, port, exited, ready, output: () => output };
}

const stop = async (child: ChildProcess) => {
  if (child.exitCode === null) child.kill("SIGKILL");
};

test.describe("the server process", () => {
  test("an unreachable PostgreSQL gives a clear message and no stack trace", async () => {
    const server = startServer({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere", SESSION_SECRET: "s".repeat(32) });
    const code = await server.exited;
    expect(code).toBe(1);
    expect(server.output()).toContain("Maillage cannot start: Cannot reach PostgreSQL at postgres://postgres@127.0.0.1:1/nowhere");
    expect(server.output()).not.toMatch(/\n\s+at /);
  });

  test("production on PostgreSQL without SESSION_SECRET refuses to start, saying why", async () => {
    const server = startServer({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/postgres" });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain("SESSION_SECRET is required in production with DATABASE_URL");
  });

  test("a wrong SUBMISSIONS_PER_MINUTE or TRUST_PROXY stops the start-up, naming the variable", async () => {
    for (const [name, value] of [
      ["SUBMISSIONS_PER_MINUTE", "abc"],
      ["SUBMISSIONS_PER_MINUTE", "0"],
      ["TRUST_PROXY", "abc"],
      ["TRUST_PROXY", "10.0.0.0/40"],
    ] as const) {
      const server = startServer({ DATA_DIR: "memory://", [name]: value });
      expect(await server.exited, `${name}=${value}`).toBe(1);
      expect(server.output()).toContain("Maillage cannot start: Invalid environment");
      expect(server.output()).toContain(name);
      expect(server.output()).not.toMatch(/\n\s+at /);
    }
  });

  test("on a fresh embedded database it seeds the demo, says how to log in, and stops cleanly on SIGTERM", async ({ request }) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "maillage-start-"));
    const server = startServer({ DATA_DIR: dataDir });
    try {
      const output = await server.ready("Demo login:");
      expect(output).toContain(`Maillage is running at http://localhost:${server.port}`);
      const login = output.match(/Demo login: (\S+) \/ (\S+)/);
      expect(login).not.toBeNull();
      const token = await request.post(`http://localhost:${server.port}/api/tokens`, {
        data: { email: login![1], password: login![2], name: "demo" },
      });
      expect(token.status()).toBe(201);
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    } finally {
      await stop(server.child);
    }
  });

  test("members' submissions are limited per address, the address read through the trusted proxy", async ({ request }) => {
    const server = startServer({ DATA_DIR: "memory://", DEMO: "1", SUBMISSIONS_PER_MINUTE: "3" });
    try {
      expect(await server.ready()).toContain("is running at");
      const submit = (address: string) =>
        request.post(`http://localhost:${server.port}/api/surveys/faire-reseau-demo/responses?lng=en`, {
          headers: { "X-Forwarded-For": address },
          data: {},
        });
      // Three tries from one address (refused as empty, but counted), then the limit.
      for (let i = 0; i < 3; i++) expect((await submit("203.0.113.21")).status()).toBe(400);
      const limited = await submit("203.0.113.21");
      expect(limited.status()).toBe(429);
      expect(limited.headers()["retry-after"]).toMatch(/^\d+$/);
      expect(await limited.json()).toMatchObject({ error: "rate_limited" });
      // A member on another address is not locked out by the first one.
      expect((await submit("203.0.113.22")).status()).toBe(400);
    } finally {
      await stop(server.child);
    }
  });

  // Registered only where PostgreSQL is offered (CI sets TEST_DATABASE_URL).
  if (!process.env.TEST_DATABASE_URL) return;
  test("with the database away, pages answer 503 with Retry-After and no stack, and come back with it", async () => {
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    const name = `maillage_e2e_${randomBytes(5).toString("hex")}`;
    await admin.unsafe(`create database ${name}`);
    const target = new URL(process.env.TEST_DATABASE_URL!);
    // The app reaches PostgreSQL through a proxy this test can cut and restore.
    const sockets = new Set<Socket>();
    let cut = false;
    const proxy = createServer((client) => {
      if (cut) return void client.destroy();
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        socket.on("error", () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.host = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    url.pathname = `/${name}`;
    const server = startServer({ DATABASE_URL: url.toString(), SESSION_SECRET: "a-test-secret-of-enough-length" });
    const page = (path: string) => fetch(`http://localhost:${server.port}${path}`, { redirect: "manual" });
    try {
      await server.ready();
      // A page that reads the database on every visit: a survey's privacy notice (this one does not exist).
      const notice = "/s/no-such-survey/privacy?lng=en";
      expect((await page(notice)).status).toBe(404);
      cut = true;
      for (const socket of sockets) socket.destroy();
      const away = await page(notice);
      expect(away.status).toBe(503);
      expect(away.headers.get("retry-after")).toBe("5");
      expect(await away.text()).not.toMatch(/\n\s+at /);
      expect(server.output()).toContain("Database unavailable");
      cut = false;
      await expect.poll(async () => (await page(notice)).status, { timeout: 20_000 }).toBe(404);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
      proxy.close();
      for (const socket of sockets) socket.destroy();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  test("the same build runs on PostgreSQL with the same migrations, and /healthz says so", async ({ request }) => {
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    const name = `maillage_e2e_${randomBytes(5).toString("hex")}`;
    await admin.unsafe(`create database ${name}`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const server = startServer({
      DATABASE_URL: url.toString(),
      SESSION_SECRET: "a-test-secret-of-enough-length",
      ADMIN_EMAIL: "pg-admin@maillage.test",
      ADMIN_PASSWORD: "pg admin password",
    });
    try {
      await server.ready();
      const health = await request.get(`http://localhost:${server.port}/healthz`);
      expect(await health.json()).toEqual({ status: "ok", database: { kind: "postgres", state: "up" } });
      const token = await request.post(`http://localhost:${server.port}/api/tokens`, {
        data: { email: "pg-admin@maillage.test", password: "pg admin password", name: "pg" },
      });
      expect(token.status()).toBe(201);
      const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const applied = await db.unsafe(`select count(*)::int as n from drizzle.__drizzle_migrations`);
      await db.end();
      expect(applied[0]?.n).toBeGreaterThan(0);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
