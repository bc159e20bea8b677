/**
 * Disposition totals for the yearly review, from records management (server/records/): dispositions
 * proposed and approved in the period, record contents destroyed, records withheld by a hold, certificates
 * issued, and the legal holds in force now.
 */
import type { RecordsStore } from '../records/store';

export type DispositionTotals =
  | { available: false; note: string }
  | { available: true; proposed: number; approved: number; destroyed: number; withheld: number; certificates: number; holdsInForce: number };

export type DispositionSource = (fromMs: number, toMs: number) => Promise<DispositionTotals>;

export function dispositionTotalsFrom(management: Pick<RecordsStore, 'listDispositions' | 'listHolds'>): DispositionSource {
  return async (fromMs, toMs) => {
    const [dispositions, holds] = await Promise.all([management.listDispositions(), management.listHolds()]);
    const within = (at: string | undefined) => at !== undefined && Date.parse(at) >= fromMs && Date.parse(at) <= toMs;
    const approved = dispositions.filter((d) => within(d.approval?.approvedAt));
    return {
      available: true,
      proposed: dispositions.filter((d) => within(d.proposedAt)).length,
      approved: approved.length,
      destroyed: approved.reduce((n, d) => n + (d.approval?.destroyed ?? 0), 0),
      withheld: approved.reduce((n, d) => n + (d.approval?.withheld ?? 0), 0),
      certificates: approved.filter((d) => d.approval?.headAfter !== null && d.approval?.headAfter !== undefined).length,
      holdsInForce: holds.filter((h) => h.released === null).length,
    };
  };
}
