// Rule: denials by reason are the `access_decision` counts of denied badge-ins, per reason, most
// frequent first (ties by name, so the order is stable), with each reason's share of all denials.

/** A count of decisions read from the time series (one row per granted/reason, or several to add up). */
export interface DecisionCount {
  granted: boolean;
  reason: string;
  count: number;
}

export interface DenialReasonCount {
  reason: string;
  count: number;
  /** count / all denials. */
  share: number;
}

export interface DenialsSummary {
  granted: number;
  denied: number;
  /** denied / (granted + denied); null without any decision. */
  denialRate: number | null;
  reasons: DenialReasonCount[];
}

export function denialsByReason(counts: readonly DecisionCount[]): DenialsSummary {
  let granted = 0;
  const byReason = new Map<string, number>();
  for (const row of counts) {
    if (row.count <= 0) continue;
    if (row.granted) granted += row.count;
    else byReason.set(row.reason, (byReason.get(row.reason) ?? 0) + row.count);
  }
  const denied = [...byReason.values()].reduce((a, b) => a + b, 0);
  const reasons = [...byReason]
    .map(([reason, count]) => ({ reason, count, share: count / denied }))
    // Reasons are unique keys here: a tie on the count is never a tie on the name.
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
  const total = granted + denied;
  return { granted, denied, denialRate: total === 0 ? null : denied / total, reasons };
}
