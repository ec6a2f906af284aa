/**
 * Charts as server-rendered SVG: they work without JavaScript, print, and cost nothing to load.
 * Every chart is an image with a title and a one-sentence description for screen readers
 * (role="img", aria-labelledby); the page beside it always carries a table with the same numbers.
 * Colours are the GOV.UK palette, chosen to be distinguishable and to contrast with white; series
 * also differ by dash pattern, so colour is never the only difference.
 */

export interface ChartText {
  /** Unique within the page: used for the title and description ids. */
  id: string;
  title: string;
  /** What the chart shows, in one or two sentences (read by screen readers). */
  description: string;
}

const PALETTE = ['#1d70b8', '#d4351c', '#00703c', '#f47738', '#912b88', '#505a5f', '#28a197', '#6f72af'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4'];
const FONT = 14;

export function colour(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function open(t: ChartText, width: number, height: number): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${esc(t.id)}-title ${esc(t.id)}-desc">` +
    `<title id="${esc(t.id)}-title">${esc(t.title)}</title><desc id="${esc(t.id)}-desc">${esc(t.description)}</desc>`
  );
}

/** Round, human tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (min === max) max = min + 1;
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.floor(min / step) * step; ; v += step) {
    out.push(Number(v.toPrecision(12)));
    if (v >= max - step * 1e-9) break;
  }
  return out;
}

export interface BarDatum {
  label: string;
  value: number;
  /** Bar colour index (defaults to 0); use it to group bars, not to encode the value. */
  group?: number;
}

/** Horizontal bars: labels on the left, values at the bar ends. */
export function barChart(
  t: ChartText,
  data: readonly BarDatum[],
  opts: { format?: (v: number) => string; width?: number; reference?: { value: number; label: string } } = {},
): string {
  const format = opts.format ?? ((v: number) => v.toLocaleString('en-GB'));
  const width = opts.width ?? 640;
  const labelW = Math.min(260, Math.max(80, ...data.map((d) => d.label.length * 7.5)));
  const barH = 22;
  const gap = 8;
  const top = 10;
  const height = top + data.length * (barH + gap) + 30;
  const max = Math.max(0, ...data.map((d) => d.value), opts.reference?.value ?? 0);
  const min = Math.min(0, ...data.map((d) => d.value));
  const plotW = width - labelW - 90;
  const x = (v: number) => labelW + ((v - min) / (max - min || 1)) * plotW;
  let s = open(t, width, height);
  data.forEach((d, i) => {
    const y = top + i * (barH + gap);
    const x0 = x(Math.min(0, d.value));
    const w = Math.abs(x(d.value) - x(0));
    s += `<text x="${labelW - 8}" y="${y + barH / 2 + FONT / 3}" text-anchor="end">${esc(d.label)}</text>`;
    s += `<rect x="${x0}" y="${y}" width="${Math.max(1, w)}" height="${barH}" fill="${colour(d.group ?? 0)}"/>`;
    s += `<text x="${Math.max(x(d.value), x(0)) + 6}" y="${y + barH / 2 + FONT / 3}">${esc(format(d.value))}</text>`;
  });
  if (opts.reference) {
    const rx = x(opts.reference.value);
    s += `<line x1="${rx}" x2="${rx}" y1="${top - 4}" y2="${height - 24}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="4 3"/>`;
    s += `<text x="${rx}" y="${height - 8}" text-anchor="middle">${esc(opts.reference.label)}</text>`;
  }
  return `${s}</svg>`;
}

export interface LineSeries {
  name: string;
  points: ReadonlyArray<{ x: number; y: number }>;
  /** Shaded bands around the line (e.g. 95% and 80% intervals), widest first. */
  bands?: ReadonlyArray<{ name: string; points: ReadonlyArray<{ x: number; low: number; high: number }> }>;
}

/**
 * Lines on shared axes, optionally with shaded interval bands (a fan chart). `x` values are
 * numbers (e.g. month index or epoch day); `xLabel` formats them for the axis.
 */
