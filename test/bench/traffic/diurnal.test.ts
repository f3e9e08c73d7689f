import { describe, expect, it } from 'vitest';
import { CAMPUS_DAY, hoursOfDay } from '../../../bench/traffic/diurnal.js';

describe('campus day', () => {
  it('spreads the day by the hourly weights of the campus time zone, in UTC hours', () => {
    const weights = Array.from({ length: 24 }, (_, h) => (h === 10 ? 3 : 1));
    const hours = hoursOfDay(26_000, { hourly: weights, utcOffsetHours: -5, description: '' });
    expect(hours.map((h) => h.utcHour)).toEqual(Array.from({ length: 24 }, (_, h) => h));
    // Local 10 a.m. at UTC−5 is 15:00 UTC and gets 3 of 26 shares.
    expect(hours[15]).toEqual({ utcHour: 15, localHour: 10, events: 3000, eventsPerSecond: 3000 / 3600 });
    expect(hours[0]?.localHour).toBe(19);
    expect(hours.reduce((n, h) => n + h.events, 0)).toBeCloseTo(26_000, 9);
  });

  it('has a quiet night and a busy day on the default curve', () => {
    const hours = hoursOfDay(1_000_000);
    const local = (h: number) => hours.find((x) => x.localHour === h)?.eventsPerSecond ?? 0;
    expect(local(11) / local(4)).toBeCloseTo(15.5, 9);
    expect(hours.reduce((n, h) => n + h.events, 0)).toBeCloseTo(1_000_000, 6);
    expect(CAMPUS_DAY.hourly).toHaveLength(24);
  });

  it('refuses a curve that is not 24 non-negative weights with some traffic', () => {
    expect(() => hoursOfDay(1, { ...CAMPUS_DAY, hourly: [1, 2] })).toThrow(/24/);
    expect(() => hoursOfDay(1, { ...CAMPUS_DAY, hourly: Array(24).fill(0) })).toThrow(/some traffic/);
    expect(() => hoursOfDay(1, { ...CAMPUS_DAY, hourly: [-1, ...Array(23).fill(1)] })).toThrow(
      /non-negative/,
    );
  });
});
