/**
 * The drop folder (IMPORT_DROP_DIR): an SFTP drop or a nightly export job puts each
 * delivery in `<dir>/<agency_id>/incoming/` — a folder with a `READY` file in it when
 * complete, or a .zip, taken once its size and time have not changed between two
 * scans — and the server imports it with the agency's active mapping profile, on
 * arrival or on the agency's schedule (settings `importSchedule`, a cron expression
 * in the agency's time zone). Done deliveries move to `done/<timestamp>/`, refused ones
 * to `failed/<timestamp>/` with `errors.txt` beside them.
 *
 * One import at a time per agency. A delivery is first moved to `processing/` with an
 * `.attempt` file naming it; the import records that name in its audit entry. After a
 * restart, a delivery left in `processing/` is moved to done/ when its import had
 * committed (so it is never imported twice), retried once when it had not, and sent
 * to failed/ when it was already retried.
 */
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { agencyToday, standard9Settings } from '@caseload/api';
import type { Clock } from '@caseload/clock';
import { activeMappingProfile, currentSettings, type Database, type Tenancy } from '@caseload/db';
import { checkProfile, importDirectory, type ImportResult } from '@caseload/importer';
import { Cron } from 'croner';
import { type Kysely, sql } from 'kysely';
import { DEFAULT_IMPORT_MAX_UNCOMPRESSED_BYTES, extractZip, SAFE_EXPORT_NAME } from './imports.ts';

export interface DropFolderOptions {
  root: string;
  db: Kysely<Database>;
  clock: Clock;
  logError: (message: string, error?: unknown) => void;
  maxUncompressedBytes?: number;
  /** CASELOAD_CLUSTERS: each agency's delivery is imported on the cluster that holds the agency */
  tenancy?: Tenancy;
}

export interface DeliveryOutcome {
  agencyId: string;
  delivery: string;
  outcome: 'done' | 'failed' | 'already imported';
  /** where it was moved */
  to: string;
}

interface Attempt {
  /** the delivery's id: recorded in the import's audit entry */
  id: string;
  attempts: number;
}

const AGENCY_DIR = /^[A-Za-z0-9._:-]{1,64}$/;

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

export class DropFolder {
  /** zips seen in the previous scan: size and time, to tell a settled one */
  private readonly seen = new Map<string, string>();
  /** the last time each agency's schedule fired (or the start) */
  private readonly lastRun = new Map<string, Date>();
  private readonly started: Date;
  private running: Promise<DeliveryOutcome[]> | null = null;

  constructor(private readonly opts: DropFolderOptions) {
    this.started = opts.clock.now();
  }

  private dir(agencyId: string, ...parts: string[]) {
    return path.join(this.opts.root, agencyId, ...parts);
  }

  /** `fn` against the cluster that holds `agencyId` (one database without CASELOAD_CLUSTERS) */
  private onAgency<T>(agencyId: string, fn: () => Promise<T>): Promise<T> {
    return this.opts.tenancy ? this.opts.tenancy.forAgency(agencyId, fn) : fn();
  }

  private async agencies(): Promise<string[]> {
    const names = await readdir(this.opts.root).catch(() => [] as string[]);
    const out: string[] = [];
    for (const n of names.sort()) {
      if (!AGENCY_DIR.test(n)) continue;
      const exists = await this.onAgency(n, () =>
        this.opts.db.selectFrom('agencies').select('agency_id').where('agency_id', '=', n).executeTakeFirst(),
      );
      if (exists) out.push(n);
    }
    return out;
  }

  /** Waits for a scan in progress, if any. */
  async settle(): Promise<void> {
    await this.running?.catch(() => []);
  }