export function lineChart(
  t: ChartText,
  series: readonly LineSeries[],
  opts: {
    xLabel: (x: number) => string;
    yFormat?: (y: number) => string;
    width?: number;
    height?: number;
    /** A vertical marker, e.g. "today" or "forecast starts". */
    marker?: { x: number; label: string };
    yMin?: number;
  },
): string {
  const width = opts.width ?? 720;
  const height = opts.height ?? 320;
  const yFormat = opts.yFormat ?? ((v: number) => v.toLocaleString('en-GB'));
  const left = 70;
  const right = 150;
  const top = 16;
  const bottom = 40;
  const xs = series.flatMap((s) => [
    ...s.points.map((p) => p.x),
    ...(s.bands ?? []).flatMap((b) => b.points.map((p) => p.x)),
  ]);
  const ys = series.flatMap((s) => [
    ...s.points.map((p) => p.y),
    ...(s.bands ?? []).flatMap((b) => b.points.flatMap((p) => [p.low, p.high])),
  ]);
  if (xs.length === 0) return `${open(t, width, 60)}<text x="10" y="30">No data</text></svg>`;
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const ticks = niceTicks(opts.yMin ?? Math.min(0, ...ys), Math.max(...ys));
  const yLo = ticks[0]!;
  const yHi = ticks.at(-1)!;
  const px = (v: number) => left + ((v - xMin) / (xMax - xMin || 1)) * (width - left - right);
  const py = (v: number) => top + (1 - (v - yLo) / (yHi - yLo || 1)) * (height - top - bottom);
  let s = open(t, width, height);
  for (const tick of ticks) {
    s += `<line x1="${left}" x2="${width - right}" y1="${py(tick)}" y2="${py(tick)}" stroke="#b1b4b6" stroke-width="1"/>`;
    s += `<text x="${left - 6}" y="${py(tick) + FONT / 3}" text-anchor="end">${esc(yFormat(tick))}</text>`;
  }
  const xTicks = niceTicks(xMin, xMax, 6).filter((v) => v >= xMin && v <= xMax);
  for (const tick of xTicks) {
    s += `<text x="${px(tick)}" y="${height - bottom + 20}" text-anchor="middle">${esc(opts.xLabel(tick))}</text>`;
  }
  series.forEach((ser, i) => {
    (ser.bands ?? []).forEach((band, j) => {
      const upper = band.points.map((p) => `${px(p.x)},${py(p.high)}`);
      const lower = [...band.points].reverse().map((p) => `${px(p.x)},${py(p.low)}`);
      s += `<polygon points="${[...upper, ...lower].join(' ')}" fill="${colour(i)}" fill-opacity="${0.15 + 0.12 * j}" stroke="none"><title>${esc(band.name)}</title></polygon>`;
    });
    const d = ser.points.map((p, k) => `${k === 0 ? 'M' : 'L'}${px(p.x)},${py(p.y)}`).join(' ');
    s += `<path d="${d}" fill="none" stroke="${colour(i)}" stroke-width="2.5" stroke-dasharray="${DASHES[i % DASHES.length]}"/>`;
    const last = ser.points.at(-1);
    if (last)
      s += `<text x="${width - right + 8}" y="${py(last.y) + FONT / 3}" fill="#0b0c0c">${esc(ser.name)}</text>`;
  });
  if (opts.marker) {
    const mx = px(opts.marker.x);
    s += `<line x1="${mx}" x2="${mx}" y1="${top}" y2="${height - bottom}" stroke="#0b0c0c" stroke-dasharray="4 3"/>`;
    s += `<text x="${mx + 4}" y="${top + FONT}">${esc(opts.marker.label)}</text>`;
  }
  s += `<line x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}" stroke="#0b0c0c"/>`;
  return `${s}</svg>`;
}

export interface TimelineRow {
  label: string;
  spans: ReadonlyArray<{ from: number; to: number; className: string; title: string }>;
}

/**
 * Rows of coloured spans over time (the bed board). Span colours come from CSS classes
 * (`app-state--occupied`…), with the legend and a table on the page; each span has a tooltip.
 */
export function timeline(
  t: ChartText,
  rows: readonly TimelineRow[],
  opts: {
    from: number;
    to: number;
    xLabel: (x: number) => string;
    ticks?: number[];
    width?: number;
    marker?: { x: number; label: string };
  },
): string {
  const width = opts.width ?? 960;
  const labelW = Math.min(240, Math.max(90, ...rows.map((r) => r.label.length * 7.5)));
  const rowH = 20;
  const gap = 4;
  const top = 24;
  const height = top + rows.length * (rowH + gap) + 10;
  const px = (v: number) =>
    labelW +
    ((Math.min(Math.max(v, opts.from), opts.to) - opts.from) / (opts.to - opts.from || 1)) *
      (width - labelW - 10);
  let s = open(t, width, height);
  for (const tick of opts.ticks ?? niceTicks(opts.from, opts.to, 6)) {
    if (tick < opts.from || tick > opts.to) continue;
    s += `<line x1="${px(tick)}" x2="${px(tick)}" y1="${top - 6}" y2="${height - 8}" stroke="#b1b4b6"/>`;
    s += `<text x="${px(tick)}" y="${top - 10}" text-anchor="middle">${esc(opts.xLabel(tick))}</text>`;
  }
  rows.forEach((r, i) => {
    const y = top + i * (rowH + gap);
    s += `<text x="${labelW - 8}" y="${y + rowH / 2 + FONT / 3}" text-anchor="end">${esc(r.label)}</text>`;
    for (const sp of r.spans) {
      const x0 = px(sp.from);
      const w = Math.max(1, px(sp.to) - x0);
      s += `<rect class="${esc(sp.className)}" x="${x0}" y="${y}" width="${w}" height="${rowH}" stroke="#ffffff" stroke-width="0.5"><title>${esc(sp.title)}</title></rect>`;
    }
  });
  if (opts.marker) {
    const mx = px(opts.marker.x);
    s += `<line x1="${mx}" x2="${mx}" y1="${top - 6}" y2="${height - 8}" stroke="#0b0c0c" stroke-width="2"/>`;
    s += `<text x="${mx + 4}" y="${height - 1}">${esc(opts.marker.label)}</text>`;
  }
  return `${s}</svg>`;
}
