/**
 * CSV bytes to text. Excel saves "CSV UTF-8" (with a byte-order mark), "Unicode text" (UTF-16)
 * and plain "CSV" in the Windows code page. We accept the first two and refuse anything that is
 * not valid UTF-8, naming the line of the first bad byte: guessing a code page would silently turn
 * "£" or "é" in a provider's name into something else.
 */
import type { FieldError } from '../../domain/shared/errors.ts';

/** Offset of the first byte that breaks UTF-8, or -1 when the whole buffer is valid. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
    }
    const second = b[i + 1]!;
    if (
      (c === 0xe0 && second < 0xa0) ||
      (c === 0xed && second > 0x9f) ||
      (c === 0xf0 && second < 0x90) ||
      (c === 0xf4 && second > 0x8f)
    ) {
      return i;
    }
    i += need + 1;
  }
  return -1;
}

function lineAt(b: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (b[i] === 0x0a) line++;
  return line;
}

export function decodeCsv(bytes: Uint8Array): { text: string } | { errors: FieldError[] } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const hex = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    return {
      errors: [
        {
          row: lineAt(bytes, bad),
          field: 'file',
          message: `the file is not UTF-8 text (byte 0x${hex}); save it from Excel as "CSV UTF-8 (comma delimited)"`,
        },
      ],
    };
  }
  if (bytes.includes(0)) {
    return {
      errors: [{ field: 'file', message: 'the file contains binary data; upload a CSV or .xlsx file' }],
    };
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
