import { otherWorkColor, tierColors } from '../lib/colors.ts';
import { tierKeys, tierLabels } from '../lib/report.ts';

/** The acuity tiers' colours, and other work after them, for a chart stacked by tier. */
export function TierLegend() {
  return (
    <ul className="legend" aria-label="Acuity tiers">
      {tierKeys.map((k) => (
        <li key={k}>
          <span className="legend-swatch" style={{ background: tierColors[k] }} aria-hidden="true" />
          {tierLabels[k]}
        </li>
      ))}
      <li>
        <span className="legend-swatch" style={{ background: otherWorkColor }} aria-hidden="true" />
        Other work (intake duty, on-call, …)
      </li>
    </ul>
  );
}
