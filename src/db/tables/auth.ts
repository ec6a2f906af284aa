/** Columns added by migration 0006 (second factor). */
declare module '../schema.ts' {
  interface AppUserTable {
    totp_enabled_at: Date | null;
    totp_last_step: string | null;
  }
  interface SessionTable {
    second_factor: 'pending' | 'done';
  }
}

export {};
