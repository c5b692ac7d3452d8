// Every error the runner shows a user has one of these stable codes. The site's /errors/ page is
// rendered from this table; test/runner/errors.test.ts checks every code is really raised.

export const ERROR_CODES = {
  CLI_USAGE: "An unknown option or a bad option value on the command line.",
  NO_PLAYBOOKS: "No playbook matched the filter, or playbooks/ is empty.",
  YAML_INVALID: "The frontmatter is not valid YAML.",
  FRONTMATTER_INVALID: "A frontmatter field is missing, unknown, or of the wrong type.",
  PLAYBOOK_EMPTY: "The playbook has no step.",
  STEP_ATTRIBUTE_INVALID: "A step fence has an unknown or malformed attribute.",
  STEP_DUPLICATE: "Two steps in one playbook have the same name.",
  STEP_LANG_UNSUPPORTED: "A fence has step=\"…\" but its language is neither ts nor sh.",
  OUTPUT_ORPHAN: "An output block does not follow a step.",
  STEP_COMPILE: "A ts step does not compile.",
  STEP_FAILED: "A step threw, or an expectation in it failed.",
  STEP_TIMEOUT: "A step ran past its time limit.",
  SH_EXIT: "A sh step exited with a status other than the one it declares.",
  OUTPUT_MISMATCH: "A step's output does not match its output block.",
  SYMPTOM_NOT_SEEN: "A symptom in the frontmatter never appeared in any step's output or error.",
  ETCD_NOT_FOUND: "No source (ETCD_BIN, the cache, PATH, a releases mirror, a Go build, Debian) could provide the wanted etcd version.",
  ETCD_DOWNLOAD_FAILED: "Downloading or verifying an etcd release failed.",
  ETCD_BUILD_FAILED: "Building etcd from its Go modules failed (the compiler's last lines are shown).",
  ETCD_VERSION_MISMATCH: "The etcd binary given is not of the wanted version.",
  CACHE_UNWRITABLE: "The etcd cache directory cannot be written.",
  ETCD_START_FAILED: "An etcd member exited during start-up (port in use, data dir locked, bad flag…).",
  ETCD_START_TIMEOUT: "An etcd member did not become ready in time.",
  ETCD_EXITED: "An etcd member exited while it was expected to run.",
  LOG_WAIT_TIMEOUT: "A wait for a log line ran out of time.",
  MEMBER_STATE: "A member or membership operation the cluster's state does not allow (an unknown member, no leader, a refused member add or remove…).",
  NOT_MANAGED: "A cluster operation that needs members the runner started, in --endpoints mode.",
  READ_ONLY: "A write attempted against a user's cluster (--endpoints).",
  DESTRUCTIVE_REFUSED: "A destructive playbook or step was asked to run against --endpoints.",
  ENDPOINT_UNREACHABLE: "No endpoint given with --endpoints answers.",
  TLS_FILE_MISSING: "A TLS file given on the command line does not exist.",
  TEARDOWN_FAILED: "Something the run started could not be stopped or removed.",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
