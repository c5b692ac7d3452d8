import { describe, expect, test } from "vitest";
import { matchOutput } from "../../../src/runner/vitest/worker/output-match.ts";

describe("output blocks", () => {
  test("... stands for any text, also across lines", () => {
    expect(matchOutput("a\n...\nd", "a\nb\nc\nd").ok).toBe(true);
    expect(matchOutput("...is unhealthy: failed to commit proposal...", "http://127.0.0.1:1 is unhealthy: failed to commit proposal: context deadline exceeded").ok).toBe(true);
  });
  test("the whole output must be covered unless ... says otherwise", () => {
    expect(matchOutput("OK", "OK\nmore").ok).toBe(false);
    expect(matchOutput("OK\n...", "OK\nmore").ok).toBe(true);
  });
  test("trailing spaces, colours and blank edges do not count", () => {
    expect(matchOutput("\nline  \n\n", "\x1b[32mline\x1b[0m\r\n").ok).toBe(true);
  });
  test("a mismatch names the missing text and shows a diff", () => {
    const r = matchOutput("revision: 5\n...", "revision: 6\nok");
    expect(r).toMatchObject({ ok: false, missing: "revision: 5" });
    if (!r.ok) expect(r.diff).toContain("- revision: 5\n");
  });
  test("regex characters in expected text are literal", () => {
    expect(matchOutput("a.b (c) [d]", "a.b (c) [d]").ok).toBe(true);
    expect(matchOutput("a.b", "axb").ok).toBe(false);
  });
});
