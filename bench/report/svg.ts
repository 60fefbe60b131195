/**
 * A small horizontal bar chart as standalone SVG: groups (one per framework) of labelled
 * rows (one per contender), each row with one bar per series (e.g. distinct tokens, one
 * token). No dependency: the bench writes the charts docs/benchmarks.md shows.
 */
export interface ChartSeries {
  readonly name: string;
  readonly color: string;
}

export interface ChartRow {
  readonly label: string;
  /** One value per series; `null` where it was not measured. */
  readonly values: readonly (number | null)[];
}

export interface ChartGroup {
  readonly label: string;
  readonly rows: readonly ChartRow[];
}

export interface BarChart {
  readonly title: string;
  /** Printed after each value, e.g. "req/s". */
  readonly unit: string;
  readonly series: readonly ChartSeries[];
  readonly groups: readonly ChartGroup[];
  /** Digits after the decimal point of the printed values. @default 0 */
  readonly digits?: number;
  /**
   * The value of a full-width bar; a larger value is drawn full width, its end cut
   * diagonally, with its figure printed. @default the largest value
   */
  readonly cap?: number;
}

const WIDTH = 820;
const LABEL_WIDTH = 270;
const VALUE_WIDTH = 120;
const BAR_HEIGHT = 12;
const BAR_GAP = 2;
const ROW_GAP = 8;
const GROUP_HEADER = 26;
const TOP = 58;
const FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\"";

const escapeXml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const format = (value: number, digits: number): string =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The chart's SVG text. Negative values (noise around zero) are drawn as empty bars. */
export function renderBarChart(chart: BarChart): string {
  const digits = chart.digits ?? 0;
  const all = chart.groups.flatMap((g) => g.rows.flatMap((r) => r.values));
  const largest = Math.max(1, ...all.filter((v): v is number => v !== null));
  const max = chart.cap === undefined ? largest : Math.min(chart.cap, largest);
  const barArea = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const rowHeight = chart.series.length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + ROW_GAP;
  const parts: string[] = [];
  let y = TOP;
  for (const group of chart.groups) {
    parts.push(
      `<text x="10" y="${y + 16}" font-size="14" font-weight="600">${escapeXml(group.label)}</text>`,
    );
    y += GROUP_HEADER;
    for (const row of group.rows) {
      const middle = y + (rowHeight - ROW_GAP) / 2 + 4;
      parts.push(
        `<text x="${LABEL_WIDTH - 8}" y="${middle}" font-size="12" text-anchor="end">${escapeXml(row.label)}</text>`,
      );
      chart.series.forEach((series, index) => {
        const value = row.values[index] ?? null;
        const top = y + index * (BAR_HEIGHT + BAR_GAP);
        const cut = value !== null && value > max;
        const width = value === null ? 0 : Math.max(0, (Math.min(value, max) / max) * barArea);
        parts.push(
          `<rect x="${LABEL_WIDTH}" y="${top}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${series.color}"><title>${escapeXml(`${group.label}, ${row.label}, ${series.name}`)}</title></rect>`,
        );
        if (cut) {
          // A white wedge across the bar's end: the bar goes on past the chart.
          const end = LABEL_WIDTH + width;
          parts.push(
            `<path d="M${(end - 14).toFixed(1)} ${top + BAR_HEIGHT} L${(end - 8).toFixed(1)} ${top} L${(end - 4).toFixed(1)} ${top} L${(end - 10).toFixed(1)} ${top + BAR_HEIGHT} Z" fill="#fff"/>`,
          );
        }
        const text = value === null ? "–" : `${format(value, digits)} ${chart.unit}`;
        parts.push(
          `<text x="${(LABEL_WIDTH + width + 4).toFixed(1)}" y="${top + BAR_HEIGHT - 2}" font-size="11" fill="#333">${escapeXml(text)}</text>`,
        );
      });
      y += rowHeight;
    }
    y += 4;
  }
  const legend = chart.series
    .map((series, index) => {
      const x = LABEL_WIDTH + index * 180;
      return `<rect x="${x}" y="34" width="12" height="12" fill="${series.color}"/><text x="${x + 16}" y="44" font-size="12">${escapeXml(series.name)}</text>`;
    })
    .join("");
  const height = y + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" ${FONT}>`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="10" y="22" font-size="16" font-weight="600">${escapeXml(chart.title)}</text>`,
    legend,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}
