/**
 * Checks an XLSX (a zip archive) before any spreadsheet library touches it: reads the central
 * directory and refuses too many entries, too many declared bytes, suspicious compression ratios,
 * encryption, macros and external links. Then it inflates each entry itself with a hard output cap
 * (zlib's maxOutputLength), so an entry that lies about its size is caught rather than trusted.
 */
import { inflateRawSync } from 'node:zlib';
import type { FieldError } from '../../domain/shared/errors.ts';
import type { ImportLimits } from './limits.ts';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_LOCATOR = 0x07064b50;

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

const fail = (message: string): FieldError[] => [{ field: 'file', message }];
const DAMAGED =
  'the workbook is damaged or incomplete (its zip directory is missing or broken); save it again from Excel';

function findEocd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  return -1;
}

/** The archive's entries from its central directory, or the reason it cannot be read. */
export function readZipDirectory(buf: Buffer): { entries: ZipEntry[] } | { errors: FieldError[] } {
  const eocd = buf.length >= 22 ? findEocd(buf) : -1;
  if (eocd < 0) return { errors: fail(DAMAGED) };
  if (eocd >= 20 && buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    return { errors: fail('the workbook uses ZIP64, which only very large files need; it is refused') };
  }
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (offset + size > eocd) return { errors: fail(DAMAGED) };
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CENTRAL) return { errors: fail(DAMAGED) };
    const nameLength = buf.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (next > eocd) return { errors: fail(DAMAGED) };
    entries.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
      method: buf.readUInt16LE(p + 10),
      encrypted: (buf.readUInt16LE(p + 8) & 1) === 1,
      compressedSize: buf.readUInt32LE(p + 20),
      uncompressedSize: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
    });
    p = next;
  }
  return { entries };
}

function checkDirectory(entries: readonly ZipEntry[], limits: ImportLimits): FieldError[] {
  if (entries.length > limits.maxZipEntries) {
    return fail(`the workbook has ${entries.length} parts; at most ${limits.maxZipEntries} are accepted`);
  }
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
    return fail('the file is a zip archive but not an Excel workbook (.xlsx)');
  }
  if (entries.some((e) => e.encrypted))
    return fail('the workbook is encrypted or password-protected; save an unprotected copy');
  if (entries.some((e) => /vbaProject\.bin$/i.test(e.name)))
    return fail('the workbook contains macros; save it as a plain .xlsx');
  if (entries.some((e) => e.name.startsWith('xl/externalLinks/'))) {
    return fail('the workbook links to other files; break the links (Data > Edit Links) and save again');
  }
  if (entries.some((e) => e.name.startsWith('/') || e.name.split('/').includes('..'))) return fail(DAMAGED);
  const embedded = entries.find(
    (e) => e.name.startsWith('xl/embeddings/') || /\.(zip|xlsx|xlsm|docx|jar|gz)$/i.test(e.name),
  );
  if (embedded) {
    return fail(
      `the workbook embeds another file (${embedded.name}), which is not accepted; save a copy without embedded objects`,
    );
  }
  const total = entries.reduce((n, e) => n + e.uncompressedSize, 0);
  if (total > limits.maxUncompressedBytes) {
    return fail(
      `the workbook expands to ${Math.round(total / 2 ** 20)} MB; at most ${Math.round(limits.maxUncompressedBytes / 2 ** 20)} MB is accepted`,
    );
  }
  for (const e of entries) {
    if (e.method !== 0 && e.method !== 8)
      return fail(`the workbook part ${e.name} uses an unsupported compression method`);
    const ratio =
      e.compressedSize === 0
        ? e.uncompressedSize === 0
          ? 1
          : Infinity
        : e.uncompressedSize / e.compressedSize;
    if (ratio > limits.maxCompressionRatio) {
      return fail(
        `the workbook part ${e.name} is compressed ${Number.isFinite(ratio) ? `${Math.round(ratio)} to 1` : 'from nothing'}, like a zip bomb; it is refused`,
      );
    }
  }
  return [];
}

function checkInflation(buf: Buffer, entries: readonly ZipEntry[]): FieldError[] {
  for (const e of entries) {
    const p = e.localOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) return fail(DAMAGED);
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const data = buf.subarray(start, start + e.compressedSize);
    if (data.length < e.compressedSize) return fail(DAMAGED);
    let content: Buffer;
    try {
      content =
        e.method === 0 ? data : inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressedSize) });
    } catch {
      return fail(`the workbook part ${e.name} is larger than it declares, or damaged; it is refused`);
    }
    if (content.length !== e.uncompressedSize)
      return fail(`the workbook part ${e.name} is not the size it declares; it is refused`);
    if (content.length >= 4 && content.readUInt32LE(0) === LOCAL)
      return fail(`the workbook part ${e.name} is another archive, which is not accepted; it is refused`);
  }
  return [];
}

/** Every problem found before parsing (empty when the archive is safe to hand to exceljs). */
export function checkXlsxArchive(buf: Buffer, limits: ImportLimits): FieldError[] {
  const dir = readZipDirectory(buf);
  if ('errors' in dir) return dir.errors;
  const problems = checkDirectory(dir.entries, limits);
  return problems.length > 0 ? problems : checkInflation(buf, dir.entries);
}
