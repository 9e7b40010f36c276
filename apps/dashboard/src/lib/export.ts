import { errorMessage, trpcClient } from '../trpc.ts';
import { downloadCsv } from './csv.ts';

/**
 * Every export is audited (interfaces.md). The download is recorded on the server
 * first; if that fails, the file is not handed over and the reason is thrown.
 */
export async function auditedDownload(fileName: string, csv: string, rows: number): Promise<void> {
  try {
    await trpcClient.audit.recordExport.mutate({
      file: fileName,
      format: 'csv',
      rows,
      page: `${window.location.pathname}${window.location.search}`.slice(0, 500),
    });
  } catch (error) {
    throw new Error(`The download was not recorded, so it was not started: ${errorMessage(error)}`);
  }
  downloadCsv(fileName, csv);
}
