/**
 * A region's statements for one period, gathered the way people read them: each LA sees its lines
 * from every contract it is in, and each provider its lines from every contract it holds. Totals
 * reconcile across the region because they reconcile within every contract.
 */
import type { Ledger } from '../occupancy/ledger.ts';
import type { DayRange } from '../shared/dates.ts';
import type { Pence } from '../shared/money.ts';
import type { Contract, LaId } from './contract.ts';
import {
  type ContractStatement,
  contractStatement,
  type LaStatement,
  type ProviderStatement,
} from './statements.ts';

export interface LaStatements {
  la: LaId;
  laName: string;
  statements: LaStatement[];
  total: Pence;
}

export interface ProviderStatements {
  provider: { id: string; name: string };
  statements: ProviderStatement[];
  total: Pence;
}

export interface RegionStatements {
  period: DayRange;
  contracts: ContractStatement[];
  byLa: LaStatements[];
  byProvider: ProviderStatements[];
}

/** Every contract's statements for `period`, grouped by LA and by provider (sorted by id). */
export function regionStatements(
  entries: ReadonlyArray<{ contract: Contract; ledger: Ledger }>,
  period: DayRange,
): RegionStatements {
  const contracts = entries.map((e) => contractStatement(e.contract, e.ledger, period));
  const las = new Map<LaId, LaStatements>();
  const providers = new Map<string, ProviderStatements>();
  for (const c of contracts) {
    for (const s of c.las) {
      const g = las.get(s.la) ?? { la: s.la, laName: s.laName, statements: [], total: 0 };
      g.statements.push(s);
      g.total += s.total;
      las.set(s.la, g);
    }
    const p = c.provider;
    const g = providers.get(p.provider.id) ?? { provider: p.provider, statements: [], total: 0 };
    g.statements.push(p);
    g.total += p.total;
    providers.set(p.provider.id, g);
  }
  const byId =
    <T>(key: (x: T) => string) =>
    (a: T, b: T) =>
      key(a).localeCompare(key(b));
  return {
    period,
    contracts,
    byLa: [...las.values()].sort(byId((x) => x.la)),
    byProvider: [...providers.values()].sort(byId((x) => x.provider.id)),
  };
}
