/** Placeholder until the project has its public home; "Edit page" links append the file path. */
export const REPOSITORY_URL = "https://github.com/etcd-playbooks/etcd-playbooks";
