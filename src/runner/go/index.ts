// The Go toolchain, for whatever needs to build Go code (etcd from its modules, go steps): find
// it and its version, run a go command in a dir under a time limit with the machine's Go
// environment as it is, read the module proxy's version lists and go.sum, and turn a failed
// command into its last lines, and build and keep one-file programs against pinned modules. It
// knows nothing of etcd.
export { findGo, goEnv, goOffPath, locateGo, noGoText, type GoToolchain } from "./toolchain.ts";
export { runGo, type GoRunOptions } from "./run.ts";
export { goFailure, type GoFailure } from "./failure.ts";
export { moduleSums, moduleVersions, type ModuleVersionsOptions } from "./modules.ts";
export { buildProgram, compileDiagnostics, moduleSet, vetProgram, ProgramBuildError, PROGRAM_BINARY, type BuiltProgram, type GoDiagnostic, type ProgramBuildOptions } from "./program.ts";
