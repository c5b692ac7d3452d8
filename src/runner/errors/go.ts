// Errors of go steps' builds. A compile error carries the compiler's messages by line of the
// program, so that the layer that knows where the program sits in a playbook can name MDX lines.
import { PlaybookError, type PlaybookErrorOptions } from "./playbook-error.ts";

/** One compiler message about the program, at its own line (1 = the first line of the program). */
export interface ProgramDiagnostic {
  line: number;
  column?: number;
  message: string;
}

/** GO_COMPILE, GO_BUILD_FAILED or GO_NOT_FOUND, with the compiler's messages when it got that far. */
export class GoBuildError extends PlaybookError {
  readonly diagnostics: ProgramDiagnostic[];

  constructor(code: "GO_COMPILE" | "GO_BUILD_FAILED" | "GO_NOT_FOUND", message: string, diagnostics: ProgramDiagnostic[] = [], options: PlaybookErrorOptions = {}) {
    super(code, message, options);
    this.diagnostics = diagnostics;
  }
}
