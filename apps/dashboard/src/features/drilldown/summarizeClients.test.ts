import { expect, test } from 'vitest';
import { summarizeClients } from './summarizeClients.ts';

const c = (tier: '1' | '2' | '3' | '4' | 'unassessed', flags: Partial<Record<'o' | 's' | 'd' | 'm', boolean>> = {}) => ({
  tier,
  reassessOverdue: flags.o ?? false,
  reassessDueSoon: flags.s ?? false,
  contactDue: flags.d ?? false,
  contactMet: flags.m ?? false,
});

test('counts by tier, reassessments, and the contact rate counts', () => {
  const s = summarizeClients([
    c('1', { d: true, m: true }),
    c('4', { o: true, d: true }),
    c('4', { s: true, d: true, m: true }),
    c('unassessed', { o: true }),
    // met without being due does not count (no requirement due)
    c('2', { m: true }),
  ]);
  expect(s).toEqual({
    clients: 5,
    tierCounts: { '1': 1, '2': 1, '3': 0, '4': 2, unassessed: 1 },
    reassessOverdue: 2,
    reassessDueSoon: 1,
    contactDue: 3,
    contactMet: 2,
  });
});

test('no clients: all zero, so the contact rate has no denominator', () => {
  expect(summarizeClients([])).toMatchObject({ clients: 0, contactDue: 0, contactMet: 0 });
});
