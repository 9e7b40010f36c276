import { complementaryText, formatCount } from '../lib/format.ts';

/**
 * The note on a Standard 8 page whose figures went through small-cell suppression:
 * what "fewer than N" means, and that some larger figures are withheld with them
 * (complementary suppression) so a small one cannot be worked out from a total, and
 * how those are shown.
 */
export function WithheldNote({
  withheldCells,
  minCellSize,
  of,
  showCount = false,
}: {
  withheldCells: number;
  minCellSize: number;
  /** what the figures count: 'people', 'clients', 'reviews', 'referrals or answers' */
  of: string;
  /** also say how many cells on the page are withheld */
  showCount?: boolean;
}) {
  if (withheldCells <= 0) return null;
  return (
    <p className="s8-note">
      Figures drawn from fewer than {minCellSize} {of} are withheld and shown as “fewer than {minCellSize}”
      {showCount ? ` (${formatCount(withheldCells)} cells on this page), so no client can be recognised` : ''}. A few larger figures are
      withheld with them, so that a small one cannot be worked out from a total: those are not small themselves and are shown as “
      {complementaryText()}”.
    </p>
  );
}
