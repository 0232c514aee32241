/** How serious an ArbZG finding is, as the API grades it (most serious first). */
export const SEVERITIES = ['violation', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
