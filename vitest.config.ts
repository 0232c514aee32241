import { defineConfig } from 'vitest/config';

// One run over every workspace: `npm test` (scripts/test.mjs) calls vitest with this file.
export default defineConfig({
  test: {
    projects: [
      'backend/vitest.config.ts',
      'frontend/vitest.config.ts',
      'e2e/vitest.config.ts',
      'ops/vitest.config.ts',
    ],
  },
});
