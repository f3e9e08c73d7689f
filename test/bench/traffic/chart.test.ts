import { describe, expect, it } from 'vitest';
import { eventsLabel, niceLogTicks, renderCostChart, usdLabel } from '../../../bench/traffic/chart.js';

describe('cost chart', () => {
  const svg = renderCostChart({
    title: 'Cost per million events',
    notes: ['prices as of 2026-12-05 & measured here'],
    series: [
      {
        label: 'this lake',
        color: '#1b7837',
        values: true,
        points: [
          [1e5, 2],
          [1e6, 1],
          [5e7, 0.6],
        ],
      },
      {
        label: 'Firehose',
        color: '#c51b7d',
        dashed: true,
        points: [
          [1e5, 1.6],
          [1e6, 1.1],
          [5e7, 0.8],
        ],
      },
    ],
  });

  it('draws one line and one marker per point for each design, on log axes', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('<title>Cost per million events</title>');
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(6);
    expect(svg).toContain('stroke-dasharray');
    // Decades of events per day 100k … 100M; dollars in 1-2-5 steps around $0.6 … $2.
    for (const label of ['>100k<', '>1M<', '>10M<', '>100M<', '>$0.5<', '>$1<', '>$2<', '>$5<']) {
      expect(svg).toContain(label);
    }
    // Values are printed for the series that asks for them only.
    expect(svg).toContain('>$0.6<');
    expect(svg).not.toContain('>$1.6<');
    expect(svg).toContain('&amp; measured here');
  });

  it('places equal ratios at equal distances (log scale)', () => {
    const points = /points="([^"]+)"/
      .exec(svg)?.[1]
      ?.split(' ')
      .map((p) => Number(p.split(',')[0]));
    const [a, b] = points ?? [];
    // 100k → 1M is one decade, as 1M → 10M would be.
    expect((b as number) - (a as number)).toBeCloseTo((860 - 78 - 24) / 3, 0);
  });

  it('labels events and dollars compactly', () => {
    expect(eventsLabel(100_000)).toBe('100k');
    expect(eventsLabel(50_000_000)).toBe('50M');
    expect(usdLabel(0.012345)).toBe('$0.0123');
    expect(usdLabel(1.234)).toBe('$1.23');
  });

  it('refuses values a log axis cannot show', () => {
    expect(() =>
      renderCostChart({ title: '', notes: [], series: [{ label: '', color: '', points: [[0, 1]] }] }),
    ).toThrow(/positive/);
  });
});

describe('log axis ticks', () => {
  it('steps 1-2-5 from the tick below the smallest value to the one above the largest', () => {
    expect(niceLogTicks(0.55, 2.2)).toEqual([0.5, 1, 2, 5]);
    expect(niceLogTicks(1, 1)).toEqual([1]);
    expect(niceLogTicks(0.03, 0.4)).toEqual([0.02, 0.05, 0.1, 0.2, 0.5]);
  });
});

describe('value labels', () => {
  it('go below a point when another line passes just above it', () => {
    const svg = renderCostChart({
      title: '',
      notes: [],
      series: [
        { label: 'a', color: '#000000', values: true, points: [[1e6, 1]] },
        { label: 'b', color: '#111111', points: [[1e6, 1.05]] },
      ],
    });
    const circle = Number(/<circle cx="[^"]+" cy="([^"]+)"/.exec(svg)?.[1]);
    const label = Number(/<text x="[^"]+" y="([^"]+)"[^>]*>\$1</.exec(svg)?.[1]);
    expect(label).toBeGreaterThan(circle);
  });
});
