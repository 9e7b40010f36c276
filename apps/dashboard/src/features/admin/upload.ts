/**
 * Uploading import files to POST /admin/imports. XMLHttpRequest, because fetch
 * reports no upload progress; the same-origin session cookie goes with it and the
 * browser adds the Origin header the server checks.
 */

/** The 16 import files of domain.md, in import order. */
export const IMPORT_FILE_NAMES = [
  'programs.csv',
  'teams.csv',
  'providers.csv',
  'staff.csv',
  'staff_periods.csv',
  'capacity_reductions.csv',
  'workload_items.csv',
  'clients.csv',
  'assignments.csv',
  'assessments.csv',
  'contacts.csv',
  'goals.csv',
  'referrals.csv',
  'survey_invitations.csv',
  'survey_responses.csv',
  'qa_reviews.csv',
] as const;

interface ImportedFileResult {
  file: string;
  /** the agency's export file it was read from (through the mapping) */
  source?: string;
  /** a snapshot file: rows the export no longer has, deleted */
  deleted?: number;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

/** What the page shows after an upload. */
export type UploadOutcome =
  | { kind: 'imported'; files: ImportedFileResult[]; totalRows: number; ignored: string[] }
  | { kind: 'invalid'; errors: string[]; errorCount: number; ignored: string[] }
  | { kind: 'refused'; message: string; status: number }
  | { kind: 'signed-out' };

export interface FileLike {
  name: string;
  size: number;
}

/** Checks the chosen files before sending: CSV files, or one zip alone, each name once. Returns the problem or null. */
export function checkSelection(files: readonly FileLike[], workbooks = false): string | null {
  if (files.length === 0) return 'Choose the CSV files to import, or one .zip file holding them.';
  const zips = files.filter((f) => f.name.toLowerCase().endsWith('.zip'));
  // with an import mapping saved, the export's Excel workbooks are read through it
  const accepted = (name: string) => name.endsWith('.zip') || name.endsWith('.csv') || (workbooks && name.endsWith('.xlsx'));
  const others = files.filter((f) => !accepted(f.name.toLowerCase()));
  if (others.length > 0) {
    return `${others.map((f) => f.name).join(', ')}: only ${workbooks ? '.csv or .xlsx files' : '.csv files'} or one .zip file can be imported.`;
  }
  if (zips.length > 1) return 'Choose one .zip file at a time.';
  if (zips.length === 1 && files.length > 1) return 'Choose either CSV files or one .zip file, not both.';
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.name)) return `${f.name} is chosen more than once.`;
    seen.add(f.name);
  }
  return null;
}

/** The chosen CSV files that are not import files (the server will not import them). */
export function unknownCsvFiles(files: readonly FileLike[]): string[] {
  const known = new Set<string>(IMPORT_FILE_NAMES);
  return files.filter((f) => f.name.toLowerCase().endsWith('.csv') && !known.has(f.name)).map((f) => f.name);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** Turns the server's answer (status and parsed JSON body, or null) into what the page shows. */
export function interpretUpload(status: number, body: unknown): UploadOutcome {
  if (status === 401) return { kind: 'signed-out' };
  if (isRecord(body) && body.ok === true && Array.isArray(body.files)) {
    const files = body.files.filter(isRecord).map((f) => ({
      file: typeof f.file === 'string' ? f.file : '?',
      rows: count(f.rows),
      inserted: count(f.inserted),
      updated: count(f.updated),
      unchanged: count(f.unchanged),
      ...(typeof f.source === 'string' ? { source: f.source } : {}),
      ...(typeof f.deleted === 'number' ? { deleted: count(f.deleted) } : {}),
    }));
    return { kind: 'imported', files, totalRows: count(body.totalRows), ignored: strings(body.ignored) };
  }
  if (isRecord(body) && body.ok === false) {
    const errors = strings(body.errors);
    return { kind: 'invalid', errors, errorCount: Math.max(count(body.errorCount), errors.length), ignored: strings(body.ignored) };
  }
  if (isRecord(body) && typeof body.error === 'string' && body.error) {
    return { kind: 'refused', message: body.error, status };
  }
  if (status === 413) {
    return { kind: 'refused', status, message: 'The upload is larger than the server accepts. Upload fewer files at a time, or zip them.' };
  }
  if (status === 403) return { kind: 'refused', status, message: 'Only an administrator can import data.' };
  return {
    kind: 'refused',
    status,
    message: 'The server could not take the upload. Try again; if it keeps happening, tell your administrator.',
  };
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Sends the files; `onProgress` follows the bytes sent, `onSent` fires when all are
 * sent (the server then checks and imports them). Resolves with the outcome; an
 * aborted upload resolves to null.
 */
export function uploadImportFiles(
  files: readonly File[],
  handlers: { onProgress: (p: UploadProgress) => void; onSent: () => void; signal?: AbortSignal },
): Promise<UploadOutcome | null> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/admin/imports');
    xhr.withCredentials = true;
    xhr.responseType = 'text';
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) handlers.onProgress({ loaded: e.loaded, total: e.total });
    };
    xhr.upload.onload = () => handlers.onSent();
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      resolve(interpretUpload(xhr.status, body));
    };
    xhr.onerror = () =>
      resolve({
        kind: 'refused',
        status: 0,
        message:
          'The upload was interrupted or refused before the server could answer (a very large upload is cut off past the size limit). Check your connection and the file sizes, then try again.',
      });
    xhr.onabort = () => resolve(null);
    handlers.signal?.addEventListener('abort', () => xhr.abort());
    const body = new FormData();
    for (const file of files) body.append('files', file, file.name);
    xhr.send(body);
  });
}

/** "1.5 MB" for a byte count. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1).replace(/\.0$/, '')} ${units[unit]}`;
}
