/** Counts behind a case manager's client list: by tier, reassessments and the contact standard. */
import type { TierKey } from '../../lib/report.ts';

export interface ClientSummary {
  clients: number;
  tierCounts: Record<TierKey, number>;
  reassessOverdue: number;
  reassessDueSoon: number;
  /** clients with a contact requirement due */
  contactDue: number;
  /** of those, the ones meeting every due requirement */
  contactMet: number;
}

export function summarizeClients(
  clients: readonly {
    tier: TierKey;
    reassessOverdue: boolean;
    reassessDueSoon: boolean;
    contactDue: boolean;
    contactMet: boolean;
  }[],
): ClientSummary {
  const tierCounts: Record<TierKey, number> = { '1': 0, '2': 0, '3': 0, '4': 0, unassessed: 0 };
  let reassessOverdue = 0;
  let reassessDueSoon = 0;
  let contactDue = 0;
  let contactMet = 0;
  for (const c of clients) {
    tierCounts[c.tier] += 1;
    if (c.reassessOverdue) reassessOverdue += 1;
    if (c.reassessDueSoon) reassessDueSoon += 1;
    if (c.contactDue) {
      contactDue += 1;
      if (c.contactMet) contactMet += 1;
    }
  }
  return { clients: clients.length, tierCounts, reassessOverdue, reassessDueSoon, contactDue, contactMet };
}
