/** Writing a command's result: to a file when --out is given, else to stdout. */
import { writeFileSync } from 'node:fs';

export function writeOutput(data: string | Buffer, out?: string): void {
  if (out) {
    writeFileSync(out, data);
    process.stderr.write(`wrote ${out}\n`);
    return;
  }
  if (Buffer.isBuffer(data) && process.stdout.isTTY) {
    throw new Error('refusing to write a binary spreadsheet to the terminal; use --out FILE');
  }
  process.stdout.write(data);
}

/** A one-line progress bar on stderr (only when stderr is a terminal, or when forced). */
export function progressBar(label: string, force = false): (fraction: number, note?: string) => void {
  const tty = process.stderr.isTTY || force;
  let last = -1;
  return (fraction, note) => {
    const pct = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
    if (!tty || pct === last) return;
    last = pct;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    process.stderr.write(
      `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct}%${note ? ` ${note}` : ''}`,
    );
    if (pct === 100) process.stderr.write('\n');
  };
}
