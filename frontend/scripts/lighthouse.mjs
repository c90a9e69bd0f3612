// Lighthouse (the npm package) in Debian's Chromium on the public home and the needs browser:
// prints accessibility, performance and best practices, and fails below the budgets of the
// issue (accessibility >= 95, performance >= 90, best practices >= 95).
//
//   npm run lighthouse                    # starts a fresh server like the e2e run (build first)
//   LIGHTHOUSE_URL=http://127.0.0.1:8000 npm run lighthouse   # against a running server
//   LIGHTHOUSE_PRESET=desktop             # desktop instead of the default mobile emulation
//
//   ECOSYSTEM_BIN (default ../.venv/bin/ecosystem), CHROME_PATH (default /usr/bin/chromium)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const BUDGETS = { accessibility: 95, performance: 90, "best-practices": 95 };
const frontend = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const chromePath = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const ecosystem = resolve(frontend, process.env.ECOSYSTEM_BIN ?? "../.venv/bin/ecosystem");
const preset = process.env.LIGHTHOUSE_PRESET === "desktop" ? "desktop" : "mobile";

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

async function startServer() {
  if (!existsSync(join(frontend, "dist", "index.html"))) throw new Error("build first: npm run build");
  const work = mkdtempSync(join(tmpdir(), "hope-lighthouse-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite+aiosqlite:///${join(work, "lh.db")}`,
    FRONTEND_DIST: join(frontend, "dist"),
    PUBLIC_URL: base,
    ENVIRONMENT: "development",
  };
  delete env.REDIS_URL;
  for (const args of [["migrate"], ["seed-demo"]]) {
    const r = spawnSync(ecosystem, args, { env, stdio: "ignore" });
    if (r.status !== 0) throw new Error(`ecosystem ${args.join(" ")} failed`);
  }
  const server = spawn(ecosystem, ["serve", "--host", "127.0.0.1", "--port", String(port)], { env, cwd: work, stdio: "ignore" });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    stop: async () => {
      if (server.exitCode === null) {
        server.kill("SIGTERM");
        await new Promise((r) => server.once("exit", r));
      }
      rmSync(work, { recursive: true, force: true });
    },
  };
}

const started = process.env.LIGHTHOUSE_URL ? null : await startServer();
const base = process.env.LIGHTHOUSE_URL?.replace(/\/$/, "") ?? started.base;
const pages = [
  ["public home", `${base}/`],
  ["needs browser", `${base}/#/needs`],
];
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
});
let failed = false;
try {
  console.log(`Lighthouse ${preset} on ${base} (budgets: ${Object.entries(BUDGETS).map(([k, v]) => `${k} >= ${v}`).join(", ")})`);
  for (const [name, url] of pages) {
    const result = await lighthouse(
      url,
      { port: chrome.port, output: "json", logLevel: "error", onlyCategories: Object.keys(BUDGETS) },
      preset === "desktop" ? desktopConfig : undefined,
    );
    const { categories, audits } = result.lhr;
    const scores = Object.keys(BUDGETS).map((key) => [key, Math.round((categories[key].score ?? 0) * 100)]);
    console.log(`${name.padEnd(14)} ${scores.map(([k, v]) => `${k} ${v}`).join("  ")}`);
    if (process.env.LIGHTHOUSE_DEBUG === "1") {
      for (const item of audits["layout-shifts"]?.details?.items ?? []) console.log(`    shift ${item.score?.toFixed?.(3)}: ${item.node?.snippet ?? ""} ${item.node?.selector ?? ""}`);
    }
    for (const [key, score] of scores) {
      if (score < BUDGETS[key]) failed = true;
      if (score === 100) continue;
      // What cost points, for whoever fixes it.
      for (const ref of categories[key].auditRefs) {
        const audit = audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 0.9) console.log(`    ${key}: ${audit.title} (${audit.displayValue ?? audit.score})`);
      }
    }
  }
} finally {
  await chrome.kill();
  await started?.stop();
}
if (failed) {
  console.error("Below budget.");
  process.exit(1);
}
