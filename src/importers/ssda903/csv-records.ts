/**
 * A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, quoted line breaks, CRLF or LF,
 * a leading byte-order mark). Text is pushed in chunks of any size and each complete record is
 * handed to a callback, so a file is never held whole. Lines without a quote, nearly all of a 903
 * extract, take a plain split; only quoted lines go through the character loop.
 */

/** `undecodable`: the line holds U+FFFD, what UTF-8 decoding leaves for a byte of another encoding. */
export type RecordHandler = (fields: string[], row: number, undecodable?: boolean) => void;

export class CsvRecordReader {
  private rest = '';
  private row = 0;
  private started = false;

  constructor(private readonly onRecord: RecordHandler) {}

  /** Feeds the next piece of text; complete records are emitted, a partial one is kept. */
  push(chunk: string): void {
    let text = this.rest + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.rest = this.consume(text, false);
  }

  /** Flushes the last record (a file need not end with a line break). */
  end(): void {
    if (this.rest.length > 0) this.rest = this.consume(`${this.rest}\n`, true);
  }

  /** Rows emitted so far (the header row counts as row 1, as spreadsheets count). */
  get rows(): number {
    return this.row;
  }

  private consume(text: string, final: boolean): string {
    let pos = 0;
    const n = text.length;
    while (pos < n) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) return text.slice(pos);
      let line = text.slice(pos, nl);
      if (line.includes('"')) {
        // A quoted field may hold line breaks: extend until the quotes balance.
        while (countQuotes(line) % 2 === 1) {
          const next = text.indexOf('\n', nl + 1);
          if (next < 0) {
            if (!final) return text.slice(pos);
            nl = n;
            line = text.slice(pos);
            break;
          }
          nl = next;
          line = text.slice(pos, nl);
        }
      }
      pos = nl + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.row++;
      if (line.length === 0) continue; // blank lines carry no record
      this.onRecord(
        line.includes('"') ? splitQuoted(line) : line.split(','),
        this.row,
        line.indexOf('\uFFFD') >= 0,
      );
    }
    return '';
  }
}

function countQuotes(s: string): number {
  let c = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) c++;
  return c;
}

function splitQuoted(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}
