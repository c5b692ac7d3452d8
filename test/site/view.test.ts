// The rules of what a page claims: a badge only for a run in the results file.
import { describe, expect, test } from "vitest";
import type { ResultsFile } from "../../src/schema/results.ts";
import { runsOf, seriesOf, stepVerdicts } from "../../src/site/results/view.ts";

const FILE = "playbooks/faq/x.mdx";
const ABS = `/repo/${FILE}`;
const run = (series: string, version: string, steps: ResultsFile["playbooks"][number]["steps"]) => ({
  file: FILE, title: "x", etcdVersion: version, etcdSeries: series, target: "managed" as const,
  status: "passed" as const, date: "2026-11-24T16:40:00Z", durationMs: 10, members: [], steps, symptoms: [],
});
const step = (name: string) => ({ index: 0, name, line: 3, lang: "sh" as const, durationMs: 1, output: "OK\n", status: "passed" as const });

describe("verdicts", () => {
  test("no results file: every series is 'not verified in this build'", () => {
    const v = stepVerdicts(runsOf(undefined, ABS, "/repo"), seriesOf(undefined, ">=3.4 <3.7"), "Put");
    expect(v.map((x) => [x.series, x.kind])).toEqual([["3.4", "missing"], ["3.5", "missing"], ["3.6", "missing"]]);
    expect(v.every((x) => x.kind === "missing" && x.why === "not verified in this build")).toBe(true);
  });

  test("a run of one series earns a badge on that series only", () => {
    const results: ResultsFile = { schemaVersion: 1, updatedAt: "", playbooks: [run("3.5", "3.5.30", [step("Put")])] };
    const v = stepVerdicts(runsOf(results, ABS, "/repo"), seriesOf(results, undefined), "Put");
    // No range: the default, exactly the supported series (3.4, end of life, is not among them).
    expect(v.map((x) => [x.series, x.kind])).toEqual([["3.5", "ran"], ["3.6", "missing"], ["3.7", "missing"]]);
  });

  test("a step absent from its run is not verified, and says why", () => {
    const results: ResultsFile = { schemaVersion: 1, updatedAt: "", playbooks: [run("3.4", "3.4.23", [step("Put")])] };
    const runs = runsOf(results, ABS, "/repo");
    expect(stepVerdicts(runs, ["3.4"], "Renamed")[0]).toMatchObject({ kind: "missing", why: "not verified in this build (the run has no such step)" });
    expect(stepVerdicts(runs, ["3.4"], "Newer", ">=3.5")[0]).toMatchObject({ kind: "missing", why: "not run: this step is for etcd >=3.5" });
  });

  test("runs of another file with the same name do not count", () => {
    const other = { ...run("3.5", "3.5.30", [step("Put")]), file: "playbooks/x.mdx" };
    const results: ResultsFile = { schemaVersion: 1, updatedAt: "", playbooks: [other] };
    expect(runsOf(results, ABS, "/repo").size).toBe(0);
  });

  test("a playbook for 3.6 and later is not shown on 3.5, nor on 3.4", () => {
    expect(seriesOf(undefined, ">=3.6")).toEqual(["3.6", "3.7"]);
  });

  test("a run outside the page's range is not shown (a stale entry of a range since narrowed)", () => {
    const results: ResultsFile = { schemaVersion: 1, updatedAt: "", playbooks: [run("3.4", "3.4.23", [step("Put")])] };
    expect(seriesOf(results, ">=3.5 <3.8")).toEqual(["3.5", "3.6", "3.7"]);
  });
});
