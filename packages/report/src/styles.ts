/**
 * The board document's stylesheet, scoped to `.board-doc`: the same on screen (inside
 * the dashboard) and in print (Letter pages: the executive summary on page 1, the
 * trends from page 2, no figure or table split across pages). Black and white safe:
 * lines differ by weight and dash, never only by color; withheld cells are italic.
 */
export const boardDocumentCss = `
@page {
  size: Letter;
  margin: 0.6in 0.65in 0.75in 0.65in;
}
.board-doc {
  --bd-ink: #111827;
  --bd-muted: #4b5563;
  --bd-line: #9ca3af;
  --bd-soft: #e5e7eb;
  color: var(--bd-ink);
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif;
  font-size: 10.5pt;
  line-height: 1.4;
  max-width: 7.2in;
}
.board-doc h1 { font-size: 18pt; line-height: 1.2; margin: 0 0 0.5em; }
.board-doc h2 { font-size: 13pt; margin: 1.1em 0 0.45em; break-after: avoid; page-break-after: avoid; }
.board-doc p { margin: 0.4em 0; }
.board-doc .bd-kicker { text-transform: uppercase; letter-spacing: 0.04em; font-size: 8.5pt; color: var(--bd-muted); margin: 0 0 0.3em; }
.board-doc .bd-header { border-bottom: 2px solid var(--bd-ink); padding-bottom: 0.5em; margin-bottom: 0.4em; }
.board-doc .bd-meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 1em; margin: 0; }
.board-doc .bd-meta > div { display: contents; }
.board-doc .bd-meta dt { font-weight: 600; }
.board-doc .bd-meta dd { margin: 0; }
.board-doc .bd-section { margin-top: 0.6em; }
.board-doc .bd-table { border-collapse: collapse; width: 100%; break-inside: avoid; page-break-inside: avoid; margin: 0.3em 0 0.4em; }
.board-doc .bd-table caption { text-align: left; font-size: 9pt; color: var(--bd-muted); padding-bottom: 0.3em; caption-side: top; }
.board-doc .bd-table th,
.board-doc .bd-table td { border-bottom: 1px solid var(--bd-soft); padding: 0.22em 0.5em; text-align: left; vertical-align: baseline; }
.board-doc .bd-table thead th { border-bottom: 1.5px solid var(--bd-ink); font-size: 9pt; font-weight: 600; }
.board-doc .bd-table tbody th { font-weight: normal; }
.board-doc .bd-table .bd-num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.board-doc .bd-table thead th:not(:first-child) { text-align: right; }
.board-doc .bd-summary-table .bd-change { white-space: nowrap; }
.board-doc .bd-summary-table thead th:last-child { text-align: left; }
.board-doc .bd-group th { font-weight: 700; padding-top: 0.6em; border-bottom: 1px solid var(--bd-line); }
.board-doc .bd-withheld { font-style: italic; color: var(--bd-muted); }
.board-doc .bd-muted-text { color: var(--bd-muted); font-weight: normal; font-size: 8.5pt; }
.board-doc .bd-standards tbody th { text-align: left; vertical-align: top; }
.board-doc .bd-arrow { font-size: 8pt; }
.board-doc .bd-brief { border: 1px solid var(--bd-soft); border-left: 3pt solid var(--bd-ink); padding: 0.4em 0.8em; margin: 0 0 0.8em; break-inside: avoid; page-break-inside: avoid; }
.board-doc .bd-brief p { margin: 0 0 0.3em; }
.board-doc .bd-brief ul { margin: 0; padding-left: 1.1em; }
.board-doc .bd-brief li { margin: 0.15em 0; }
.board-doc .bd-verdict { font-weight: 600; }
.board-doc .bd-note { font-size: 8.5pt; color: var(--bd-muted); }
.board-doc .bd-sentences ul { margin: 0.2em 0 0; padding-left: 1.2em; }
.board-doc .bd-sentences h2 { margin-top: 0; }
.board-doc .bd-sentences li { margin: 0.15em 0; }
.board-doc .bd-sentences { break-before: page; page-break-before: always; }
.board-doc .bd-summary-table th[scope='row'] { width: 46%; white-space: nowrap; }
.board-doc .bd-summary-table th[scope='col'] { white-space: nowrap; }
.board-doc .bd-verdict-cell { white-space: nowrap; }
.board-doc .bd-teams th[scope='row'] { width: 40%; }
.board-doc .bd-figure { margin: 0.4em 0 0.9em; break-inside: avoid; page-break-inside: avoid; }
.board-doc .bd-figure figcaption { font-weight: 600; font-size: 9.5pt; margin-bottom: 0.25em; }
.board-doc .bd-chart { display: block; width: 100%; height: auto; overflow: visible; }
.board-doc .bd-chart text { font-family: inherit; font-size: 11px; fill: var(--bd-ink); }
.board-doc .bd-grid line { stroke: var(--bd-soft); stroke-width: 1; }
.board-doc .bd-grid text, .board-doc .bd-axis-labels text, .board-doc text.bd-axis-labels, .board-doc .bd-n { fill: var(--bd-muted); }
.board-doc .bd-axis { stroke: var(--bd-ink); stroke-width: 1; }
.board-doc .bd-reference line, .board-doc .bd-reference-line { stroke: var(--bd-ink); stroke-width: 1.2; stroke-dasharray: 6 4; }
.board-doc .bd-reference text { font-size: 10px; fill: var(--bd-muted); }
.board-doc .bd-line { fill: none; stroke: var(--bd-ink); stroke-width: 2.5; stroke-linejoin: round; }
.board-doc .bd-point { fill: #ffffff; stroke: var(--bd-ink); stroke-width: 2; }
.board-doc .bd-value { font-weight: 600; }
.board-doc .bd-withheld-label { font-style: italic; fill: var(--bd-muted); font-size: 10px; }
.board-doc .bd-bar { fill: #6b7280; stroke: var(--bd-ink); stroke-width: 1; }
.board-doc .bd-fit { stroke: var(--bd-ink); stroke-width: 3; }
.board-doc .bd-axis-title { fill: var(--bd-muted); }
.board-doc .bd-multiples { display: grid; grid-template-columns: repeat(3, 1fr); gap: 0.3em 0.8em; }
/* the small multiples may run on to the next page between their rows (kept whole, they
   left a third of a page empty); each chart stays whole and the caption stays with the first row */
.board-doc .bd-figure[data-chart='team-load'] { break-inside: auto; page-break-inside: auto; }
.board-doc .bd-figure[data-chart='team-load'] figcaption { break-after: avoid; page-break-after: avoid; }
.board-doc .bd-small { break-inside: avoid; page-break-inside: avoid; }
.board-doc .bd-small .bd-line { stroke-width: 2; }
.board-doc .bd-chart.bd-small .bd-small-title { font-weight: 700; font-size: 12px; }
.board-doc .bd-chart.bd-small text { font-size: 10px; }
.board-doc .bd-compact { font-size: 8.5pt; }
.board-doc .bd-compact th, .board-doc .bd-compact td { padding: 0.1em 0.4em; }
.board-doc .bd-compact tbody th { white-space: nowrap; }
.board-doc .bd-compact th, .board-doc .bd-compact td { padding-left: 0.3em; padding-right: 0.3em; }
.board-doc .bd-teams, .board-doc .bd-evidence { break-inside: avoid; page-break-inside: avoid; }
.board-doc .bd-staffing { break-inside: avoid; page-break-inside: avoid; }
/* the notes may run on from the page before (a page is never left mostly empty for them); each note stays whole */
.board-doc .bd-about dt { break-after: avoid; page-break-after: avoid; }
.board-doc .bd-about dd { break-inside: avoid; page-break-inside: avoid; }
.board-doc .bd-about dl { margin: 0; font-size: 9pt; }
.board-doc .bd-about dt { font-weight: 600; margin-top: 0.4em; }
.board-doc .bd-about dd { margin: 0; }
@media print {
  .board-doc { font-size: 10pt; }
  .board-doc * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
