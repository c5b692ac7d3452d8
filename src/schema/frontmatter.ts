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

/** What the runner starts before the first step. */
export const clusterShapeSchema = z
  .object({
    /** Number of members started before the first step, e.g. `3`. 0 starts none: the steps add their own. */
    members: z.number().int().min(0).max(7, "at most 7 members"),
    /** Flags given to every member, e.g. `{ "log-level": "info" }`. */
    flags: flagsSchema.default({}),
    /** Flags for one member, by name (`m0`, `m1`, …), e.g. `{ m2: { "snapshot-count": 10 } }`. */
    member: z.record(z.string().regex(/^m\d$/, "members are named m0, m1, …"), flagsSchema).default({}),
    /**
     * Shorten the election timer (`--heartbeat-interval=10 --election-timeout=100`) so the cluster
     * starts and elects in milliseconds. Set `false` in a playbook that studies timing. Default `true`.
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
