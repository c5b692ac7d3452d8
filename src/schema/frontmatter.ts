// The one frontmatter schema of a playbook. The runner parses every playbook with it, and the
// site extends Starlight's docs schema with it, so a field means the same thing in both.
import { z } from "zod";
import semver from "semver";
import { durationSchema } from "./duration.ts";
import { DEFAULT_RANGE, RUNNABLE_SERIES } from "./series.ts";

/** A flag value for an etcd member: `true` writes `--flag`, a string or number `--flag=value`, `false`/`null` drops the flag. */
export const flagValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** etcd flags without the leading dashes, e.g. `{ "log-level": "info", "quota-backend-bytes": 16777216 }`. */
export const flagsSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9-]*$/, "flag names are written without dashes, e.g. log-level"),
  flagValueSchema,
);

/** A size in bytes, or with a unit: `"64MB"`, `"512KiB"`, `"1GB"` (decimal and binary units). */
export const sizeSchema = z.union([z.number().int().positive(), z.string()]).transform((v, ctx) => {
  const bytes = parseSize(v);
  if (bytes === undefined) {
    ctx.addIssue({ code: "custom", message: `not a size: ${JSON.stringify(v)}; write 64MB, 512KiB or a number of bytes` });
    return z.NEVER;
  }
  return bytes;
});

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** Bytes of a size (`"64MB"`, `"512KiB"`, `4096`), or undefined. */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value > 0 ? value : undefined;
  const m = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i.exec(value) : null;
  if (!m) return undefined;
  const bytes = Math.round(Number(m[1]) * SIZE_UNITS[(m[2] ?? "b").toLowerCase()]!);
  return bytes > 0 ? bytes : undefined;
}

/**
 * One system call's fault, injected with strace when the member starts: `{ delay: "1500ms" }`
 * makes each call take that much longer, `{ error: "EIO" }` makes it fail with that errno.
 */
export const syscallFaultSchema = z
  .object({
    /** Added to each call, e.g. `"1500ms"`. */
    delay: durationSchema.optional(),
    /** The call fails with this errno instead of running, e.g. `"EIO"`, `"ENOSPC"`. */
    error: z.enum(["EIO", "ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM", "EBADF", "EINVAL"]).optional(),
  })
  .strict()
  .refine((f) => f.delay !== undefined || f.error !== undefined, { message: "give a delay (e.g. 1500ms) or an error (e.g. EIO)" });

/**
 * Faults in one member's disk, injected into its system calls when it starts (strace), e.g.
 * `{ fdatasync: { delay: "1500ms" } }`; or a data dir on a small filesystem of its own (`size`).
 */
export const diskFaultsSchema = z
  .object({
    /** etcd syncs its WAL and its bbolt file with fdatasync on Linux: `{ delay: "1500ms" }` is a slow disk. */
    fdatasync: syscallFaultSchema.optional(),
    fsync: syscallFaultSchema.optional(),
    /** Writes to the data files (write, pwrite64), e.g. `{ error: "EIO" }`. */
    write: syscallFaultSchema.optional(),
    /** The disk is full: writes and preallocation of the data files fail with ENOSPC. */
    full: z.boolean().optional(),
    /** Only these files of the data dir: `wal` (its WAL segments) or `db` (the bbolt file). Default: both. */
    files: z.enum(["wal", "db"]).optional(),
    /** The data dir on a filesystem of its own of this size (a tmpfs; needs root), e.g. `"64MB"`: a real full disk. */
    size: sizeSchema.optional(),
  })
  .strict();

/** Flags for one member, plus `disk`: its disk faults (not a flag: etcd has no --disk). */
export const memberShapeSchema = z
  .object({ disk: diskFaultsSchema.optional() })
  .catchall(flagValueSchema)
  .superRefine((member, ctx) => {
    for (const name of Object.keys(member)) {
      if (name !== "disk" && !/^[a-z][a-z0-9-]*$/.test(name)) ctx.addIssue({ code: "custom", path: [name], message: "flag names are written without dashes, e.g. log-level" });
    }
  });

