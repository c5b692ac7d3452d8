// The runner's own command-line options; everything else on the command line goes to Vitest
// (filters, --reporter, --outputFile, --watch, -t …). Parsed with one zod schema, like every input.
import { existsSync } from "node:fs";
import { z } from "zod";
import { durationSchema } from "../schema/duration.ts";
import { friendlyIssues } from "../schema/friendly.ts";
import { RUNNABLE_SERIES } from "../schema/series.ts";
import { PlaybookError } from "../runner/errors/index.ts";

/** `all`, `newest`, a series (`3.6`: its newest patch release) or an exact version (`3.6.14`). */
const etcdVersionSchema = z.string().refine(
  (v) => v === "all" || v === "newest" || RUNNABLE_SERIES.includes(v) || (/^\d+\.\d+\.\d+$/.test(v) && RUNNABLE_SERIES.includes(v.split(".").slice(0, 2).join("."))),
  { message: `write a series (${RUNNABLE_SERIES.join(", ")}), an exact version such as ${RUNNABLE_SERIES[RUNNABLE_SERIES.length - 1]}.0, all, or newest` },
);

const OWN = {
  "etcd-version": "value",
  endpoints: "value",
  cacert: "value",
  cert: "value",
  key: "value",
  user: "value",
  password: "value",
  until: "value",
  timeout: "value",
  results: "value",
  keep: "flag",
  "keep-data": "flag",
  list: "flag",
  help: "flag",
} as const;

const schema = z
  .object({
    "etcd-version": etcdVersionSchema.default("newest"),
    endpoints: z
      .string()
      .transform((s) => s.split(",").map((e) => e.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, "each endpoint is a URL like http://10.0.0.5:2379")).min(1))
      .optional(),
    cacert: z.string().optional(),
    cert: z.string().optional(),
    key: z.string().optional(),
    user: z.string().optional(),
    password: z.string().optional(),
    until: z.string().min(1).optional(),
    timeout: durationSchema.optional(),
    results: z.string().optional(),
    keep: z.boolean().default(false),
    "keep-data": z.boolean().default(false),
    list: z.boolean().default(false),
    help: z.boolean().default(false),
  })
  .strict();

export type CliOptions = z.output<typeof schema>;

export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): { options: CliOptions; rest: string[] } {
  const raw: Record<string, string | boolean> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const kind = m ? OWN[m[1] as keyof typeof OWN] : undefined;
    if (!m || !kind) {
      rest.push(arg);
      continue;
    }
    if (kind === "flag") raw[m[1]!] = true;
    else if (m[2] !== undefined) raw[m[1]!] = m[2];
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith("--")) raw[m[1]!] = argv[++i]!;
    else throw new PlaybookError("CLI_USAGE", `--${m[1]} needs a value`, { hint: "Run npm run playbook -- --help." });
  }
  // Environment overrides share one prefix; the command line wins over them.
  raw["etcd-version"] ??= env.ETCD_PLAYBOOKS_VERSION ?? "newest";
  if (env.ETCD_PLAYBOOKS_TIMEOUT && raw.timeout === undefined) raw.timeout = env.ETCD_PLAYBOOKS_TIMEOUT;
  if (env.ETCD_PLAYBOOKS_PASSWORD && raw.password === undefined) raw.password = env.ETCD_PLAYBOOKS_PASSWORD;
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const issue = friendlyIssues(parsed.error)[0]!;
    throw new PlaybookError("CLI_USAGE", `--${issue.path}: ${issue.message}`, { hint: "Run npm run playbook -- --help." });
  }
  const options = parsed.data;
  if (options.keep && !options.until) {
    throw new PlaybookError("CLI_USAGE", "--keep goes with --until <step>: it keeps the cluster as that step left it", {});
  }
  if (!options.endpoints && (options.cacert || options.cert || options.key || options.user)) {
    throw new PlaybookError("CLI_USAGE", "--cacert, --cert, --key and --user go with --endpoints", {});
  }
  for (const flag of ["cacert", "cert", "key"] as const) {
    const file = options[flag];
    if (file && !existsSync(file)) {
      throw new PlaybookError("TLS_FILE_MISSING", `--${flag} ${file}: no such file`, { hint: "Give the path of the PEM file your etcdctl uses." });
    }
  }
  return { options, rest };
}

export const HELP = `Usage: npm run playbook -- [filter…] [options] [vitest options]

Runs every step of every playbook (playbooks/**/*.mdx) against real etcd members the runner
starts on 127.0.0.1, and writes the results file the site renders.

  filter…                 run playbooks whose path contains a filter, or whose slug is one
                          (e.g. nospace, playbooks/faq/nospace.mdx)
  --etcd-version V        a series (its newest patch release, e.g. 3.6), an exact version
                          (3.6.14), all (every series a selected playbook claims), or newest
                          (the default)
  --list                  list playbooks and their steps, run nothing
  --until STEP --keep     stop after STEP (its name or 1-based number) and keep the cluster up,
                          printing endpoints, data dirs and an etcdctl environment line,
                          until Ctrl-C removes it
  --keep-data             keep members' data dirs even when every step passed
  --timeout 30s           default step time limit
  --results PATH          results file (default .playbook-results/results.json)
  --endpoints URL[,URL]   run the read-only playbooks (destructive: false) against your cluster;
                          destructive playbooks and steps are refused, and the client and
                          etcdctl refuse writes
  --cacert F --cert F --key F   TLS files for --endpoints
  --user NAME [--password P]    credentials for --endpoints (or ETCD_PLAYBOOKS_PASSWORD)
  --help                  this text

Vitest options pass through: --watch, --reporter=junit --outputFile=junit.xml, -t "name", --bail 1 …

Environment: ETCD_BIN (an etcd binary; etcdctl beside it), ETCD_PLAYBOOKS_CACHE (binary cache dir),
ETCD_PLAYBOOKS_RELEASES_URL (a mirror of etcd's release archives; else etcd is built with Go),
ETCD_PLAYBOOKS_VERSION, ETCD_PLAYBOOKS_TIMEOUT, ETCD_PLAYBOOKS_RESULTS, ETCD_PLAYBOOKS_PASSWORD,
ETCD_PLAYBOOKS_DIR (the playbooks folder, default playbooks/).

Exit status: 0 when every step passed; 1 when a step failed or no step ran; 2 for a usage error.
`;
