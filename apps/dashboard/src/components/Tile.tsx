import type { ReactNode } from 'react';

/** A headline number with what it is made of; `tone="alarm"` marks something to act on. */
export function Tile({
  label,
  value,
  detail,
  tone = 'plain',
  title,
  badge,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  tone?: 'plain' | 'alarm' | 'good' | 'under' | 'balanced' | 'over' | 'critical';
  title?: string;
  /** a short qualifier shown beside the value, e.g. the band */
  badge?: ReactNode;
}) {
  return (
    <div className={`tile tile-${tone}`} title={title}>
      <p className="tile-label">{label}</p>
      <p className="tile-value">
        {value}
        {badge}
      </p>
      {detail ? <p className="tile-detail">{detail}</p> : null}
    </div>
  );
}
