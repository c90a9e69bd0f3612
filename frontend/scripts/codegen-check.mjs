// Fails when src/gql/ is not what GraphQL Code Generator makes from ../graphql/ now:
// generates into a temporary folder and compares file by file.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const committed = "src/gql";
const fresh = mkdtempSync(join(tmpdir(), "hope-codegen-"));
try {
  execFileSync("npx", ["graphql-codegen", "--config", "codegen.ts", "--silent"], {
    stdio: "inherit",
    env: { ...process.env, CODEGEN_OUT: fresh + "/" },
  });
  const names = new Set([...readdirSync(committed), ...readdirSync(fresh)]);
  const stale = [...names].filter((name) => {
    try {
      return readFileSync(join(committed, name), "utf8") !== readFileSync(join(fresh, name), "utf8");
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    console.error(`Generated GraphQL code is stale (${stale.join(", ")}): run \`npm run codegen\` and commit src/gql/.`);
    process.exit(1);
  }
  console.log("Generated GraphQL code is up to date with ../graphql/.");
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
