import { type ReactNode, useEffect } from 'react';

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} — Caseload analytics`;
  }, [title]);
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children ? <div className="page-subtitle">{children}</div> : null}
    </div>
  );
}

/** Shown while new figures for changed filters are on their way (old ones stay visible). */
export function Updating({ active }: { active: boolean }) {
  return (
    <span className="updating" role="status" aria-live="polite">
      {active ? 'Updating…' : ''}
    </span>
  );
}
