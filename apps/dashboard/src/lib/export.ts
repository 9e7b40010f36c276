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
    throw new Error(`The download was not recorded, so it was not started: ${errorMessage(error)}`, { cause: error });
  }
  downloadCsv(fileName, csv);
}

/**
 * A file other than a table's CSV (the board data as JSON, say), audited the same way:
 * recorded on the server first, handed over only if that succeeded.
 */
export async function auditedFileDownload(file: {
  fileName: string;
  format: 'csv' | 'json';
  content: string;
  /** how many records the file holds, for the audit entry */
  rows: number;
}): Promise<void> {
  try {
    await trpcClient.audit.recordExport.mutate({
      file: file.fileName,
      format: file.format,
      rows: file.rows,
      page: `${window.location.pathname}${window.location.search}`.slice(0, 500),
    });
  } catch (error) {
    throw new Error(`The download was not recorded, so it was not started: ${errorMessage(error)}`, { cause: error });
  }
  const type = file.format === 'json' ? 'application/json;charset=utf-8' : 'text/csv;charset=utf-8';
  const url = URL.createObjectURL(new Blob([file.content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
