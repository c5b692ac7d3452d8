// Errors about a member that did not start, exited, or was asked for something its state does not
// allow. Their fields say what happened; the cluster's port retry reads `failure`, not the text.
import type { ExitInfo, MemberState } from "../types.ts";
import { PlaybookError, type PlaybookErrorOptions } from "./playbook-error.ts";

/** Why a start failed, when a known log line says so (etcd/member/fatal-lines.ts). */
export type StartFailure =
  | "port-in-use"
  | "bad-flag"
  | "data-dir-locked"
  | "already-bootstrapped"
  | "cluster-mismatch"
  | "initial-cluster-mismatch"
  | "permission-denied";

export interface EtcdStartErrorData {
  /** The member's name, e.g. `m1`. */
  member: string;
  /** How the process ended, when it did. */
  exit?: ExitInfo;
  /** The known cause, when a log line names it. */
  failure?: StartFailure;
  /** The log line quoted in the message. */
  logLine?: string;
}

/** ETCD_START_FAILED, ETCD_START_TIMEOUT or ETCD_EXITED, with the member and its exit. */
export class EtcdStartError extends PlaybookError {
  readonly member: string;
  readonly exit: ExitInfo | undefined;
  readonly failure: StartFailure | undefined;
  readonly logLine: string | undefined;

  constructor(code: "ETCD_START_FAILED" | "ETCD_START_TIMEOUT" | "ETCD_EXITED", message: string, data: EtcdStartErrorData, options: PlaybookErrorOptions = {}) {
    super(code, message, options);
    this.member = data.member;
    this.exit = data.exit;
    this.failure = data.failure;
    this.logLine = data.logLine;
  }
}

/** MEMBER_STATE about one member: what was asked, and the state it was in. */
export class MemberStateError extends PlaybookError {
  readonly member: string;
  readonly state: MemberState;

  constructor(member: string, state: MemberState, message: string, options: PlaybookErrorOptions = {}) {
    super("MEMBER_STATE", message, options);
    this.member = member;
    this.state = state;
  }
}
