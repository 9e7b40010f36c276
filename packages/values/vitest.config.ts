import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'values',
    include: ['test/**/*.test.ts'],
  },
});
