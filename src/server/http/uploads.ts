/**
 * File uploads (multipart forms). The CSRF token must come as the form's first field, before the
 * file, so a forged upload is refused before a byte of it is read; the file is refused as soon as
 * it passes the size limit (413), never buffered whole first.
 */
import type { FastifyRequest } from 'fastify';
import { Cancelled } from '../../db/tenant.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { DEFAULT_LIMITS } from '../../importers/ofsted/limits.ts';
import { checkXlsxArchive } from '../../importers/ofsted/zip-guard.ts';
import { csrfFrom, sameToken } from './auth.ts';

export interface UploadedFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
  /** Other form fields sent before the file. */
  fields: Record<string, string>;
}

export class CsrfError extends Error {}

/** A file past its endpoint's limit: refused (413) before it is stored, saying what the limit is. */
export class FileTooLargeError extends Error {
  readonly statusCode = 413;
  constructor(fileName: string, limitBytes: number) {
    super(`“${fileName}” is too large: files here can be at most ${formatBytes(limitBytes)}`);
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

/**
 * A zip archive (an XLSX) is checked here, before any route stores it or any importer opens it:
 * too many parts, sizes past the import limits, zip-bomb compression ratios, parts that lie about
 * their size (inflated with a hard cap), macros, links, encryption, embedded archives. The
 * importers check again with their own, tighter limits.
 */
function refuseHostileArchive(name: string, bytes: Buffer, field: string): void {
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) return;
  const problems = checkXlsxArchive(bytes, DEFAULT_LIMITS);
  if (problems.length === 0) return;
  const message = `${name}: ${problems[0]!.message}`;
  throw new DomainError('validation', `The file ${message}`, [{ field, message }]);
}

type UploadOptions = { maxBytes: number; extensions: readonly string[]; field?: string };

/**
 * Reads one uploaded file, or throws `Cancelled` if the client goes away first. (A request whose
 * client closed the connection before the handler began reading, say during the session lookup,
 * gives the multipart reader a destroyed stream that never ends nor fails: without this the
 * handler would wait for ever.)
 */
export async function readUpload(req: FastifyRequest, opts: UploadOptions): Promise<UploadedFile> {
  const { files } = await readUploads(req, { ...opts, maxFiles: 1 });
  return files[0]!;
}

/** Reads up to `maxFiles` uploaded files (empty file inputs are skipped), with the same checks. */
export async function readUploads(
  req: FastifyRequest,
  opts: UploadOptions & { maxFiles: number },
): Promise<{ fields: Record<string, string>; files: UploadedFile[] }> {
  if (req.raw.readableAborted) throw new Cancelled();
  let stop: (err: Error) => void = () => {};
  const gone = new Promise<never>((_resolve, reject) => {
    stop = reject;
  });
  const onClose = () => {
    if (req.raw.readableAborted) stop(new Cancelled());
  };
  req.raw.once('close', onClose);
  try {
    return await Promise.race([readParts(req, opts), gone]);
  } finally {
    req.raw.off('close', onClose);
  }
}

const ZIP_MAGIC = 0x04034b50;

async function readParts(
  req: FastifyRequest,
  opts: UploadOptions & { maxFiles: number },
): Promise<{ fields: Record<string, string>; files: UploadedFile[] }> {
  const field = opts.field ?? 'file';
  const choose = opts.maxFiles > 1 ? 'Choose one or more files to upload' : 'Choose a file to upload';
  if (!req.isMultipart()) throw new DomainError('validation', choose, [{ field, message: choose }]);
  const expected = req.auth?.csrfToken;
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  let checked = false;
  for await (const part of req.parts({ limits: { fileSize: opts.maxBytes, files: opts.maxFiles } })) {
    if (part.type === 'field') {
      fields[part.fieldname] = String(part.value);
      continue;
    }
    if (!checked) {
      const sent = fields._csrf ?? csrfFrom(req);
      if (!expected || !sent || !sameToken(sent, expected)) {
        part.file.resume();
        throw new CsrfError('missing or wrong CSRF token in upload');
      }
      checked = true;
    }
    if (!part.filename && opts.maxFiles > 1) {
      part.file.resume(); // an empty file input among several
      continue;
    }
    const name = part.filename || 'upload';
    const ext = name.toLowerCase().slice(name.lastIndexOf('.'));
    if (!opts.extensions.includes(ext)) {
      part.file.resume();
      throw new DomainError('validation', `The file must be ${opts.extensions.join(' or ')}`, [
        { field, message: `The file must be ${opts.extensions.join(' or ')} (got "${name}")` },
      ]);
    }
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
        throw new FileTooLargeError(name, opts.maxBytes);
      throw err;
    }
    if (bytes.length === 0) {
      throw new DomainError('validation', `${name} is empty`, [{ field, message: `${name} is empty` }]);
    }
    if ((ext === '.csv' || ext === '.txt') && bytes.length >= 4 && bytes.readUInt32LE(0) === ZIP_MAGIC) {
      throw new DomainError('validation', `${name} is an archive, not a CSV file`, [
        { field, message: `${name} is an archive (a zip or xlsx file), not a CSV file` },
      ]);
    }
    refuseHostileArchive(name, bytes, field);
    files.push({ fileName: name, contentType: part.mimetype, bytes, fields });
  }
  if (!checked) {
    if (!expected || !fields._csrf || !sameToken(fields._csrf, expected))
      throw new CsrfError('missing CSRF token');
  }
  if (files.length === 0) throw new DomainError('validation', choose, [{ field, message: choose }]);
  return { fields, files };
}
