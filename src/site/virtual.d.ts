declare module "virtual:etcd-playbooks/site" {
  /** Set by src/site/integration.ts from the Astro config and the environment. */
  const site: {
    /** Absolute Astro root. */
    root: string;
    /** Absolute directory of the playbooks (the docs collection). */
    playbooksDir: string;
    /** Absolute path of the results file the pages read. */
    resultsPath: string;
  };
  export default site;
}
