import type { ColumnType } from 'kysely';

declare module '../schema.ts' {
  interface DB {
    idempotency_key: IdempotencyKeyTable;
  }
}

export interface IdempotencyKeyTable {
  org_id: string;
  key: string;
  user_id: string;
  method: string;
  path: string;
  body_sha256: string;
  state: ColumnType<'pending' | 'done', 'pending' | 'done' | undefined, 'pending' | 'done'>;
  status_code: number | null;
  content_type: string | null;
  response_body: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}
