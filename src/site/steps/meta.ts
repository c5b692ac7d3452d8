// Reading a code fence's meta string: `step="Stop two members" timeout="30s" destructive`.
// The runner parses (and validates) the same attributes; the site only shows them.
import { parseAttributes, type Attributes } from "../../runner/playbooks/index.ts";

/** Attributes of a fence meta string, read by the runner's own parser; unreadable meta is none. */
export function parseFenceMeta(meta: string | null | undefined): Attributes {
  const parsed = parseAttributes(meta ?? "");
  return "problem" in parsed ? new Map() : parsed.attributes;
}

/** What the site shows about one step fence. */
export interface StepFence {
  name: string;
  lang: string;
  /** `"30s"` as written. */
  timeout?: string;
  destructive: boolean;
  /** Expected exit code of a `sh` step, `"any"`, or undefined for 0. */
  exit?: string;
  /** The step runs only on this etcd range, e.g. `">=3.5"`. */
  etcd?: string;
  /** A go step that keeps running: `""`, or the line it waits for (`ready="…"`). */
  background?: string;
  /** A go step built against etcd's modules at this version, e.g. `"3.6.5"`. */
  modules?: string;
  /** A go step that runs an earlier go step's program again: that step's name. */
  program?: string;
}

function str(v: string | true | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** The step a fence declares, or `undefined` when it is an illustration. */
export function stepFromFence(lang: string | null | undefined, meta: string | null | undefined): StepFence | undefined {
  const attrs = parseFenceMeta(meta);
  const name = attrs.get("step");
  if (typeof name !== "string" || name.trim() === "") return undefined;
  return {
    name: name.trim(),
    lang: lang ?? "",
    timeout: str(attrs.get("timeout")),
    destructive: attrs.has("destructive") && attrs.get("destructive") !== "false",
    exit: str(attrs.get("exit")),
    etcd: str(attrs.get("etcd")),
    ...(attrs.has("background") ? { background: str(attrs.get("ready")) ?? "" } : {}),
    ...(attrs.has("modules") ? { modules: str(attrs.get("modules")) } : {}),
    ...(attrs.has("program") ? { program: str(attrs.get("program")) } : {}),
  };
}

/** An expected-output fence: ```` ```text output ```` (any language, as the runner reads it), optionally `etcd="3.4"`. */
export function outputFromFence(_lang: string | null | undefined, meta: string | null | undefined): { etcd?: string } | undefined {
  const attrs = parseFenceMeta(meta);
  if (attrs.get("output") !== true) return undefined;
  return { etcd: str(attrs.get("etcd")) };
}
