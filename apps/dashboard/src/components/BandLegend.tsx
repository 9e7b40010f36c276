import { bandColors } from '../lib/colors.ts';
import { formatPercent } from '../lib/format.ts';
import { type Band, bandLabels, type LoadBands } from '../lib/report.ts';

/** The load bands with their thresholds, as the agency's settings define them. */
function bandRanges(bands: LoadBands): Record<Band, string> {
  const p = (r: number) => formatPercent(r);
  return {
    under: `below ${p(bands.balancedFrom)}`,
    balanced: `${p(bands.balancedFrom)} to ${p(bands.balancedTo)}`,
    over: `above ${p(bands.balancedTo)} to ${p(bands.overTo)}`,
    critical: `above ${p(bands.overTo)}`,
  };
}

export function BandLegend({ bands }: { bands: LoadBands }) {
  const ranges = bandRanges(bands);
  return (
    <ul className="legend" aria-label="Load bands">
      {(Object.keys(bandLabels) as Band[]).map((band) => (
        <li key={band}>
          <span className="legend-swatch" style={{ background: bandColors[band] }} aria-hidden="true" />
          {bandLabels[band]} <span className="legend-detail">({ranges[band]})</span>
        </li>
      ))}
    </ul>
  );
}

export function BandBadge({ band }: { band: Band | null }) {
  if (band === null) return <span className="muted">—</span>;
  return <span className={`badge badge-${band}`}>{bandLabels[band]}</span>;
}
