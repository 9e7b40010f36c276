import { Component, type ReactNode } from 'react';

/**
 * Keeps one page's failure (including a page file that no longer exists after an
 * update, so its chunk cannot load) from blanking the whole dashboard.
 */
export class PageErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="state state-error" role="alert">
        <p className="state-title">This page could not be shown</p>
        <p className="state-body">The dashboard may have been updated since you opened it. Reload the page to get the current version.</p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
