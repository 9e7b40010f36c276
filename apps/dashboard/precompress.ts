/**
 * A Vite build plugin: next to every text file of the build larger than 1 kB, a brotli
 * (.br, quality 11) and a gzip (.gz, level 9) copy, made once at build time so the
 * server (apps/server, @fastify/static preCompressed) sends them without compressing
 * per request. A copy that is not smaller than its file is not kept.
 *
 * `pnpm start` builds without the plugin (CASELOAD_PRECOMPRESS=later, vite.config.ts) and
 * runs precompressDirectory once the server is up: brotli at quality 11 is most of the
 * build's work, and would take a core from the first start. Each copy is written whole
 * (a new file renamed into place), as the server may be sending files meanwhile.
 */
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|webmanifest)$/;
const MIN_BYTES = 1024;

async function writeWhole(file: string, data: Buffer): Promise<void> {
  await writeFile(`${file}.tmp`, data);
  await rename(`${file}.tmp`, file);
}

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

export async function precompressDirectory(dir: string): Promise<{ files: number; bytes: number; br: number; gz: number }> {
  const total = { files: 0, bytes: 0, br: 0, gz: 0 };
  for await (const file of files(dir)) {
    if (!COMPRESSIBLE.test(file) || (await stat(file)).size < MIN_BYTES) continue;
    const data = await readFile(file);
    const [br, gz] = await Promise.all([
      brotli(data, {
        params: {
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
      gzip(data, { level: 9 }),
    ]);
    total.files += 1;
    total.bytes += data.length;
    if (br.length < data.length) {
      await writeWhole(`${file}.br`, br);
      total.br += br.length;
    }
    if (gz.length < data.length) {
      await writeWhole(`${file}.gz`, gz);
      total.gz += gz.length;
    }
  }
  return total;
}

export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'caseload-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const t = await precompressDirectory(outDir);
      const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;
      this.info(`precompressed ${t.files} files: ${kB(t.bytes)} → brotli ${kB(t.br)}, gzip ${kB(t.gz)}`);
    },
  };
}
