/**
 * How Live Events traffic spreads over a campus day. Canvas sends an event when someone does something, so the
 * rate follows the campus: almost nothing at 4 a.m., a ramp from 7 a.m., a plateau through classes, a dip at
 * dinner and a second peak of evening study, then a fall towards midnight.
 */

/**
 * Relative traffic of each local hour (0 = midnight–1 a.m.) of a teaching day: peak/trough ≈ 16×. A shape,
 * not a measurement of any one school: set `CampusCurve.hourly` to your own from the queue's
 * NumberOfMessagesSent metric.
 */
const TEACHING_DAY = [
  0.45, 0.28, 0.18, 0.12, 0.1, 0.12, 0.25, 0.55, 0.95, 1.3, 1.5, 1.55, 1.4, 1.5, 1.55, 1.45, 1.3, 1.1, 1.0,
  1.15, 1.3, 1.25, 1.0, 0.7,
];

export interface CampusCurve {
  /** Relative traffic of each local hour 0…23 (any scale: only the shape counts). */
  readonly hourly: readonly number[];
  /** The campus's offset from UTC in hours (US Central in daylight time: -5). `dt` partitions are UTC days. */
  readonly utcOffsetHours: number;
  readonly description: string;
}

export const CAMPUS_DAY: CampusCurve = {
  hourly: TEACHING_DAY,
  utcOffsetHours: -5,
  description:
    'a US campus (UTC-5) on a teaching day: local hours 0-23 weighted 0.45 0.28 0.18 0.12 0.10 0.12 0.25 0.55 0.95 1.30 1.50 1.55 1.40 1.50 1.55 1.45 1.30 1.10 1.00 1.15 1.30 1.25 1.00 0.70 (trough 4 a.m., peaks late morning and 8 p.m.; peak/trough 15.5)',
};

export interface HourOfTraffic {
  /** The UTC hour 0…23 this slice covers. */
  readonly utcHour: number;
  readonly localHour: number;
  /** Events per second during this hour (constant within the hour). */
  readonly eventsPerSecond: number;
  /** Events Canvas sends in this hour. */
  readonly events: number;
}

/** The day's 24 hours in UTC order, each with its constant rate; the events add up to `eventsPerDay`. */
export function hoursOfDay(eventsPerDay: number, curve: CampusCurve = CAMPUS_DAY): HourOfTraffic[] {
  if (curve.hourly.length !== 24) throw new Error('a campus curve needs 24 hourly weights');
  if (curve.hourly.some((w) => !(w >= 0))) throw new Error('hourly weights must be non-negative');
  const total = curve.hourly.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error('a campus curve needs some traffic');
  return Array.from({ length: 24 }, (_, utcHour) => {
    const localHour = (((utcHour + curve.utcOffsetHours) % 24) + 24) % 24;
    const events = (eventsPerDay * (curve.hourly[localHour] as number)) / total;
    return { utcHour, localHour, eventsPerSecond: events / 3600, events };
  });
}
