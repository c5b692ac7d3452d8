// The way out when nothing matches: a new-entry request in the repository's issue tracker, with
// the pasted line already in it (times, IDs, addresses and paths as placeholders, so nothing of
// the reader's cluster leaks into a public issue).
import { REPOSITORY_URL } from "../repository.ts";

/** Longest body GitHub's new-issue link takes comfortably in a URL. */
const MAX_TEXT = 3000;

export function newEntryUrl(cleaned: string, repository = REPOSITORY_URL): string {
  const text = cleaned.length > MAX_TEXT ? `${cleaned.slice(0, MAX_TEXT)}…` : cleaned;
  const first = text.split("\n")[0] ?? "";
  const title = `New entry: ${first.length > 90 ? `${first.slice(0, 90)}…` : first}`;
  const body = [
    "The site's search found no entry for this line (times, IDs, addresses and paths replaced):",
    "",
    "```text",
    text,
    "```",
    "",
    "- etcd version:",
    "- where it runs (systemd, Kubernetes, Docker, embedded in a Go program):",
    "- what happened just before:",
  ].join("\n");
  return `${repository}/issues/new?${new URLSearchParams({ title, body })}`;
}
