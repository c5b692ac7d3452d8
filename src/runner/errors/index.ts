// The runner's errors: one base class with a stable code, and a subclass per case that needs data.
export { ERROR_CODES, type ErrorCode } from "./codes.ts";
export { PlaybookError, isPlaybookError, type PlaybookErrorOptions } from "./playbook-error.ts";
export { EtcdStartError, MemberStateError, type EtcdStartErrorData, type StartFailure } from "./etcd.ts";
export { FrontmatterError } from "./input.ts";
export { GoBuildError, type ProgramDiagnostic } from "./go.ts";
