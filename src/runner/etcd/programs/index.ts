// Go programs built against etcd's modules at one version (go steps): building and caching them,
// and the programs background steps leave running, which later steps reach by the step's name.
export { buildEtcdProgram, etcdModuleDir, forgetToolchains, PROGRAM_BUILD_LIMIT_MS, type EtcdProgramOptions } from "./build.ts";
export { BackgroundProgram, describeExit as describeProgramExit, type StartProgramOptions } from "./program.ts";
export type { Program, ProgramState } from "./types.ts";
