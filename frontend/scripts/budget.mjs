// Prints the gzip size of the JavaScript the public home loads: the initial scripts of
// index.html (entry and modulepreloads, with everything they import statically), the charts
// included. Fails when it is over the budget.
// Build first (npm run build).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 250;
const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

function closure(start) {
  const seen = new Set();
  const queue = [...start];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(dist, file), "utf8");
    // Static imports only: `import ... from "./x.js"` and `import "./x.js"` (not import()).
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[^"'();]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) {
      queue.push(`assets/${m[1]}`);
    }
  }
  return seen;
}

const initialFiles = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const initial = closure(initialFiles);
const initialKb = [...initial].reduce((s, f) => s + gz(f), 0) / 1024;

console.log(`Initial JavaScript of the public home: ${initialKb.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB)`);
for (const f of initial) console.log(`  ${f}  ${(gz(f) / 1024).toFixed(1)} KB`);
if (initialKb > BUDGET_KB) {
  console.error(`Over budget by ${(initialKb - BUDGET_KB).toFixed(1)} KB.`);
  process.exit(1);
}
