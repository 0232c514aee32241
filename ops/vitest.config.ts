import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'ops',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // The rehearsal and the downgrade test build and start real processes: one file at a time.
    fileParallelism: false,
  },
});
