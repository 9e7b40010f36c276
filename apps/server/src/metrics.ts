/**
 * The server's Prometheus metrics (prom-client), one registry per server: requests by
 * route and status, the process (event loop lag, GC, memory), kept answers (hits,
 * misses, bytes), the PDF printer's queue, and imports (durations, rows).
 * main.ts serves them as text on METRICS_PORT, apart from the public port.
 */
import http from 'node:http';
import type { ResultCache } from '@caseload/api';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What an import request came to (imports.ts). */
export type ImportOutcome = { status: 'imported'; rows: number } | { status: 'invalid' | 'refused' | 'unauthorized' | 'failed' };

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests: Histogram<'method' | 'route' | 'status'>;
  private readonly keptAnswers: Counter<'result'>;
  private readonly keptBytes: Counter;
  private readonly pdfWaiting: Gauge;
  private readonly imports: Histogram<'outcome'>;
  private readonly importRows: Counter;

  constructor(resultCache: ResultCache | null) {
    const registers = [this.registry];
    const wire = () => this.wireStats();
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    this.requests = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by route (the route pattern, not the address) and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.keptAnswers = new Counter({
      name: 'caseload_kept_answer_requests_total',
      help: 'GET queries of kept procedures: answered from kept bytes (hit), answered 304 (not_modified), or run (miss)',
      labelNames: ['result'],
      registers,
    });
    this.keptBytes = new Counter({
      name: 'caseload_kept_answer_sent_bytes_total',
      help: 'Bytes of kept answers sent (as encoded on the wire)',
      registers,
    });
    new Gauge({
      name: 'caseload_kept_answer_cache_bytes',
      help: 'Bytes held by the kept answers (JSON and its compressed forms)',
      registers,
      collect() {
        this.set(wire().bytes);
      },
    });
    new Gauge({
      name: 'caseload_kept_answer_cache_entries',
      help: 'Kept answers held',
      registers,
      collect() {
        this.set(wire().entries);
      },
    });
    new Gauge({
      name: 'caseload_result_cache_hits',
      help: 'Computed figures found kept (since start)',
      registers,
      collect() {
        this.set(resultCache?.stats().hits ?? 0);
      },
    });
    new Gauge({
      name: 'caseload_result_cache_misses',
      help: 'Computed figures not found kept, so computed (since start)',
      registers,
      collect() {
        this.set(resultCache?.stats().misses ?? 0);
      },
    });
    new Gauge({
      name: 'caseload_result_cache_bytes',
      help: 'Approximate JSON bytes of the computed figures kept',
      registers,
      collect() {
        this.set(resultCache?.stats().bytes ?? 0);
      },
    });
    this.pdfWaiting = new Gauge({
      name: 'caseload_pdf_queue',
      help: 'Board report PDFs being printed or waiting for the printer',
      registers,
    });
    this.imports = new Histogram({
      name: 'caseload_import_duration_seconds',
      help: 'Browser imports by outcome (imported, invalid data, refused upload, …)',
      labelNames: ['outcome'],
      buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600],
      registers,
    });
    this.importRows = new Counter({ name: 'caseload_import_rows_total', help: 'Rows imported from the browser', registers });
  }

  private wireStats: () => { entries: number; bytes: number } = () => ({ entries: 0, bytes: 0 });

  /** Kept bytes' size, when the kept answers are set up after the metrics. */
  setWireStats(stats: () => { entries: number; bytes: number }): void {
    this.wireStats = stats;
  }

  observeRequest(method: string, route: string, status: number, ms: number): void {
    this.requests.observe({ method, route, status: String(status) }, ms / 1000);
  }

  keptAnswer(result: 'hit' | 'miss' | 'not_modified', bytes = 0): void {
    this.keptAnswers.inc({ result });
    if (bytes > 0) this.keptBytes.inc(bytes);
  }

  /** Around one print: counts it in the queue while it waits or prints. */
  async printing<T>(print: () => Promise<T>): Promise<T> {
    this.pdfWaiting.inc();
    try {
      return await print();
    } finally {
      this.pdfWaiting.dec();
    }
  }

  observeImport(outcome: ImportOutcome, seconds: number): void {
    this.imports.observe({ outcome: outcome.status }, seconds);
    if (outcome.status === 'imported') this.importRows.inc(outcome.rows);
  }

  /** The text exposition (GET /metrics). */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** A plain HTTP server answering GET /metrics from `metrics` (main.ts: METRICS_PORT, not the public port). */
export function createMetricsServer(metrics: ServerMetrics): http.Server {
  return http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Only GET /metrics here.\n');
      return;
    }
    metrics.text().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
}
