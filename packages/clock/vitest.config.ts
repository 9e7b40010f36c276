import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'clock',
    include: ['test/**/*.test.ts'],
  },
});
