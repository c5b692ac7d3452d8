// One friendly parse for every input (frontmatter, step attributes, CLI options, environment):
// zod issues become `path: problem` lines, each with the line it points at when the caller
// knows where a path lives in the file.
import type { z } from "zod";

export interface FriendlyIssue {
  /** Dotted path of the field, e.g. `cluster.members`; empty for the whole input. */
  path: string;
  message: string;
  /** 1-based line, when `locate` found one. */
  line?: number;
}

export type Locate = (path: ReadonlyArray<PropertyKey>) => number | undefined;

export function friendlyIssues(error: z.ZodError, locate?: Locate): FriendlyIssue[] {
  return error.issues.map((issue) => {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : undefined;
    const path = [...issue.path];
    // For an unknown key, point at the key itself, not at the object holding it.
    const target = keys && keys.length === 1 ? [...path, keys[0]!] : path;
    const line = locate?.(target) ?? locate?.(path);
    return { path: target.map(String).join("."), message: describe(issue), ...(line ? { line } : {}) };
  });
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    case "invalid_type":
      return issue.input === undefined ? `required (${issue.expected})` : `expected ${issue.expected}, got ${typeOf(issue.input)}`;
    default:
      return issue.message;
  }
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** `file:line path: problem` lines. */
export function formatIssues(file: string, issues: FriendlyIssue[]): string {
  return issues
    .map((i) => `${file}${i.line ? `:${i.line}` : ""} ${i.path ? `${i.path}: ` : ""}${i.message}`)
    .join("\n");
}
