/** @jsxRuntime automatic */
/** @jsxImportSource react */
/**
 * The board report document as a complete HTML page (server side, for PDF printing):
 * the BoardDocument rendered to static markup with its stylesheet inline. No scripts and
 * no external resources, so it prints the same offline, in a browser with JavaScript off.
 */
import type { BoardReport } from '@caseload/api';
import { renderToStaticMarkup } from 'react-dom/server';
import { BoardDocument } from './document.tsx';
import { describePeriod } from './period.ts';
import { boardDocumentCss } from './styles.ts';

export interface BoardHtmlOptions {
  /** printed in the title */
  agencyName?: string;
  /** when the document was produced, as the reader should see it */
  generatedAt?: string;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The document's <title>: "Board report, Demo agency, FY2026 Q4 (Jul–Sep 2026)". */
export function boardDocumentTitle(report: Pick<BoardReport, 'from' | 'to'>, agencyName?: string): string {
  return ['Board report', agencyName, describePeriod(report)].filter(Boolean).join(', ');
}

/** The board report as a complete `<!doctype html>` document. */
export function renderBoardHtml(report: BoardReport, options: BoardHtmlOptions = {}): string {
  const body = renderToStaticMarkup(
    <BoardDocument report={report} agencyName={options.agencyName ?? null} generatedAt={options.generatedAt ?? null} />,
  );
  const title = escapeHtml(boardDocumentTitle(report, options.agencyName));
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    `<style>html{background:#fff}body{margin:0}${boardDocumentCss}</style>`,
    '</head>',
    `<body>${body}</body>`,
    '</html>',
  ].join('\n');
}
