// `npm run playbook`: selects playbooks, then hands them to Vitest with the playbook plugin, one
// project per etcd series. A known user error is one paragraph and exit status 2 (usage) or 1.
import { existsSync } from "node:fs";
import path from "node:path";
import { parseCLI, startVitest } from "vitest/node";
import { NEWEST_SERIES } from "../schema/series.ts";
import type { WantedEtcd } from "../runner/etcd/index.ts";
import { isPlaybookError, PlaybookError } from "../runner/errors/index.ts";
import { claimedSeries, discoverPlaybooks, playbooksDir, selectPlaybooks, usedSeries } from "../runner/playbooks/index.ts";
import { ResultsReporter, SummaryReporter } from "../runner/report/index.ts";
import { playbookProjects, ROOT, stoppedByWatchdog, type PlaybookSettings } from "../runner/vitest/index.ts";
import { HELP, parseCli, type CliOptions } from "./options.ts";
import { checkEndpoints, checkSeries } from "./preflight.ts";
import { listPlaybooks, readOnlyPlaybooks } from "./list.ts";
import { watchForKeep } from "./keep.ts";
import { SignalGuard } from "./signals.ts";

export async function main(argv: string[]): Promise<number> {
  const { options, rest } = parseCli(argv);
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const parsed = parseCLI(["vitest", ...rest]);
  const filters = parsed.filter;
  const dir = playbooksDir(ROOT);
  const shownDir = `${path.relative(ROOT, dir) || "."}/`;
  if (!existsSync(dir)) {
    throw new PlaybookError("NO_PLAYBOOKS", `the playbooks folder ${shownDir} does not exist`, {
      hint: process.env.ETCD_PLAYBOOKS_DIR ? `ETCD_PLAYBOOKS_DIR=${process.env.ETCD_PLAYBOOKS_DIR} names it; point it at a folder of .mdx playbooks, or unset it.` : undefined,
    });
  }
  let files = selectPlaybooks(await discoverPlaybooks(ROOT, dir), filters);
  if (files.length === 0) {
    throw new PlaybookError("NO_PLAYBOOKS", filters.length ? `no playbook matches ${filters.map((f) => JSON.stringify(f)).join(", ")}` : `no playbook under ${shownDir}`, {
      hint: `npm run playbook -- --list shows every playbook under ${shownDir} and its slug.`,
    });
  }
  if (options.list) {
    process.stdout.write(await listPlaybooks(files, ROOT));
    return 0;
  }
  if (options.endpoints) {
    const { safe, refused } = await readOnlyPlaybooks(files, ROOT);
    for (const r of refused) process.stderr.write(`not run against --endpoints: ${r}\n`);
    if (safe.length === 0) {
      throw new PlaybookError("DESTRUCTIVE_REFUSED", "none of the selected playbooks is read-only (destructive: false); nothing runs against --endpoints", {
        hint: "npm run playbook -- --list marks the read-only ones; a playbook whose steps only read says destructive: false.",
      });
    }
    files = safe;
  }
  if (options.results) process.env.ETCD_PLAYBOOKS_RESULTS = options.results;
  const wanted = await wantedVersions(options["etcd-version"], files);
  // Against --endpoints the local etcdctl comes from the newest series.
  const check = await checkSeries(options.endpoints ? [{ series: NEWEST_SERIES }] : wanted, (line) => process.stderr.write(`${line}\n`));
  for (const { error } of check.problems) process.stderr.write(`${error.format()}\n\n`);
  if (check.usable.length === 0) return 1;
  if (options.endpoints) {
    await checkEndpoints({
      endpoints: options.endpoints,
      tls: tlsOf(options),
      ...(options.user ? { user: options.user } : {}),
      ...(options.password ? { password: options.password } : {}),
    });
  }
  const keep = options.keep ? await watchForKeep() : undefined;

  const results = new ResultsReporter(ROOT);
  const userReporters = toArray(parsed.options.reporters ?? (parsed.options as { reporter?: unknown }).reporter);
  const guard = new SignalGuard(keep?.release);
  const reporters = [...(userReporters.length ? userReporters : ["verbose"]), results, new SummaryReporter(results), guard];
  // The one settings object of each project, binaries included: workers get exactly this.
  const common: Omit<PlaybookSettings, "series"> = {
    root: ROOT,
    ...(options.endpoints
      ? {
          target: {
            endpoints: options.endpoints,
            tls: tlsOf(options),
            ...(options.user ? { user: options.user } : {}),
            ...(options.password ? { password: options.password } : {}),
          },
        }
      : {}),
    ...(options.until ? { until: options.until } : {}),
    ...(keep ? { controlDir: keep.dir } : {}),
    keepData: options["keep-data"] ? "always" : "on-failure",
    defaultTimeoutMs: options.timeout ?? 30_000,
  };
  // The other series playbooks start members with (upgrade stories): resolved once, for every project.
  const others = options.endpoints ? { usable: [], problems: [] } : await checkSeries((await usedSeries(ROOT, files)).map((series) => ({ series })), (line) => process.stderr.write(`${line}\n`));
  for (const { error } of others.problems) process.stderr.write(`${error.format()}\n\n`);
  common.others = Object.fromEntries(others.usable.map(({ want, etcd }) => [want.series, etcd]));
  const settings: PlaybookSettings[] = check.usable.map(({ want, etcd }) => ({ ...common, series: want.series, ...(want.exact ? { exact: want.exact } : {}), etcd }));
  const projects = playbookProjects(settings, files);
  const { reporter: _r, reporters: _rs, ...vitestOptions } = parsed.options as Record<string, unknown>;
  // Five playbooks at once, as in npm test, unless the user says otherwise (--maxWorkers): they wait
  // on etcd's timers more than they use the CPU (see vitest.config.ts).
  const vitest = await startVitest(
    "test",
    [],
    {
      maxWorkers: 5,
      ...vitestOptions,
      config: false,
      root: ROOT,
      reporters: reporters as never,
      passWithNoTests: false,
      // A worker the step watchdog stopped is reported as its step's STEP_TIMEOUT, not as a crash.
      onUnhandledError: (error) => !stoppedByWatchdog(error, ROOT),
    },
    { test: { projects } },
  );
  if (vitest.config.watch) return new Promise<number>(() => {}); // watch mode runs until Ctrl-C
  // A Ctrl-C may end the run early; its clean-up then exits the process (130/143).
  if (guard.stopping) await guard.stopping;
  await vitest.close();
  await keep?.stop();
  const ran = results.entries.some((e) => e.steps.some((s) => s.status !== "skipped"));
  const failed = check.problems.length > 0 || results.entries.some((e) => e.status === "failed") || vitest.state.getUnhandledErrors().length > 0;
  // Repeated at the end, where a reader of a long log looks first.
  for (const p of check.problems) process.stderr.write(`Not run on etcd ${p.series}: ${p.error.message} [${p.error.code}]\n`);
  if (!ran && !failed) process.stderr.write("No step ran: every selected playbook was skipped.\n");
  return failed || !ran ? 1 : 0;
}

/** The versions a run asks for: `all` is every series a selected playbook claims. */
async function wantedVersions(version: string, files: string[]): Promise<WantedEtcd[]> {
  if (version === "all") return (await claimedSeries(ROOT, files)).map((series) => ({ series }));
  if (version === "newest") return [{ series: NEWEST_SERIES }];
  const [major, minor, patch] = version.split(".");
  return [{ series: `${major}.${minor}`, ...(patch !== undefined ? { exact: version } : {}) }];
}

function tlsOf(options: CliOptions): { ca?: string; cert?: string; key?: string } {
  return { ...(options.cacert ? { ca: options.cacert } : {}), ...(options.cert ? { cert: options.cert } : {}), ...(options.key ? { key: options.key } : {}) };
}

function toArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

// Library code returns exit codes; only this entry point sets one.
if (import.meta.main || process.argv[1]?.endsWith("playbook.ts")) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (isPlaybookError(error)) {
        process.stderr.write(`${error.format()}\n`);
        process.exitCode = error.code === "CLI_USAGE" ? 2 : 1;
      } else {
        process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
        process.exitCode = 1;
      }
    },
  );
}
