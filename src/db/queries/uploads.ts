import { createHash } from 'node:crypto';
import type { Executor, Tenant } from '../tenant.ts';

export async function storeUpload(
  db: Executor,
  tenant: Tenant,
  file: { purpose: string; fileName: string; contentType: string; bytes: Buffer },
): Promise<string> {
  const row = await db
    .insertInto('upload')
    .values({
      org_id: tenant.orgId,
      created_by: tenant.userId,
      purpose: file.purpose,
      file_name: file.fileName.slice(0, 255),
      content_type: file.contentType.slice(0, 255),
      byte_size: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      content: file.bytes,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function loadUpload(db: Executor, id: string) {
  return db
    .selectFrom('upload')
    .select([
      'id',
      'purpose',
      'file_name as fileName',
      'content_type as contentType',
      'byte_size as byteSize',
      'sha256',
      'content',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Deletes a stored upload. */
export async function deleteUpload(db: Executor, uploadId: string): Promise<void> {
  await db.deleteFrom('upload').where('id', '=', uploadId).execute();
}
