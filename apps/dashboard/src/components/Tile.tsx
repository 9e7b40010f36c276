import type { ReactNode } from 'react';

/**
 * A headline number with what it is made of; `tone="alarm"` marks something to act on.
 * `scope` says whose number it is ("Your teams", "Agency, for comparison").
 */
export function Tile({
  label,
  value,
  detail,
  tone = 'plain',
  title,
  badge,
  scope,
}: {
  label: string;
  scope?: string;
  value: ReactNode;
  detail?: ReactNode;
  tone?: 'plain' | 'alarm' | 'good' | 'under' | 'balanced' | 'over' | 'critical';
  title?: string;
  /** a short qualifier shown beside the value, e.g. the band */
  badge?: ReactNode;
}) {
  return (
    <div className={`tile tile-${tone}`} title={title}>
      {scope ? <p className="tile-scope">{scope}</p> : null}
      <p className="tile-label">{label}</p>
      <p className="tile-value">
        {value}
        {badge}
      </p>
      {detail ? <p className="tile-detail">{detail}</p> : null}
    </div>
  );
}
