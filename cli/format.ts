/** Renders rows as an aligned text table (for terminals). */
export function formatTable(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  if (cols.length === 0) return '(no rows)';
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'object')
      return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
    return String(v);
  };
  const body = rows.map((r) => cols.map((c) => cell(r[c])));
  const widths = cols.map((c, i) =>
    Math.min(60, Math.max(c.length, ...body.map((r) => (r[i] as string).length))),
  );
  const clip = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const line = (cells: readonly string[]) =>
    cells
      .map((s, i) => clip(s, widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(cols), line(widths.map((w) => '─'.repeat(w))), ...body.map(line)].join('\n');
}
