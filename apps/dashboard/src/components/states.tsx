/** Designed loading, empty and error states, so waiting and failing look intended. */
import type { ReactNode } from 'react';
import { errorCode, errorMessage } from '../trpc.ts';

/** Refusals that asking again cannot change (a bad date, no access, nothing there): no "Try again". */
const FINAL_ANSWERS = new Set(['BAD_REQUEST', 'FORBIDDEN', 'NOT_FOUND']);

export function Loading({ label, rows = 3 }: { label: string; rows?: number }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <p className="state-title">{label}</p>
      <div className="skeleton" aria-hidden="true">
        {Array.from({ length: rows }, (_, i) => (
          <span key={i} className="skeleton-line" />
        ))}
      </div>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children ? <div className="state-body">{children}</div> : null}
    </div>
  );
}

export function ErrorState({ title, error, onRetry }: { title: string; error: unknown; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{title}</p>
      <p className="state-body">{errorMessage(error)}</p>
      {onRetry && !FINAL_ANSWERS.has(errorCode(error) ?? '') ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice" role="note">
      {children}
    </div>
  );
}
