/** Tables and columns added by migration 0002 (ledger facts for partners, spot rates, uploads). */
import type { ColumnType, Generated } from 'kysely';

declare module '../schema.ts' {
  interface DB {
    spot_rate: SpotRateTable;
    upload: UploadTable;
  }
  interface BedIntervalTable {
    placing_org_id: string | null;
    need_segment: string | null;
    ending: 'planned' | 'unplanned' | null;
    distance_miles: string | null;
  }
  interface PlacementTable {
    region_code: string;
  }
}

export interface SpotRateTable {
  id: Generated<string>;
  org_id: string;
  region_code: string;
  need_segment: string;
  from_date: string;
  weekly_pence: number;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface UploadTable {
  id: Generated<string>;
  org_id: string;
  created_by: string;
  purpose: string;
  file_name: string;
  content_type: string;
  byte_size: number;
  sha256: string;
  content: Buffer;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}
