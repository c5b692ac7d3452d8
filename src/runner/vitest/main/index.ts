// The Vitest layer's main-process half: the projects (one per etcd series), their global set-up,
// and the plugin that turns a playbook into a test module.
export { defaultSettings, GLOBAL_SETUP, playbookProjects, ROOT } from "./projects.ts";
export { MODULE_OPTIONS, playbookPlugin, transformErrors } from "./plugin.ts";
export { stoppedByWatchdog } from "./watchdog-stops.ts";
