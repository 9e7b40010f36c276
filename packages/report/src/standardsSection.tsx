/** @jsxRuntime automatic */
/** @jsxImportSource react */
/**
 * The board report's caseload standards section (Standard 9): each rule's last four
 * periods against its limit, plans of correction open, due soon and overdue, and a
 * sentence for each rule missed two periods running. Counts only: never who is over.
 */
import type { BoardReport } from '@caseload/api';
import { withheldText } from './data.ts';
import { formatDay } from './period.ts';
import { STANDARD_KIND_LABEL, standardPeriodText, standardRuleText, standardValueText } from './standardsText.ts';

export function StandardsSection({ report }: { report: BoardReport }) {
  const s = report.standards;
  if (!s) return null;
  const c = s.planCounts;
  return (
    <section className="bd-section bd-standards" aria-labelledby="bd-standards-title" data-testid="bd-standards">
      <h2 id="bd-standards-title">Standard 9: caseload standards and plans of correction</h2>
      {s.standards.length === 0 ? (
        <p>The agency has not set caseload standards (ratio rules) in its settings.</p>
      ) : (
        <>
          {s.sentences.length > 0 ? (
            <ul className="bd-standards-sentences">
              {s.sentences.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          ) : (
            <p>No standard was missed two periods running up to {formatDay(s.asOf)}.</p>
          )}
          <p data-testid="bd-plans">
            Plans of correction on {formatDay(s.asOf)}: <strong>{c.open}</strong> open, <strong>{c.dueSoon}</strong> due within 30 days,{' '}
            <strong>{c.overdue}</strong> overdue
            {s.needingPlan > 0 ? (
              <>
                ; <strong>{s.needingPlan}</strong> {s.needingPlan === 1 ? 'standard is' : 'standards are'} due a plan and{' '}
                {s.needingPlan === 1 ? 'has' : 'have'} none
              </>
            ) : null}
            .
          </p>
          <table className="bd-table">
            <caption>
              Each standard’s last four periods up to {formatDay(s.asOf)} (the last one runs to that day if the period had not ended).
              “Over” counts the staff or teams over the limit, never who.
            </caption>
            <thead>
              <tr>
                <th scope="col">Standard</th>
                <th scope="col">Period</th>
                <th scope="col">Value</th>
                <th scope="col">Met?</th>
                <th scope="col">Over</th>
              </tr>
            </thead>
            {s.standards.map((rule) => (
              <tbody key={rule.id}>
                {rule.periods.map((p, i) => (
                  <tr key={p.period}>
                    {i === 0 ? (
                      <th scope="rowgroup" rowSpan={rule.periods.length}>
                        {rule.label}
                        <br />
                        <span className="bd-muted-text">
                          {STANDARD_KIND_LABEL[rule.kind]}; {standardRuleText({ kind: rule.kind, limit: rule.limit })}
                        </span>
                      </th>
                    ) : null}
                    <td>{standardPeriodText(p.period)}</td>
                    <td className={p.valueSuppressed ? 'bd-num bd-withheld' : 'bd-num'}>
                      {p.valueSuppressed ? withheldText(report.minCellSize) : standardValueText(rule.kind, p.value)}
                    </td>
                    <td>{p.missed ? `Missed${p.consecutiveMisses >= 2 ? ` (${p.consecutiveMisses} in a row)` : ''}` : 'Met'}</td>
                    <td className="bd-num">{rule.kind === 'individual_max' || rule.kind === 'supervisor_span' ? p.overCount : '—'}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </>
      )}
    </section>
  );
}
