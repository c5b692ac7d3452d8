// What a component learns about the page it is on: the playbook file, its runs, its series.
import { resolve } from "node:path";
import site from "virtual:etcd-playbooks/site";
import type { StarlightRouteData } from "@astrojs/starlight/route-data";
import { loadResults } from "../results/load.ts";
import { runsOf, seriesOf } from "../results/view.ts";

export function pageVerification(route: StarlightRouteData) {
  const file = resolve(site.root, route.entry.filePath);
  const isPlaybook = file.startsWith(site.playbooksDir + "/");
  const results = isPlaybook ? loadResults(site.resultsPath) : undefined;
  return {
    isPlaybook,
    /** The results file exists. */
    hasResults: results !== undefined,
    resultsPath: site.resultsPath,
    runs: runsOf(results, file),
    series: seriesOf(results, route.entry.data.etcd),
  };
}
