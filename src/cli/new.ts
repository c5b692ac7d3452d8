// `npm run new -- faq "Title of the entry"`: writes playbooks/faq/<slug>.mdx from the template.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { PlaybookError, isPlaybookError } from "../runner/errors.ts";
import { ROOT } from "../runner/vitest/config.ts";
import { faqTemplate, slugify } from "../scaffold/template.ts";

export async function newEntry(argv: string[], root = ROOT): Promise<string> {
  const [kind, ...words] = argv;
  const title = words.join(" ").trim();
  if (kind !== "faq" || !title) {
    throw new PlaybookError("CLI_USAGE", 'usage: npm run new -- faq "Title of the entry"', {});
  }
  const slug = slugify(title);
  if (!slug) throw new PlaybookError("CLI_USAGE", `"${title}" gives no usable file name; use letters or digits`, {});
  const file = `playbooks/faq/${slug}.mdx`;
  const abs = path.join(root, file);
  if (existsSync(abs)) {
    throw new PlaybookError("CLI_USAGE", `${file} exists already; pick another title or edit that entry`, { file });
  }
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, faqTemplate(title), { flag: "wx" });
  return file;
}

if (process.argv[1]?.endsWith("new.ts")) {
  newEntry(process.argv.slice(2)).then(
    (file) => {
      process.stdout.write(`Created ${file}\nRun it:   npm run playbook -- ${file}\nCheck it: npm run check -- ${file}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${isPlaybookError(error) ? error.format() : (error as Error).stack}\n`);
      process.exitCode = isPlaybookError(error) && error.code === "CLI_USAGE" ? 2 : 1;
    },
  );
}
