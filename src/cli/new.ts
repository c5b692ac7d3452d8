// `npm run new -- faq [--go] "Title of the entry"`: writes playbooks/faq/<slug>.mdx from the template
// (with --go, a go step embedding etcd as well)
// (under ETCD_PLAYBOOKS_DIR instead of playbooks/ when that is set, as the runner reads it).
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { PlaybookError, isPlaybookError } from "../runner/errors/index.ts";
import { playbooksDir } from "../runner/playbooks/index.ts";
import { ROOT } from "../runner/vitest/index.ts";
import { faqTemplate, slugify } from "../scaffold/template.ts";

/** Writes the entry and returns its path relative to `root`, e.g. `playbooks/faq/nospace.mdx`. */
export async function newEntry(argv: string[], root = ROOT, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const go = argv.includes("--go");
  const [kind, ...words] = argv.filter((a) => a !== "--go");
  const title = words.join(" ").trim();
  if (kind !== "faq" || !title) {
    throw new PlaybookError("CLI_USAGE", 'usage: npm run new -- faq [--go] "Title of the entry"', {});
  }
  const slug = slugify(title);
  if (!slug) throw new PlaybookError("CLI_USAGE", `"${title}" gives no usable file name; use letters or digits`, {});
  const abs = path.join(playbooksDir(root, env), "faq", `${slug}.mdx`);
  const file = path.relative(root, abs).split(path.sep).join("/");
  if (existsSync(abs)) {
    throw new PlaybookError("CLI_USAGE", "exists already; pick another title or edit that entry", { file });
  }
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, faqTemplate(title, { go }), { flag: "wx" });
  return file;
}

if (process.argv[1]?.endsWith("new.ts")) {
  newEntry(process.argv.slice(2)).then(
    (file) => {
      process.stdout.write(
        `Created ${file}\n` +
          `Run it:   npm run playbook -- ${file} --watch   (runs again on every save)\n` +
          `Check it: npm run check -- ${file} --no-astro\n` +
          "Guide:    CONTRIBUTING.md (the format, the step context, what review looks for)\n",
      );
    },
    (error: unknown) => {
      process.stderr.write(`${isPlaybookError(error) ? error.format() : (error as Error).stack}\n`);
      process.exitCode = isPlaybookError(error) && error.code === "CLI_USAGE" ? 2 : 1;
    },
  );
}
