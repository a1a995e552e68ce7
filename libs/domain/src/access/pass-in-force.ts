// The pass a member's row shows in the members list: the one in force today. Counted on the
// passes' summaries (pass-summary.ts), whose `remaining` already says what is left.

/** What the rule reads of a summarised pass; dates as the pass holds them (an event's are ISO times). */
export interface PassInForceFields {
  cancelledOn?: string;
  validFrom?: string;
  validUntil?: string;
  /** 0: used up or lapsed; null: nothing to count (staff, event, open-ended subscription). */
  remaining: number | null;
}

/**
 * Not cancelled, within its dates on `today` (a local date; an event's times are read by their
 * date), and not used up. Passes in sale order: the first one sold that qualifies wins.
 */
export function passInForce<P extends PassInForceFields>(passes: readonly P[], today: string): P | null {
  return (
    passes.find(
      (p) =>
        p.cancelledOn === undefined &&
        (p.validFrom === undefined || p.validFrom.slice(0, 10) <= today) &&
        (p.validUntil === undefined || p.validUntil.slice(0, 10) >= today) &&
        p.remaining !== 0,
    ) ?? null
  );
}
