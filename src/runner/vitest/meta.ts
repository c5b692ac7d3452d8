// What a playbook's tests hand to reporters through Vitest's task meta.

export interface StepMeta {
  index: number;
  line: number;
  lang: "ts" | "sh";
  output: string;
  error?: { code: string; message: string; line: number };
  snapshot?: string;
}

export interface PlaybookMeta {
  file: string;
  etcdVersion: string;
  series: string;
  target: "managed" | "endpoints";
  members: { name: string; args: string[] }[];
  symptoms: string[];
  /** Every step, so a reporter can place steps that never ran. */
  steps: { index: number; name: string; line: number; lang: "ts" | "sh" }[];
}

declare module "vitest" {
  interface TaskMeta {
    step?: StepMeta;
    playbook?: PlaybookMeta;
  }
}
