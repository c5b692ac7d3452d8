// Finding playbooks and their steps: which files are playbooks, parsing frontmatter and fences
// with every line number kept, and generating the test module a playbook becomes.
export { discoverPlaybooks, isPlaybook, playbooksDir, PLAYBOOK_PATTERN, selectPlaybooks, slugOf, strayFiles } from "./discover.ts";
export { parseAttributes, scanFences, type Attributes, type Fence } from "./fences.ts";
export { parsePlaybookFile, parsePlaybookSource } from "./parse.ts";
export { decodePlaybook, normalizeSource } from "./source.ts";
export { generateModule, type CodegenOptions, type PlaybookModuleMeta } from "./codegen.ts";
export { claimedSeries, claims, usedSeries } from "./claims.ts";
export { firstSeen } from "./symptoms.ts";
export type { OutputBlock, Playbook, Step } from "./types.ts";
