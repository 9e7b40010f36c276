/**
 * The board report's charts as numbers: scales, the drawn points and paths, ticks.
 * Pure functions (no React, no DOM), so the geometry is tested by hand-computed
 * coordinates and the component only draws what these return.
 */

export interface Box {
  width: number;
  height: number;
  /** space for the axes, in the same units */
  margin: { top: number; right: number; bottom: number; left: number };
}

/** A linear map of [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** Rounds to 0.01 so the SVG text stays short and stable. */
export const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * The y domain of a load-ratio chart: whole 10-point steps around the values and the
 * 100% capacity line, at least 80%–120% so a flat line does not look like a swing.
 */
export function ratioDomain(values: ReadonlyArray<number | null>): [number, number] {
  const shown = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = Math.min(0.8, ...shown);
  const hi = Math.max(1.2, ...shown);
  return [Math.floor(lo * 10 + 1e-9) / 10, Math.ceil(hi * 10 - 1e-9) / 10];
}

/** Ticks every `step` from the domain's start to its end (inclusive), without float drift. */
export function ticks(domain: readonly [number, number], step: number): number[] {
  const out: number[] = [];
  const n = Math.round((domain[1] - domain[0]) / step);
  for (let i = 0; i <= n; i += 1) out.push(Math.round((domain[0] + i * step) * 1e9) / 1e9);
  return out;
}

/** A tick step giving at most `max` ticks over the domain: 0.1, 0.2, 0.25 or 0.5 (and ×10 beyond). */
export function tickStep(domain: readonly [number, number], max = 6): number {
  const span = domain[1] - domain[0];
  for (const step of [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5]) if (span / step <= max - 1 + 1e-9) return step;
  return span / (max - 1);
}

export interface SeriesPoint {
  /** index of the month */
  i: number;
  x: number;
  y: number;
  value: number;
}

export interface MappedSeries {
  points: SeriesPoint[];
  /** one SVG path per run of consecutive months with a value (a withheld month breaks the line) */
  paths: string[];
}

export interface MappedLineChart {
  /** the x of each month, evenly spaced across the plot */
  xs: number[];
  domain: [number, number];
  y: (v: number) => number;
  yTicks: Array<{ value: number; y: number }>;
  series: MappedSeries[];
  /** the y of the reference line (100% of capacity), when it is within the domain */
  referenceY: number | null;
}

/**
 * The x of each of `count` months: evenly spaced across the plot less `inset` on each
 * side (room for the first and last value labels); one month alone in the middle.
 */
export function monthXs(count: number, box: Box, inset = 0): number[] {
  const left = box.margin.left + inset;
  const right = box.width - box.margin.right - inset;
  if (count === 1) return [round2((left + right) / 2)];
  const x = linearScale([0, count - 1], [left, right]);
  return Array.from({ length: count }, (_, i) => round2(x(i)));
}

/** A line chart of monthly series on a shared y domain, with an optional reference value (1 = 100%). */
export function mapLineChart(
  series: ReadonlyArray<ReadonlyArray<number | null>>,
  box: Box,
  options: { domain?: [number, number]; reference?: number | null; step?: number; inset?: number } = {},
): MappedLineChart {
  const count = Math.max(0, ...series.map((s) => s.length));
  const xs = monthXs(count, box, options.inset ?? 0);
  const domain = options.domain ?? ratioDomain(series.flat());
  const y = (v: number) => round2(linearScale(domain, [box.height - box.margin.bottom, box.margin.top])(v));
  const step = options.step ?? tickStep(domain);
  const mapped = series.map((values) => {
    const points: SeriesPoint[] = [];
    const paths: string[] = [];
    let run: SeriesPoint[] = [];
    const close = () => {
      if (run.length > 0) paths.push(run.map((p, k) => `${k === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' '));
      run = [];
    };
    values.forEach((value, i) => {
      if (value === null || !Number.isFinite(value)) {
        close();
        return;
      }
      const p = { i, x: xs[i] as number, y: y(value), value };
      points.push(p);
      run.push(p);
    });
    close();
    return { points, paths };
  });
  const reference = options.reference ?? null;
  const referenceY = reference !== null && reference >= domain[0] && reference <= domain[1] ? y(reference) : null;
  return { xs, domain, y, yTicks: ticks(domain, step).map((value) => ({ value, y: y(value) })), series: mapped, referenceY };
}

export interface MappedBar {
  i: number;
  x: number;
  width: number;
  /** top of the bar; the bar runs down to `baseY` */
  y: number;
  height: number;
  value: number;
}

/** Bars of shares (0..1) by month: each month gets an equal slot, the bar 60% of it, centered. */
export function mapShareBars(
  values: ReadonlyArray<number | null>,
  box: Box,
): { slots: Array<{ x: number; center: number; width: number }>; bars: MappedBar[]; baseY: number; y: (v: number) => number } {
  const left = box.margin.left;
  const plot = box.width - box.margin.left - box.margin.right;
  const slot = values.length === 0 ? plot : plot / values.length;
  const baseY = box.height - box.margin.bottom;
  const y = (v: number) => round2(linearScale([0, 1], [baseY, box.margin.top])(v));
  const slots = values.map((_, i) => ({ x: round2(left + i * slot), center: round2(left + (i + 0.5) * slot), width: round2(slot) }));
  const bars: MappedBar[] = [];
  values.forEach((value, i) => {
    if (value === null || !Number.isFinite(value)) return;
    const width = round2(slot * 0.6);
    const top = y(value);
    bars.push({ i, x: round2(left + (i + 0.2) * slot), width, y: top, height: round2(baseY - top), value });
  });
  return { slots, bars, baseY, y };
}

/**
 * The fitted line of contact rate on load ratio over [x0, x1], clipped to rates 0..1:
 * the end points in data units, or null when the fit is missing.
 */
export function fitSegment(
  fit: { slope: number | null; intercept: number | null },
  x0: number,
  x1: number,
): { from: { x: number; y: number }; to: { x: number; y: number } } | null {
  const { slope, intercept } = fit;
  if (slope === null || intercept === null || !Number.isFinite(slope) || !Number.isFinite(intercept)) return null;
  const at = (x: number) => intercept + slope * x;
  let a = x0;
  let b = x1;
  if (slope !== 0) {
    // where the line crosses rate 0 and rate 1
    const c0 = (0 - intercept) / slope;
    const c1 = (1 - intercept) / slope;
    const lo = Math.min(c0, c1);
    const hi = Math.max(c0, c1);
    a = Math.max(a, lo);
    b = Math.min(b, hi);
    if (a > b) return null;
  } else if (intercept < 0 || intercept > 1) {
    return null;
  }
  return { from: { x: a, y: at(a) }, to: { x: b, y: at(b) } };
}
