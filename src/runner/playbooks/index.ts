export { discoverPlaybooks, playbooksDir, selectPlaybooks, slugOf, NOT_PLAYBOOKS } from "./discover.ts";
export { parsePlaybookFile, parsePlaybookSource } from "./parse.ts";
export { generateModule } from "./codegen.ts";
export type { Playbook, Step, OutputBlock } from "./types.ts";
