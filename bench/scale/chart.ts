// An SVG line chart of wall time against N, one line per step: small, no
// dependencies, readable on GitHub.
interface Point {
  n: number;
  step: string;
  seconds: number;
}

const COLORS = ['#1f77b4', '#2ca02c', '#d62728', '#9467bd'];

function niceMax(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(value, 1e-9)));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function renderChart(points: Point[]): string {
  const [width, height, left, right, top, bottom] = [640, 380, 64, 170, 40, 48];
  const ns = [...new Set(points.map((point) => point.n))].sort((a, b) => a - b);
  const steps = [...new Set(points.map((point) => point.step))];
  const xMax = Math.max(...ns);
  const yMax = niceMax(Math.max(...points.map((point) => point.seconds)));
  const x = (n: number) => left + ((width - left - right) * n) / xMax;
  const y = (seconds: number) => height - bottom - ((height - top - bottom) * seconds) / yMax;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="22" font-size="14" font-weight="bold">turbo run lint generate build typecheck: wall time against N</text>`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#333"/>`,
  ];
  for (let tick = 0; tick <= 5; tick++) {
    const seconds = (yMax * tick) / 5;
    parts.push(`<line x1="${left}" y1="${y(seconds)}" x2="${width - right}" y2="${y(seconds)}" stroke="#eee"/>`);
    parts.push(`<text x="${left - 6}" y="${y(seconds) + 4}" text-anchor="end">${Number(seconds.toFixed(1))} s</text>`);
  }
  for (const n of [0, ...ns]) parts.push(`<text x="${x(n)}" y="${height - bottom + 18}" text-anchor="middle">${n}</text>`);
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 8}" text-anchor="middle">N (services, 20 operations each)</text>`);
  steps.forEach((step, index) => {
    const color = COLORS[index % COLORS.length];
    const series = points.filter((point) => point.step === step).sort((a, b) => a.n - b.n);
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${series.map((point) => `${x(point.n).toFixed(1)},${y(point.seconds).toFixed(1)}`).join(' ')}"/>`);
    for (const point of series) parts.push(`<circle cx="${x(point.n).toFixed(1)}" cy="${y(point.seconds).toFixed(1)}" r="3" fill="${color}"><title>${escape(`${step}, N = ${point.n}: ${point.seconds.toFixed(1)} s`)}</title></circle>`);
    const legendY = top + 10 + index * 20;
    parts.push(`<line x1="${width - right + 16}" y1="${legendY}" x2="${width - right + 36}" y2="${legendY}" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<text x="${width - right + 42}" y="${legendY + 4}">${escape(step)}</text>`);
  });
  parts.push('</svg>', '');
  return parts.join('\n');
}
