// Errors about what a contributor wrote: a frontmatter with one or more problems. The problems are
// data, so `npm run check` lists each at its own line without reading the message back.
import type { FriendlyIssue } from "../../schema/friendly.ts";
import { PlaybookError, type PlaybookErrorOptions } from "./playbook-error.ts";

/** FRONTMATTER_INVALID: the message names the first problem; `issues` holds every one with its line. */
export class FrontmatterError extends PlaybookError {
  readonly issues: FriendlyIssue[];

  constructor(message: string, issues: FriendlyIssue[], options: PlaybookErrorOptions) {
    super("FRONTMATTER_INVALID", message, options);
    this.issues = issues;
  }
}
