/**
 * A minimal zip writer for hostile archives (the corpus's XLSX mutations and the upload tests):
 * deflated or stored entries, no data descriptors, and the means to lie in the headers (declared
 * sizes, the encryption flag) or to add a ZIP64 locator, which no library would let us write.
 */
import { deflateRawSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipPart {
  name: string;
  data: Buffer;
  /** Claim this uncompressed size in both headers instead of the true one. */
  declaredSize?: number;
  /** Store rather than deflate. */
  stored?: boolean;
  /** Set the "encrypted" general-purpose flag. */
  encrypted?: boolean;
  /** Already-compressed bytes to write as the entry's data (with `declaredSize`). */
  raw?: Buffer;
}

export function zip(parts: readonly ZipPart[], opts: { zip64Locator?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const method = p.stored ? 0 : 8;
    const body = p.raw ?? (p.stored ? p.data : deflateRawSync(p.data, { level: 9 }));
    const size = p.declaredSize ?? p.data.length;
    const flags = p.encrypted ? 1 : 0;
    const crc = crc32(p.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  const locator = Buffer.alloc(opts.zip64Locator ? 20 : 0);
  if (opts.zip64Locator) locator.writeUInt32LE(0x07064b50, 0);
  return Buffer.concat([...locals, cd, locator, end]);
}

/** The two parts every workbook has, enough to pass the "is it a workbook" check. */
export const workbookSkeleton = (): ZipPart[] => [
  { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
  { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0"?><workbook/>') },
];

/** A sheet part that deflates about `ratio` to 1 (blank XML padding) at `bytes` uncompressed. */
export function bombSheet(bytes: number): ZipPart {
  return { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(bytes, 0x20) };
}

/** A deflate stream of `megabytes` MiB of zeros (about 1,000 to 1), to write as a part's `raw` data. */
export function deflatedZeros(megabytes: number): { raw: Buffer; size: number } {
  const size = megabytes * 2 ** 20;
  return { raw: deflateRawSync(Buffer.alloc(size), { level: 9 }), size };
}
