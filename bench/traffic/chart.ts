/**
 * The cost chart for finance: USD per million events against events per day, both axes logarithmic, one line
 * per design. A hand-written SVG from the numbers: no plotting library.
 */

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  /** [events per day, USD per million events], in increasing events per day. */
  readonly points: readonly (readonly [number, number])[];
}

export interface ChartOptions {
  readonly title: string;
  readonly notes: readonly string[];
  readonly series: readonly ChartSeries[];
}

const W = 820;
const H = 480;
const M = { left: 78, right: 24, top: 56, bottom: 96 };

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
  const y0 = Math.floor(Math.log10(Math.min(...ys)));
  const y1 = Math.max(y0 + 1, Math.ceil(Math.log10(Math.max(...ys))));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const px = (x: number) => M.left + ((Math.log10(x) - x0) / (x1 - x0)) * plotW;
  const py = (y: number) => M.top + plotH - ((Math.log10(y) - y0) / (y1 - y0)) * plotH;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${M.left}" y="24" font-size="16" font-weight="bold">${escapeXml(options.title)}</text>`,
  );
  // Grid: decades (labelled) and 2…9 × each decade (faint).
  for (let d = x0; d <= x1; d++) {
    for (let m = 1; m <= (d === x1 ? 1 : 9); m++) {
      const x = fixed(px(m * 10 ** d));
      out.push(
        `<line x1="${x}" y1="${M.top}" x2="${x}" y2="${M.top + plotH}" stroke="${m === 1 ? '#bbbbbb' : '#eeeeee'}"/>`,
      );
      if (m === 1)
        out.push(
          `<text x="${x}" y="${M.top + plotH + 18}" text-anchor="middle">${eventsLabel(10 ** d)}</text>`,
        );
    }
  }
  for (let d = y0; d <= y1; d++) {
    for (let m = 1; m <= (d === y1 ? 1 : 9); m++) {
      const y = fixed(py(m * 10 ** d));
      out.push(
        `<line x1="${M.left}" y1="${y}" x2="${M.left + plotW}" y2="${y}" stroke="${m === 1 ? '#bbbbbb' : '#eeeeee'}"/>`,
      );
      if (m === 1)
        out.push(
          `<text x="${M.left - 8}" y="${fixed(py(10 ** d) + 4)}" text-anchor="end">${usdLabel(10 ** d)}</text>`,
        );
    }
  }
  out.push(
    `<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#555555"/>`,
    `<text x="${M.left + plotW / 2}" y="${M.top + plotH + 40}" text-anchor="middle">events per day (log scale)</text>`,
    `<text transform="translate(18 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">USD per million events (log scale)</text>`,
  );
  options.series.forEach((s, i) => {
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    const pts = s.points.map(([x, y]) => `${fixed(px(x))},${fixed(py(y))}`).join(' ');
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2.5"${dash} points="${pts}"/>`);
    for (const [x, y] of s.points) {
      out.push(`<circle cx="${fixed(px(x))}" cy="${fixed(py(y))}" r="4" fill="${s.color}"/>`);
      out.push(
        `<text x="${fixed(px(x) + 6)}" y="${fixed(py(y) + (i % 2 === 0 ? -8 : 16))}" fill="${s.color}" font-size="11">${usdLabel(y)}</text>`,
      );
    }
    // Legend, top right inside the plot.
    const ly = M.top + 16 + i * 18;
    const lx = M.left + plotW - 300;
    out.push(
      `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 28}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2.5"${dash}/>`,
      `<text x="${lx + 36}" y="${ly}">${escapeXml(s.label)}</text>`,
    );
  });
  options.notes.forEach((note, i) => {
    out.push(
      `<text x="${M.left}" y="${M.top + plotH + 60 + i * 15}" font-size="11" fill="#444444">${escapeXml(note)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
