// The Vitest layer: playbooks as Vitest projects (main/), run inside workers (worker/, loaded by
// the generated modules, never imported from here), with the settings and task meta both share.
export { defaultSettings, GLOBAL_SETUP, MODULE_OPTIONS, playbookPlugin, playbookProjects, ROOT, stoppedByWatchdog, transformErrors } from "./main/index.ts";
export { KEPT_FILE, RELEASE_FILE, type EndpointsTarget, type PlaybookSettings, type WorkerSettings } from "./settings.ts";
export type { ErrorMeta, PlaybookMeta, StepMeta } from "./meta.ts";
export { takeWatchdogRecords, type EndedStep, type WatchdogRecord } from "./watchdog-record.ts";
