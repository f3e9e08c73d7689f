import { describe, expect, it } from 'vitest';
import { eventsLabel, renderCostChart, usdLabel } from '../../../bench/traffic/chart.js';

describe('cost chart', () => {
  const svg = renderCostChart({
    title: 'Cost per million events',
    notes: ['prices as of 2026-12-05 & measured here'],
    series: [
      {
        label: 'this lake',
        color: '#1b7837',
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
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(6);
    expect(svg).toContain('stroke-dasharray');
    // Decades of events per day 100k … 100M, and of dollars $0.1 … $10.
    for (const label of ['>100k<', '>1M<', '>10M<', '>100M<', '>$0.1<', '>$1<', '>$10<'])
      expect(svg).toContain(label);
    expect(svg).toContain('>$0.6<');
    expect(svg).toContain('&amp; measured here');
  });

  it('places equal ratios at equal distances (log scale)', () => {
    const points = /points="([^"]+)"/
      .exec(svg)?.[1]
      ?.split(' ')
      .map((p) => Number(p.split(',')[0]));
    const [a, b] = points ?? [];
    // 100k → 1M is one decade, as 1M → 10M would be.
    expect((b as number) - (a as number)).toBeCloseTo((820 - 78 - 24) / 3, 0);
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
