/**
 * Today, as the server's one clock says it: the agency's date in its own time zone
 * (or the date CASELOAD_TODAY pins), sent with the signed-in user (auth.me). The
 * dashboard never reads the browser's clock for a date: a browser in another zone,
 * or with a wrong clock, must not move a page's default period.
 */
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';

/** Today in the agency's time zone. Only inside the signed-in shell, where auth.me has answered. */
export function useToday(): string {
  const me = useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 5 * 60_000 });
  if (!me.data) throw new Error('useToday is for pages inside the signed-in shell');
  return me.data.today;
}