/** What the runner starts before the first step. */
export const clusterShapeSchema = z
  .object({
    /** Number of members started before the first step, e.g. `3`. 0 starts none: the steps add their own. */
    members: z.number().int().min(0).max(7, "at most 7 members"),
    /** Flags given to every member, e.g. `{ "log-level": "info" }`. */
    flags: flagsSchema.default({}),
    /** Flags for one member, by name (`m0`, `m1`, …), e.g. `{ m2: { "snapshot-count": 10 } }`. */
    member: z.record(z.string().regex(/^m\d$/, "members are named m0, m1, …"), memberShapeSchema).default({}),
    /**
     * Shorten the election timer (`--heartbeat-interval=25 --election-timeout=250`) so the cluster
     * starts and elects in a fraction of a second. Set `false` in a playbook that studies timing. Default `true`.
     */
    fastElection: z.boolean().default(true),
    /**
     * Other etcd series the steps start members with (`restart({ version: "3.6" })`,
     * `add({ version: "3.7" })`), for upgrade and downgrade stories, e.g. `["3.6", "3.7"]`. The
     * runner provides their binaries before the first step.
     */
    versions: z
      .array(z.string().refine((s) => RUNNABLE_SERIES.includes(s), { message: `a series the runner runs: ${RUNNABLE_SERIES.join(", ")}` }))
      .default([]),
    /**
     * Put traffic behind the runner's proxies so that steps can cut, slow and break it:
     * `peer` (isolate, partition, latency and loss between members) or `all` (client traffic
     * too). Without it members talk directly, as in a playbook with no network fault.
     */
    network: z.enum(["peer", "all"]).optional(),
    /**
     * Serve with TLS from the runner's CA: `client` (https client URLs, client certificates
     * required), `peer` (TLS between members) or `all`. Steps make other certificates with `cluster.tls`.
     */
    tls: z.enum(["client", "peer", "all"]).optional(),
  })
  .strict()
  .superRefine((shape, ctx) => {
    for (const name of Object.keys(shape.member)) {
      const index = Number(name.slice(1));
      if (index >= shape.members) {
        ctx.addIssue({
          code: "custom",
          path: ["member", name],
          message: `flags for ${name}, but the cluster has ${shape.members} member(s): m0..m${Math.max(0, shape.members - 1)}`,
        });
      }
    }
  });

/** A semver range of etcd versions, e.g. `">=3.4 <3.6"`. */
export const versionRangeSchema = z.string().refine((r) => semver.validRange(r) !== null, {
  message: 'not a version range; write it like ">=3.4 <3.6" or "3.5.x"',
});

/** Starlight's own frontmatter keys that a playbook may also use; their shape is Starlight's business. */
const starlightKeys = {
  sidebar: z.unknown().optional(),
  pagefind: z.boolean().optional(),
  draft: z.boolean().optional(),
  tableOfContents: z.unknown().optional(),
  editUrl: z.union([z.string(), z.boolean()]).optional(),
  head: z.unknown().optional(),
  lastUpdated: z.unknown().optional(),
  prev: z.unknown().optional(),
  next: z.unknown().optional(),
  template: z.enum(["doc", "splash"]).optional(),
  hero: z.unknown().optional(),
  banner: z.unknown().optional(),
};

/**
 * A symptom: the literal text a user sees, or `{ text, etcd }` when only some versions print it,
 * e.g. `{ text: "server has already been initialized", etcd: ">=3.6" }`. Parsed to the object form.
 */
export const symptomSchema = z
  .union([z.string().min(3), z.object({ text: z.string().min(3), etcd: versionRangeSchema }).strict()])
  .transform((s): Symptom => (typeof s === "string" ? { text: s } : s));

/** A symptom after parsing: its text, and the versions that print it (all when absent). */
export interface Symptom {
  text: string;
  etcd?: string;
}

export const playbookFields = {
  /** Page title, e.g. `Embedded etcd hangs at "server: starting..."`. */
  title: z.string().min(1),
  /** One sentence under the title, e.g. `The member waits for peers its data dir still remembers.` */
  description: z.string().min(1),
  /** Literal text a user sees (log line, client error); the runner proves each one appears in a step. */
  symptoms: z.array(symptomSchema).default([]),
  /** One-line cause shown in the FAQ index, e.g. `The data dir belongs to a cluster that no longer exists.` */
  cause: z.string().optional(),
  /** FAQ area for grouping, e.g. `startup`, `membership`, `quorum`, `client`, `storage`, `leases`, `auth`. */
  area: z.string().regex(/^[a-z][a-z0-9-]*$/).optional(),
  /** etcd versions this playbook claims to hold for, e.g. `">=3.6"`. Default: exactly the series upstream supports (series.ts). */
  etcd: versionRangeSchema.default(DEFAULT_RANGE),
  /** The cluster started before the first step. Default `{ members: 1 }`. */
  cluster: clusterShapeSchema.default({ members: 1, flags: {}, member: {}, fastElection: true, versions: [] }),
  /** Free tags, e.g. `[startup, data-dir]`. */
  tags: z.array(z.string()).default([]),
  /**
   * Whether any step changes or breaks a cluster. Default `true`. Only playbooks marked
   * `destructive: false` run against a user's cluster (`--endpoints`).
   */
  destructive: z.boolean().default(true),
  /** Time limit of each step unless the step sets its own, e.g. `"30s"`. Default 30 s. */
  timeout: durationSchema.optional(),
  ...starlightKeys,
};

export const playbookFrontmatterSchema = z.object(playbookFields).strict();

export type PlaybookFrontmatter = z.output<typeof playbookFrontmatterSchema>;
export type ClusterShape = z.output<typeof clusterShapeSchema>;
export type EtcdFlags = z.output<typeof flagsSchema>;
export type MemberShape = z.output<typeof memberShapeSchema>;
export type DiskFaultsShape = z.output<typeof diskFaultsSchema>;
