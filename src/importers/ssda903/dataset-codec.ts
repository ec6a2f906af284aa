/**
 * A merged SSDA903 dataset as bytes, for storing with the LA that imported it: the typed-array
 * columns the forecaster reads, as they are (about 30 bytes an episode before compression), with
 * the pseudonymised CHILD ids and a small JSON header. Only what the engine reads is kept: CHILD,
 * SEX, DOB and UASC per child; DECOM, DEC, RNE, LS, PLACE, PLACE_PROVIDER, REC and the return's
 * year per episode. Postcodes, URN, UPN, ethnicity and the mother fields never reach it.
 *
 * Layout (then gzipped): "SFY903" + format byte, a uint32 header length, the header JSON, then each
 * column's bytes in a fixed order, little-endian as typed arrays are on every platform Node runs on.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Ssda903Dataset } from '../../domain/forecasting/dataset.ts';

const MAGIC = 'SFY903';
const FORMAT = 1;
export const DATASET_FORMAT = `sufficiency-ssda903/${FORMAT}`;

type Typed = Uint8Array | Uint16Array | Int32Array;
type Ctor = Uint8ArrayConstructor | Uint16ArrayConstructor | Int32ArrayConstructor;

/** The columns in the order they are written, with their types and lengths. */
function columns(d: Ssda903Dataset): [Typed, Ctor, number][] {
  const n = d.children.count;
  const e = d.episodes.count;
  return [
    [d.children.la, Uint16Array, n],
    [d.children.birth, Int32Array, n],
    [d.children.sex, Uint8Array, n],
    [d.children.uasc, Uint8Array, n],
    [d.children.firstEpisode, Int32Array, n + 1],
    [d.episodes.child, Int32Array, e],
    [d.episodes.start, Int32Array, e],
    [d.episodes.end, Int32Array, e],
    [d.episodes.rne, Uint8Array, e],
    [d.episodes.legalStatus, Uint8Array, e],
    [d.episodes.place, Uint8Array, e],
    [d.episodes.provider, Uint8Array, e],
    [d.episodes.reasonEnd, Uint8Array, e],
    [d.episodes.year, Uint16Array, e],
  ];
}

interface Header {
  las: string[];
  years: number[];
  dataStart: number;
  dataEnd: number;
  children: number;
  episodes: number;
  ids: string[];
}

export function encodeDataset(d: Ssda903Dataset): Buffer {
  const header: Header = {
    las: d.las,
    years: d.years,
    dataStart: d.dataStart,
    dataEnd: d.dataEnd,
    children: d.children.count,
    episodes: d.episodes.count,
    ids: d.children.id.slice(0, d.children.count),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const lead = Buffer.alloc(MAGIC.length + 5);
  lead.write(MAGIC, 0, 'latin1');
  lead.writeUInt8(FORMAT, MAGIC.length);
  lead.writeUInt32LE(json.length, MAGIC.length + 1);
  const parts: Uint8Array[] = [lead, json];
  for (const [arr, , length] of columns(d)) {
    parts.push(new Uint8Array(arr.buffer, arr.byteOffset, length * arr.BYTES_PER_ELEMENT));
  }
  return gzipSync(Buffer.concat(parts), { level: 1 });
}

export function decodeDataset(stored: Uint8Array): Ssda903Dataset {
  const raw = gunzipSync(stored);
  if (raw.toString('latin1', 0, MAGIC.length) !== MAGIC || raw.readUInt8(MAGIC.length) !== FORMAT) {
    throw new Error('not a stored SSDA903 dataset of a format this version reads');
  }
  const jsonLength = raw.readUInt32LE(MAGIC.length + 1);
  let at = MAGIC.length + 5;
  const h = JSON.parse(raw.toString('utf8', at, at + jsonLength)) as Header;
  at += jsonLength;
  const take = <C extends Ctor>(ctor: C, length: number): InstanceType<C> => {
    const out = new ctor(length) as InstanceType<C>;
    const bytes = length * out.BYTES_PER_ELEMENT;
    new Uint8Array(out.buffer).set(raw.subarray(at, at + bytes));
    at += bytes;
    return out;
  };
  const n = h.children;
  const e = h.episodes;
  const d: Ssda903Dataset = {
    las: h.las,
    years: h.years,
    dataStart: h.dataStart,
    dataEnd: h.dataEnd,
    children: {
      count: n,
      id: h.ids,
      la: take(Uint16Array, n),
      birth: take(Int32Array, n),
      sex: take(Uint8Array, n),
      uasc: take(Uint8Array, n),
      firstEpisode: take(Int32Array, n + 1),
    },
    episodes: {
      count: e,
      child: take(Int32Array, e),
      start: take(Int32Array, e),
      end: take(Int32Array, e),
      rne: take(Uint8Array, e),
      legalStatus: take(Uint8Array, e),
      place: take(Uint8Array, e),
      provider: take(Uint8Array, e),
      reasonEnd: take(Uint8Array, e),
      year: take(Uint16Array, e),
    },
  };
  if (at !== raw.length) throw new Error('the stored SSDA903 dataset is damaged (unexpected length)');
  return d;
}
