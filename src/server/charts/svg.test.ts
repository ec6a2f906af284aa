import { describe, expect, it } from 'vitest';
import { barChart, lineChart, niceTicks, timeline } from './svg.ts';

const text = { id: 'c1', title: 'Occupancy by home', description: 'Share of paid bed-days occupied.' };

describe('SVG charts', () => {
  it('chooses round ticks that cover the data', () => {
    expect(niceTicks(0, 97)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(3.2, 4.1, 4)).toEqual([3, 3.25, 3.5, 3.75, 4, 4.25]);
  });

  it('labels every chart for screen readers and escapes text', () => {
    const svg = barChart({ ...text, title: 'A <b> & "c"' }, [
      { label: 'Elmtree <House>', value: 0.82 },
      { label: 'Cedar', value: 0.5 },
    ]);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="c1-title c1-desc"');
    expect(svg).toContain('<title id="c1-title">A &lt;b&gt; &amp; &quot;c&quot;</title>');
    expect(svg).toContain('Elmtree &lt;House&gt;');
    expect(svg.match(/<rect /g)).toHaveLength(2);
  });

  it('draws fan bands as polygons under their line, and a marker', () => {
    const svg = lineChart(
      text,
      [
        {
          name: 'Residential',
          points: [0, 1, 2].map((x) => ({ x, y: 10 + x })),
          bands: [{ name: '95%', points: [0, 1, 2].map((x) => ({ x, low: 8 + x, high: 12 + x })) }],
        },
      ],
      { xLabel: (x) => `M${x}`, marker: { x: 1, label: 'forecast' } },
    );
    expect(svg.indexOf('<polygon')).toBeLessThan(svg.indexOf('<path'));
    expect(svg).toContain('forecast');
  });

  it('draws timeline spans clipped to the window', () => {
    const svg = timeline(
      text,
      [
        {
          label: 'Bed 1',
          spans: [{ from: -10, to: 5, className: 'app-state--occupied', title: 'Occupied' }],
        },
      ],
      {
        from: 0,
        to: 10,
        xLabel: String,
      },
    );
    expect(svg).toContain('class="app-state--occupied"');
    expect(svg).toMatch(/<rect class="app-state--occupied" x="(\d+(\.\d+)?)"/);
  });
});