  /** One scan: recovery of half-processed deliveries, then every complete delivery that is due. Never two at once. */
  tick(): Promise<DeliveryOutcome[]> {
    if (this.running) return this.running;
    this.running = this.scan().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async scan(): Promise<DeliveryOutcome[]> {
    const out: DeliveryOutcome[] = [];
    for (const agencyId of await this.agencies()) {
      // agencies one after the other: one import at a time per agency (and in all)
      try {
        await this.onAgency(agencyId, async () => {
          out.push(...(await this.recover(agencyId)));
          if (await this.due(agencyId)) out.push(...(await this.deliver(agencyId)));
        });
      } catch (err) {
        this.opts.logError(`drop folder: agency ${agencyId}`, err);
      }
    }
    return out;
  }

  /** On arrival without a schedule; with one, when a scheduled time has passed since the last run. */
  private async due(agencyId: string): Promise<boolean> {
    const settings = await currentSettings<{ importSchedule?: unknown }>(this.opts.db, agencyId);
    const schedule = settings?.settings?.importSchedule;
    if (typeof schedule !== 'string' || schedule.trim() === '') return true;
    const timezone = (await standard9Settings(this.opts.db, agencyId)).settings.timeZone;
    const now = this.opts.clock.now();
    let next: Date | null;
    try {
      next = new Cron(schedule, { timezone, paused: true }).nextRun(this.lastRun.get(agencyId) ?? this.started);
    } catch (err) {
      this.opts.logError(`drop folder: agency ${agencyId}: importSchedule ${JSON.stringify(schedule)} is not a cron expression`, err);
      return false;
    }
    if (next === null || next > now) return false;
    this.lastRun.set(agencyId, now);
    return true;
  }

  /** The complete deliveries in incoming/, oldest name first. */
  private async complete(agencyId: string): Promise<string[]> {
    const incoming = this.dir(agencyId, 'incoming');
    const names = (await readdir(incoming).catch(() => [] as string[])).filter((n) => !n.startsWith('.')).sort();
    const ready: string[] = [];
    for (const name of names) {
      const full = path.join(incoming, name);
      const st = await stat(full).catch(() => undefined);
      if (!st) continue;
      if (st.isDirectory()) {
        if (
          await stat(path.join(full, 'READY')).then(
            (s) => s.isFile(),
            () => false,
          )
        )
          ready.push(name);
      } else if (st.isFile() && name.toLowerCase().endsWith('.zip')) {
        const key = `${agencyId}/${name}`;
        const sig = `${st.size}:${st.mtimeMs}`;
        if (this.seen.get(key) === sig) {
          this.seen.delete(key);
          ready.push(name);
        } else this.seen.set(key, sig);
      }
    }
    return ready;
  }

  private async deliver(agencyId: string): Promise<DeliveryOutcome[]> {
    const out: DeliveryOutcome[] = [];
    for (const name of await this.complete(agencyId)) {
      const processing = this.dir(agencyId, 'processing');
      await mkdir(processing, { recursive: true });
      const attempt: Attempt = { id: `${stamp(this.opts.clock.now())}/${name}`, attempts: 1 };
      // the marker first: a delivery in processing/ always has one
      await writeFile(path.join(processing, `${name}.attempt`), JSON.stringify(attempt));
      await rename(this.dir(agencyId, 'incoming', name), path.join(processing, name));
      out.push(await this.process(agencyId, name, attempt));
    }
    return out;
  }

  /** Deliveries left in processing/ by a server that stopped: done if imported, retried once, else failed. */
  private async recover(agencyId: string): Promise<DeliveryOutcome[]> {
    const processing = this.dir(agencyId, 'processing');
    const names = await readdir(processing).catch(() => [] as string[]);
    const out: DeliveryOutcome[] = [];
    for (const marker of names.filter((n) => n.endsWith('.attempt')).sort()) {
      const name = marker.slice(0, -'.attempt'.length);
      const attempt = JSON.parse(await readFile(path.join(processing, marker), 'utf8')) as Attempt;
      if (!(await stat(path.join(processing, name)).catch(() => undefined))) {
        // moved on already (the server stopped between the move and removing the marker)
        await rm(path.join(processing, marker), { force: true });
        continue;
      }
      if (await this.imported(agencyId, attempt.id)) {
        out.push(await this.finish(agencyId, name, 'done', null, 'already imported'));
      } else if (attempt.attempts >= 2) {
        out.push(
          await this.finish(agencyId, name, 'failed', [
            'The server stopped twice while importing this delivery; it is not retried again. Nothing of it was imported.',
          ]),
        );
      } else {
        const again = { ...attempt, attempts: attempt.attempts + 1 };
        await writeFile(path.join(processing, marker), JSON.stringify(again));
        out.push(await this.process(agencyId, name, again));
      }
    }
    return out;
  }

  private async imported(agencyId: string, deliveryId: string): Promise<boolean> {
    const r = await sql<{ n: number }>`select count(*)::int as n from audit_log
      where agency_id = ${agencyId} and action = 'import' and details->>'delivery' = ${deliveryId}`.execute(this.opts.db);
    return (r.rows[0]?.n ?? 0) > 0;
  }

  private async process(agencyId: string, name: string, attempt: Attempt): Promise<DeliveryOutcome> {
    const full = this.dir(agencyId, 'processing', name);
    let work: string | null = null;
    let result: ImportResult;
    try {
      const saved = await activeMappingProfile(this.opts.db, agencyId);
      const checked = saved ? checkProfile(saved.profile) : null;
      const profile = checked?.ok ? checked.profile : undefined;
      let dir = full;
      if (name.toLowerCase().endsWith('.zip')) {
        work = await mkdtemp(path.join(tmpdir(), 'caseload-drop-'));
        try {
          await extractZip(
            full,
            work,
            this.opts.maxUncompressedBytes ?? DEFAULT_IMPORT_MAX_UNCOMPRESSED_BYTES,
            profile ? SAFE_EXPORT_NAME : undefined,
          );
        } catch (err) {
          return await this.finish(agencyId, name, 'failed', [`${name}: ${err instanceof Error ? err.message : String(err)}`]);
        }
        dir = work;
      }
      result = await importDirectory(this.opts.db, dir, {
        agencyId,
        today: await agencyToday(this.opts.db, agencyId, this.opts.clock),
        actor: { userId: null, label: 'drop folder' },
        via: 'drop',
        delivery: attempt.id,
        ...(profile ? { profile } : {}),
      });
    } finally {
      if (work) await rm(work, { recursive: true, force: true });
    }
    if (result.ok) return this.finish(agencyId, name, 'done', null);
    const more = result.errorCount - result.errors.length;
    return this.finish(agencyId, name, 'failed', [
      ...result.errors,
      ...(more > 0 ? [`… and ${more} more`] : []),
      'Nothing of this delivery was imported.',
    ]);
  }

  private async finish(
    agencyId: string,
    name: string,
    where: 'done' | 'failed',
    errors: string[] | null,
    outcome?: 'already imported',
  ): Promise<DeliveryOutcome> {
    const target = this.dir(agencyId, where, stamp(this.opts.clock.now()));
    await mkdir(target, { recursive: true });
    if (errors) await writeFile(path.join(target, 'errors.txt'), `${errors.join('\n')}\n`);
    await rename(this.dir(agencyId, 'processing', name), path.join(target, name));
    await rm(this.dir(agencyId, 'processing', `${name}.attempt`), { force: true });
    return { agencyId, delivery: name, outcome: outcome ?? where, to: path.join(target, name) };
  }
}

/** Scans the drop folder every `everyMs` (default 30 s) until stopped. */
export function startDropFolder(opts: DropFolderOptions & { everyMs?: number }): { folder: DropFolder; stop: () => Promise<void> } {
  const folder = new DropFolder(opts);
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const loop = () => {
    void folder
      .tick()
      .catch((err: unknown) => opts.logError('drop folder scan failed', err))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, opts.everyMs ?? 30_000);
      });
  };
  loop();
  return {
    folder,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await folder.settle();
    },
  };
}
