// Headings PlaybookSummary renders above a playbook's own content; the route middleware adds the
// same ones to the table of contents, so both come from here.
export interface SummaryHeading {
  depth: 2;
  slug: string;
  text: string;
}

export function summaryHeadings(data: { symptoms: string[] }): SummaryHeading[] {
  return [
    ...(data.symptoms.length ? [{ depth: 2 as const, slug: "symptoms", text: "Symptoms" }] : []),
    { depth: 2, slug: "verification", text: "Verification" },
  ];
}
