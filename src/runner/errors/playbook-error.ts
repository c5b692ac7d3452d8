// The base of every error a user reads: a stable code (codes.ts), the place (file and line), the
// way out (hint) and details. Subclasses carry the data of their case (etcd.ts, input.ts), so
// that code deciding what happened reads fields, never a message.
import type { ErrorCode } from "./codes.ts";

export interface PlaybookErrorOptions {
  /** Repository-relative file the error is about, e.g. `playbooks/faq/quota.mdx`. */
  file?: string;
  /** 1-based line in that file. */
  line?: number;
  /** The way out, one sentence, e.g. `Free the port or let the runner choose one.` */
  hint?: string;
  /** Extra text shown under the message: log tails, a diff. */
  details?: string;
  cause?: unknown;
}

export class PlaybookError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly hint: string | undefined;
  readonly details: string | undefined;

  constructor(code: ErrorCode, message: string, options: PlaybookErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PlaybookError";
    this.code = code;
    this.file = options.file;
    this.line = options.line;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** `file:line` when known. */
  get location(): string | undefined {
    if (!this.file) return undefined;
    return this.line ? `${this.file}:${this.line}` : this.file;
  }

  /** One paragraph for a user: `file:line message (CODE)`, the hint, then the details. */
  format(): string {
    const head = [this.location, this.message].filter(Boolean).join(" ");
    const parts = [`${head} [${this.code}]`];
    if (this.hint) parts.push(`  → ${this.hint}`);
    if (this.details) parts.push(this.details.replace(/^/gm, "    "));
    return parts.join("\n");
  }
}

export function isPlaybookError(e: unknown): e is PlaybookError {
  return e instanceof PlaybookError || (typeof e === "object" && e !== null && (e as { name?: unknown }).name === "PlaybookError" && typeof (e as { code?: unknown }).code === "string");
}
