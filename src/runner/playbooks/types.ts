import type { PlaybookFrontmatter } from "../../schema/frontmatter.ts";

/** One expected-output block (```` ```text output ````) after a step. */
export interface OutputBlock {
  /** 1-based line of the opening fence. */
  line: number;
  text: string;
  /** Versions this block applies to (`etcd="3.4"`); undefined for all. */
  etcd?: string;
}

export interface Step {
  /** 0-based position. */
  index: number;
  name: string;
  lang: "ts" | "sh" | "go";
  /** 1-based line of the opening fence. */
  line: number;
  /** 1-based line of the closing fence. */
  endLine: number;
  /** The code between the fences. */
  code: string;
  /** Per-step limit in ms, when the step sets one. */
  timeoutMs?: number;
  destructive: boolean;
  /** Version range the step runs on (`etcd=">=3.5"`); undefined for all. */
  etcd?: string;
  /** Expected exit status of a sh or go step; `"any"` accepts every status. Default 0. */
  exit: number | "any";
  /**
   * A go step that keeps running (`background`): it passes once the program runs, or once its
   * output has a line containing `ready` (`ready="Server is ready"`).
   */
  background?: { ready?: string };
  /** A go step built against etcd's modules at this exact version instead of the one under test, e.g. `3.6.5`. */
  modules?: string;
  /** A go step with an empty fence that runs an earlier go step's program again: that step's name. */
  program?: string;
  outputs: OutputBlock[];
}

export interface Playbook {
  /** Path relative to the repository root, with forward slashes, e.g. `playbooks/faq/quota.mdx`. */
  file: string;
  /** Absolute path. */
  path: string;
  source: string;
  frontmatter: PlaybookFrontmatter;
  /** 1-based line of each frontmatter symptom, in order. */
  symptomLines: number[];
  steps: Step[];
}
