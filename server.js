// Maillage's HTTP server: Express around the Remix build, and in production a
// lane for members' submissions ahead of Express (docs/decisions/008). Thin on
// purpose: everything it decides (headers, origin check, start-up, the lane's
// answers) lives in app/ and reaches it through the build's entry module.
//   node server.js              production build (built first when missing)
//   node server.js --dev        Vite dev server with hot reload
//   node server.js --migrate-only  apply migrations and exit
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import proxyAddress from "proxy-addr";

const dev = process.argv.includes("--dev");
const migrateOnly = process.argv.includes("--migrate-only");
process.env.NODE_ENV ??= dev ? "development" : "production";
const BUILD = "./build/server/index.js";

if (!dev && !existsSync(BUILD)) {
  console.log("No build yet: building once (npm run build)…");
  const result = spawnSync("npx", ["remix", "vite:build"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const { createRequestHandler } = await import("@remix-run/express");
const { createRequestHandler: createRemixHandler } = await import("@remix-run/node");
const { default: express } = await import("express");
const { default: compression } = await import("compression");

const vite = dev
  ? await (await import("vite")).createServer({ server: { middlewareMode: true } })
  : undefined;
const loadBuild = () => (vite ? vite.ssrLoadModule("virtual:remix/server-build") : import(BUILD));

let entry;
let render = null;
try {
  entry = (await loadBuild()).entry.module;
  // Remix's own handler, for the pages the member lane asks it to draw (production only).
  if (!vite) render = createRemixHandler(await loadBuild(), process.env.NODE_ENV);
  const { lines, trustProxy } = await entry.startup();
  // The recommendations are worked out in a worker thread (app/networking/worker.server.ts).
  if (!vite && !migrateOnly) entry.startRecommendationWorker(new URL("./recommendations-worker.js", import.meta.url));
  if (migrateOnly) {
    console.log("Migrations applied.");
    await entry.shutdown();
    process.exit(0);
  }
  startServer(lines, trustProxy);
} catch (error) {
  // A wrong variable may already stop the build's modules as they load (a cookie's settings read it).
  if (error?.name === "StartupError" || error?.name === "ConfigError") {
    console.error(`Maillage cannot start: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

function startServer(lines, trustProxy) {
  const app = express();
  app.disable("x-powered-by");
  // TRUST_PROXY as checked at start-up (env.server.ts).
  app.set("trust proxy", trustProxy);

  app.use(async (req, res, next) => {
    try {
      if (vite) entry = (await loadBuild()).entry.module;
      const nonce = newNonce();
      res.locals.cspNonce = nonce;
      res.set(entry.responseHeaders(nonce, dev, req.path));
      const url = `${req.protocol}://${req.get("host")}${req.originalUrl}`;
      const refusal = await entry.refuseCrossSite({ method: req.method, url, headers: req.headers });
      if (!refusal) return next();
      res.status(refusal.status).type("application/json").send(await refusal.text());
    } catch (error) {
      next(error);
    }
  });
  app.use(compression());

  if (vite) {
    app.use(vite.middlewares);
  } else {
    app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
    app.use(express.static("build/client", { maxAge: "1h" }));
  }

  app.all(
    "*",
    createRequestHandler({
      build: vite ? () => loadBuild() : await_(loadBuild()),
      mode: process.env.NODE_ENV,
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientAddress: req.ip ?? "unknown" }),
    }),
  );

  // Members' submissions skip Express and Remix in production: at thousands a
  // second their middleware costs more than the work (entry: submission-lane.server.ts).
  // The JSON API, and the member page's posts; a page to draw goes to Remix with its outcome.
  const trust = app.get("trust proxy fn");
  const server = createServer((req, res) => {
    const lane = (work) =>
      work.catch((error) => {
        console.error(error);
        res.destroy();
      });
    const slug = vite ? null : entry.submissionSlug(req);
    if (slug !== null) return lane(entry.serveSubmission(req, res, { slug, clientAddress: proxyAddress(req, trust), nonce: newNonce() }));
    const member = vite ? null : entry.memberPostRoute(req);
    if (member !== null) return lane(entry.serveMemberPost(req, res, { ...member, clientAddress: proxyAddress(req, trust), protocol: entry.requestProtocol(req, trust), nonce: newNonce(), render }));
    return app(req, res);
  });

  const port = Number(process.env.PORT ?? 3000);
  server.listen(port, () => {
    const address = server.address();
    const actual = typeof address === "object" && address ? address.port : port;
    // One write: whoever reads the log (an operator, a test) gets the address and the lines together.
    console.log([`Maillage is running at http://localhost:${actual}`, ...lines].join("\n"));
  });

  server.on("error", (error) => {
    console.error(
      error.code === "EADDRINUSE"
        ? `Maillage cannot start: port ${port} is already in use (set PORT to another one).`
        : `Maillage cannot start: ${error.message}`,
    );
    process.exit(1);
  });

  let closing = false;
  const close = (signal) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing (finishing the requests under way)…`);
    server.close(async () => {
      await entry.shutdown().catch((error) => console.error(error));
      process.exit(0);
    });
    server.closeIdleConnections?.();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", () => close("SIGTERM"));
  process.on("SIGINT", () => close("SIGINT"));
}

// CSP nonces come from a pool refilled 256 at a time: one call to the system's
// random source for 256 requests instead of one each.
let noncePool = Buffer.alloc(0);
let nonceAt = 0;
function newNonce() {
  if (nonceAt >= noncePool.length) {
    noncePool = randomBytes(16 * 256);
    nonceAt = 0;
  }
  nonceAt += 16;
  return noncePool.toString("base64", nonceAt - 16, nonceAt);
}

// createRequestHandler takes a build or a function returning a promise of one.
function await_(promise) {
  return () => promise;
}
