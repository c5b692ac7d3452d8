// The error-code table (src/runner/errors/codes.ts) is the list users see on the site's errors page:
// every code in it must be raised somewhere, or the page promises an error nobody gets.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { ERROR_CODES } from "../../src/runner/errors/index.ts";

const SRC = path.resolve(import.meta.dirname, "../../src");

function sources(): string {
  return readdirSync(SRC, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(path.join("errors", "codes.ts")))
    .map((f) => readFileSync(path.join(SRC, f), "utf8"))
    .join("\n");
}

test("every documented error code is raised somewhere", () => {
  const text = sources();
  const unused = Object.keys(ERROR_CODES).filter((code) => !text.includes(`"${code}"`));
  expect(unused).toEqual([]);
});

test("every code has a one-sentence description", () => {
  for (const [code, description] of Object.entries(ERROR_CODES)) {
    expect(code).toMatch(/^[A-Z][A-Z_]+$/);
    expect(description).toMatch(/^[A-Z].*\.$/);
  }
});
