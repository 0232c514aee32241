import { defineProject } from 'vitest/config';

// Pure unit tests (formatting, translation files); no DOM needed.
export default defineProject({
  root: import.meta.dirname,
  test: {
    name: 'frontend',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
