// Reporters of the main process: the results file the site reads, the closing summary lines, and
// the plain test count CI logs are read for. They consume the task meta workers write (../vitest/meta.ts).
export { CountReporter } from "./count-reporter.ts";
export { ResultsReporter } from "./results-reporter.ts";
export { SummaryReporter } from "./summary-reporter.ts";
export { mergeResults, readResults, resultsPath } from "./results-file.ts";
