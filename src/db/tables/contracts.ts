/** Columns added by migration 0003 (contracts in the database). */
import type { Generated } from 'kysely';

declare module '../schema.ts' {
  interface ContractPartyTable {
    /** The order the contract lists its parties in (ties in a split go to the first). */
    position: Generated<number>;
  }
}
