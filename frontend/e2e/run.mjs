// End-to-end run against the real server on the embedded default: a fresh SQLite database in a
// temporary folder (migrated and seeded), the built frontend served by `ecosystem serve` on a
// free port, Debian's Chromium driven by playwright-core. Stops the server whatever happens.
//
//   ECOSYSTEM_BIN   the ecosystem command (default ../.venv/bin/ecosystem)
//   CHROMIUM_PATH   the browser (default /usr/bin/chromium)
//   E2E_SKIP_BUILD  1: use frontend/dist as it is
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runScenarios } from "./scenarios.mjs";

const frontend = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ecosystem = resolve(frontend, process.env.ECOSYSTEM_BIN ?? "../.venv/bin/ecosystem");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
    server.on("error", fail);
  });
}

function run(command, args, env) {
  const result = spawnSync(command, args, { env, stdio: "inherit", cwd: frontend });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status ?? result.error})`);
}

async function waitReady(base, server) {
  for (let i = 0; i < 120; i++) {
    if (server.exitCode !== null) throw new Error("the server stopped before it was ready");
    try {
      const response = await fetch(`${base}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the server was not ready within 30 s");
}

const work = mkdtempSync(join(tmpdir(), "hope-e2e-"));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env = {
  ...process.env,
  DATABASE_URL: `sqlite+aiosqlite:///${join(work, "e2e.db")}`,
  FRONTEND_DIST: join(frontend, "dist"),
  PUBLIC_URL: base,
  ENVIRONMENT: "development",
  LOGIN_RATE_PER_MINUTE: "1000",
  MUTATION_RATE_PER_MINUTE: "1000",
};
delete env.REDIS_URL;

let server;
let serverLog = "";
let failed = true;
try {
  run(ecosystem, ["migrate"], env);
  run(ecosystem, ["seed-demo"], env);
  // A county official of another county (Sanjiang, Guangxi): the media editor's demo account
  // is invited as one, and becomes one at its login.
  run(ecosystem, ["invite", "--email", "media-editor@demo.hope.example", "--party", "三江侗族自治县人民政府", "--role", "GOV_OFFICIAL"], env);
  if (process.env.E2E_SKIP_BUILD !== "1") run("npm", ["run", "build"], env);
  server = spawn(ecosystem, ["serve", "--host", "127.0.0.1", "--port", String(port)], {
    env,
    cwd: work,
    stdio: ["ignore", "ignore", "pipe"],
  });
  server.stderr.on("data", (chunk) => (serverLog = (serverLog + chunk).slice(-20000)));
  await waitReady(base, server);
  console.log(`e2e: server ready at ${base}`);
  const output = join(frontend, "e2e", "output");
  mkdirSync(output, { recursive: true });
  // Signs a ledger checkpoint now, so the newest entries can be verified without waiting.
  const checkpoint = async () => run(ecosystem, ["ledger", "checkpoint"], env);
  failed = !(await runScenarios({ base, chromium, screenshots: resolve(frontend, "../docs/screenshots"), output, checkpoint }));
  if (failed && process.env.E2E_SERVER_LOG === "1") console.error(serverLog);
} catch (error) {
  console.error(`e2e: ${error.message}`);
} finally {
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((r) => server.once("exit", () => r(true)));
    server.kill("SIGTERM");
    // The server stops within seconds (tests/test_shutdown.py); never wait on it forever.
    const stopped = await Promise.race([exited, new Promise((r) => setTimeout(() => r(false), 30000))]);
    if (!stopped) {
      console.error("e2e: the server did not stop within 30 s of SIGTERM; killed. Its log ends:");
      console.error(serverLog.slice(-4000));
      server.kill("SIGKILL");
      await exited;
    }
  }
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
