/**
 * The cost chart for finance: USD per million events against events per day, both axes logarithmic, one line
 * per design. A hand-written SVG from the numbers: no plotting library.
 */

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  /** Print each point's value next to it. */
  readonly values?: boolean;
  /** [events per day, USD per million events], in increasing events per day. */
  readonly points: readonly (readonly [number, number])[];
}

export interface ChartOptions {
  readonly title: string;
  readonly notes: readonly string[];
  readonly series: readonly ChartSeries[];
}

const W = 860;
const PLOT_H = 330;
const M = { left: 78, right: 24, top: 50 };

/** 1-2-5 steps of a log axis: the ticks from the one at or below `min` to the one at or above `max`. */
export function niceLogTicks(min: number, max: number): number[] {
  const steps = [1, 2, 5];
  const ticks: number[] = [];
  for (let d = Math.floor(Math.log10(min)) - 1; d <= Math.ceil(Math.log10(max)); d++) {
    for (const m of steps) ticks.push(Number((m * 10 ** d).toPrecision(12)));
  }
  const lo = Math.max(...ticks.filter((t) => t <= min));
  const hi = Math.min(...ticks.filter((t) => t >= max));
  return ticks.filter((t) => t >= lo && t <= hi);
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fixed = (n: number) => Number(n.toFixed(1)).toString();

/** 100000 → "100k", 1e6 → "1M", 5e7 → "50M". */
export function eventsLabel(n: number): string {
  if (n >= 1e9) return `${Number((n / 1e9).toPrecision(3))}G`;
  if (n >= 1e6) return `${Number((n / 1e6).toPrecision(3))}M`;
  if (n >= 1e3) return `${Number((n / 1e3).toPrecision(3))}k`;
  return String(n);
}

/** $0.0123 → "$0.012", $1.234 → "$1.23", $12.3 → "$12.3": three significant digits. */
export function usdLabel(usd: number): string {
  return `$${Number(usd.toPrecision(3))}`;
}

export function renderCostChart(options: ChartOptions): string {
  const all = options.series.flatMap((s) => s.points);
  if (all.length === 0) throw new Error('a chart needs points');
  if (all.some(([x, y]) => !(x > 0) || !(y > 0))) throw new Error('log axes need positive values');
  const xs = all.map(([x]) => x);
  const ys = all.map(([, y]) => y);
  const x0 = Math.floor(Math.log10(Math.min(...xs)));
  const x1 = Math.max(x0 + 1, Math.ceil(Math.log10(Math.max(...xs))));
  const yTicks = niceLogTicks(Math.min(...ys) / 1.1, Math.max(...ys) * 1.1);
  const y0 = Math.log10(yTicks[0] as number);
  const y1 = Math.log10(yTicks[yTicks.length - 1] as number);
  const plotW = W - M.left - M.right;
  const px = (x: number) => M.left + ((Math.log10(x) - x0) / (x1 - x0)) * plotW;
  const py = (y: number) => M.top + PLOT_H - ((Math.log10(y) - y0) / (y1 - y0)) * PLOT_H;
  const legendTop = M.top + PLOT_H + 52;
  const notesTop = legendTop + options.series.length * 17 + 10;
  const height = notesTop + options.notes.length * 15 + 8;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<rect width="${W}" height="${height}" fill="#ffffff"/>`,
    `<text x="${M.left}" y="26" font-size="16" font-weight="bold">${escapeXml(options.title)}</text>`,
  );
  // Decades of events per day (labelled) and 2…9 × each decade (faint).
  for (let d = x0; d <= x1; d++) {
    for (let m = 1; m <= (d === x1 ? 1 : 9); m++) {
      const x = fixed(px(m * 10 ** d));
      out.push(
        `<line x1="${x}" y1="${M.top}" x2="${x}" y2="${M.top + PLOT_H}" stroke="${m === 1 ? '#bbbbbb' : '#eeeeee'}"/>`,
      );
      if (m === 1)
        out.push(
          `<text x="${x}" y="${M.top + PLOT_H + 18}" text-anchor="middle">${eventsLabel(10 ** d)}</text>`,
        );
    }
  }
  for (const t of yTicks) {
    const y = fixed(py(t));
    out.push(
      `<line x1="${M.left}" y1="${y}" x2="${M.left + plotW}" y2="${y}" stroke="#dddddd"/>`,
      `<text x="${M.left - 8}" y="${fixed(py(t) + 4)}" text-anchor="end">${usdLabel(t)}</text>`,
    );
  }
  out.push(
    `<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${PLOT_H}" fill="none" stroke="#555555"/>`,
    `<text x="${M.left + plotW / 2}" y="${M.top + PLOT_H + 38}" text-anchor="middle">events per day (log scale)</text>`,
    `<text transform="translate(20 ${M.top + PLOT_H / 2}) rotate(-90)" text-anchor="middle">USD per million events (log scale)</text>`,
  );
  options.series.forEach((s, i) => {
    const dash = s.dashed ? ' stroke-dasharray="7 4"' : '';
    const pts = s.points.map(([x, y]) => `${fixed(px(x))},${fixed(py(y))}`).join(' ');
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2.5"${dash} points="${pts}"/>`);
    for (const [x, y] of s.points) {
      out.push(`<circle cx="${fixed(px(x))}" cy="${fixed(py(y))}" r="4" fill="${s.color}"/>`);
      if (!s.values) continue;
      // Above the point, unless another line passes just above it there.
      const crowded = options.series.some(
        (other) =>
          other !== s && other.points.some(([ox, oy]) => ox === x && py(oy) < py(y) && py(y) - py(oy) < 22),
      );
      out.push(
        `<text x="${fixed(px(x))}" y="${fixed(py(y) + (crowded ? 20 : -10))}" text-anchor="middle" fill="${s.color}" font-size="11" font-weight="bold" stroke="#ffffff" stroke-width="3" paint-order="stroke">${usdLabel(y)}</text>`,
      );
    }
    const ly = legendTop + i * 17;
    out.push(
      `<line x1="${M.left}" y1="${ly - 4}" x2="${M.left + 30}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2.5"${dash}/>`,
      `<text x="${M.left + 38}" y="${ly}">${escapeXml(s.label)}</text>`,
    );
  });
  options.notes.forEach((note, i) => {
    out.push(
      `<text x="${M.left}" y="${notesTop + i * 15}" font-size="11" fill="#444444">${escapeXml(note)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
