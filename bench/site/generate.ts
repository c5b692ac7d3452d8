// Generated sites for the benchmark: the same N playbook pages built twice, once with our site
// configuration and once as a plain Starlight site (no step components, no summary, no search).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const AREAS = ["startup", "membership", "quorum", "storage", "client", "leases"];

/** One playbook page, sized like a real FAQ entry: prose, headings, three steps with outputs. */
export function playbookPage(i: number): string {
  return `---
title: "Generated entry ${i}: writes fail with error ${i}"
description: A generated page of the site benchmark, number ${i}.
symptoms:
  - "etcdserver: generated symptom number ${i}"
cause: Generated cause ${i}, one line long like the real ones.
area: ${AREAS[i % AREAS.length]}
---

A member refuses writes when the generated condition ${i} holds. This paragraph stands for the
explanation a real entry gives before its first step, two or three sentences long.

## Reproduce it

\`\`\`ts step="Write a key"
const put = await etcd.put("key-${i}").value("value-${i}");
expect(Number(put.header.revision)).toBeGreaterThan(1);
log(\`revision \${put.header.revision}\`);
\`\`\`

\`\`\`sh step="Check from a shell" exit="1"
etcdctl put key-${i} value --lease=1234abcd
\`\`\`
\`\`\`text output
...etcdserver: requested lease not found...
\`\`\`

## Fix it

Grant the lease first. An illustration:

\`\`\`sh
etcdctl lease grant 60
\`\`\`

\`\`\`sh step="Read it back"
etcdctl get key-${i} --print-value-only
\`\`\`
\`\`\`text output
value-${i}
\`\`\`
`;
}

/** Astro decides what to bundle from the site's package.json: list the project's packages. */
function dependencies(repo: string): Record<string, string> {
  return (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies;
}

/** A site root under `dir` holding `n` pages; `ours` selects our configuration. */
export function generateSite(repo: string, dir: string, n: number, ours: boolean): string {
  rmSync(dir, { recursive: true, force: true });
  const content = ours ? join(dir, "playbooks/faq") : join(dir, "src/content/docs/faq");
  mkdirSync(content, { recursive: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "bench-site", private: true, type: "module", dependencies: dependencies(repo) }));
  for (let i = 1; i <= n; i++) writeFileSync(join(content, `entry-${i}.mdx`), playbookPage(i));
  const rel = (p: string) => JSON.stringify(join(repo, p));
  if (ours) {
    writeFileSync(join(dir, "astro.config.mjs"), `import { defineConfig } from "astro/config";\nimport { siteConfig } from ${rel("src/site/config.ts")};\nexport default defineConfig(siteConfig({ playbooksDir: "playbooks" }));\n`);
    writeFileSync(join(dir, "src/content.config.ts"), `export { collections } from ${rel("src/content.config.ts")};\n`);
    writeFileSync(join(dir, "CONTRIBUTING.md"), "# Contributing\n\nGenerated.\n");
  } else {
    writeFileSync(join(dir, "astro.config.mjs"), `import { defineConfig } from "astro/config";\nimport starlight from "@astrojs/starlight";\nexport default defineConfig({ integrations: [starlight({ title: "plain" })] });\n`);
    writeFileSync(join(dir, "src/content.config.ts"), `import { defineCollection } from "astro:content";\nimport { docsLoader } from "@astrojs/starlight/loaders";\nimport { docsSchema } from "@astrojs/starlight/schema";\nexport const collections = { docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }) };\n`);
  }
  return dir;
}
