/**
 * Every job the runner knows. Features add their job definitions here; the runner process
 * registers exactly this list.
 */
import type { JobDefinition } from './index.js';

export const allJobs: readonly JobDefinition[] = [];
