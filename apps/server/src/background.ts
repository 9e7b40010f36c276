/**
 * Work a request starts and does not wait for (warming the default views after an
 * import): tracked, so that a stopping server finishes it before the process exits.
 */
export class BackgroundJobs {
  private readonly running = new Set<Promise<unknown>>();

  /** Runs `job` in the background; its failure is the job's own to report. */
  track(job: Promise<unknown>): void {
    const settled = job.catch(() => {}).finally(() => this.running.delete(settled));
    this.running.add(settled);
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when every job started so far has settled, or after `timeoutMs`. */
  async settle(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
    });
    const done = Promise.all([...this.running]).then(() => true);
    const finished = await Promise.race([done, timedOut]);
    clearTimeout(timer);
    return finished;
  }
}
