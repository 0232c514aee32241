import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'ops',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // An update with a failing release builds, starts, waits and rolls back: ~37 s on a quiet
    // 2-core machine, over 60 s when the machine is shared. The steps have their own waits.
    testTimeout: 150_000,
    hookTimeout: 240_000,
    // The rehearsal and the downgrade test build and start real processes: one file at a time.
    fileParallelism: false,
  },
});
