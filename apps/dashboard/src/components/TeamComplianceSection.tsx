/** Contact and reassessment timeliness by team, with the counts behind every rate. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import { CsvButton } from './CsvButton.tsx';
import { EmptyState, ErrorState, Loading } from './states.tsx';
import { complementaryNote, formatDate, formatPercent } from '../lib/format.ts';
import { type RouterInputs, trpc } from '../trpc.ts';
import { type ComplianceRow, mapTeamCompliance, teamComplianceCsv } from '../lib/mapTeamCompliance.ts';

export function TeamComplianceSection({
  input,
  teamNames,
}: {
  input: RouterInputs['compliance']['report'];
  teamNames: ReadonlyMap<string, string>;
}) {
  const headingId = useId();
  const report = useQuery({ ...trpc.compliance.report.queryOptions(input), placeholderData: keepPreviousData });
  const data = useMemo(() => (report.data ? mapTeamCompliance(report.data, teamNames) : null), [report.data, teamNames]);

  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>Contact and reassessment by team</h2>
        <p className="card-description">
          Time a reasonable caseload leaves for contact and reassessment. Contact standard met: clients whose due contacts (any contact, and
          face-to-face, within their tier's window) happened ÷ clients with a contact due. Reassessments: overdue ÷ due. The agency row
          counts every active client, including unassigned ones.
        </p>
      </div>
      {report.isPending ? (
        <Loading label="Loading contact and reassessment figures…" rows={3} />
      ) : report.isError ? (
        <ErrorState
          title="Contact and reassessment figures could not be loaded"
          error={report.error}
          onRetry={() => void report.refetch()}
        />
      ) : data && data.rows.length === 0 && !data.agency ? (
        <EmptyState title={`No clients are due contact or reassessment as of ${formatDate(data.asOf)}`} />
      ) : data ? (
        <div className="table-block">
          <div className="table-toolbar">
            <h3 id={`${headingId}-table`}>Table: contact and reassessment as of {formatDate(data.asOf)}</h3>
            <CsvButton
              build={() => teamComplianceCsv(data, { team: input?.teamId, program: input?.programId })}
              of="contact and reassessment by team"
              describedBy={`${headingId}-table`}
            />
          </div>
          <div className="table-scroll" tabIndex={0}>
            <table className="data-table team-compliance-table" aria-labelledby={`${headingId}-table`}>
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col" className="num">
                    Contact standard met = met ÷ due
                  </th>
                  <th scope="col" className="num">
                    Reassessments on time
                  </th>
                  <th scope="col" className="num">
                    Reassessments due in the next 30 days
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <ComplianceTableRow key={r.teamId} row={r} />
                ))}
              </tbody>
              {data.agency ? (
                <tfoot>
                  <ComplianceTableRow row={data.agency} />
                </tfoot>
              ) : null}
            </table>
            {[...data.rows, ...(data.agency ? [data.agency] : [])].some((r) => r.complementary.length > 0) ? (
              <p className="muted small">{complementaryNote}</p>
            ) : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}

function ComplianceTableRow({ row }: { row: ComplianceRow }) {
  const contactWithheld = row.withheld.includes('contactRate') || row.withheld.includes('contactMet');
  const reassessWithheld = row.withheld.includes('reassessRate') || row.withheld.includes('reassessOverdue');
  return (
    <tr>
      <th scope="row">{row.name}</th>
      <td className="num" title={row.contactText}>
        {contactWithheld ? (
          <span className="withheld">{row.contactText}</span>
        ) : (
          <>
            <strong>{formatPercent(row.contactRate)}</strong>
            <span className="ratio-detail">{row.contactCounts ?? row.contactText}</span>
          </>
        )}
      </td>
      <td className="num" title={row.reassessText}>
        {reassessWithheld ? (
          <span className="withheld">{row.reassessText}</span>
        ) : (
          <>
            <strong>{formatPercent(row.reassessRate)}</strong>
            <span className="ratio-detail">{row.reassessText}</span>
          </>
        )}
      </td>
      <td className={`num${row.withheld.includes('reassessDueSoon') ? ' withheld' : ''}`}>{row.reassessDueSoon}</td>
    </tr>
  );
}
