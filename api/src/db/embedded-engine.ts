/**
 * What the embedded engine (PGlite + PostGIS) is started with, chosen for memory. Measured on
 * the demo (issue 15, docs/scaling.md "Memory of the embedded engine"): most of the process's
 * resident memory was the engine's, not the API's:
 * - PGlite's stock `postgresql.conf` asks for `shared_buffers = 128MB` inside the WASM heap,
 *   whose pages stay resident once touched (a WASM memory never shrinks), for a demo database
 *   of 21 MB;
 * - the pglite-postgis bundle unpacks 90 MB into the in-memory file system at every start and
 *   compiles three WASM libraries (postgis, postgis_raster, postgis_topology: 48 MB of code)
 *   of which the product loads one; the unpacked bundle also stays referenced as a Blob.
 * So the engine starts with smaller buffers (command-line settings: the data directory's
 * configuration file is left as PGlite wrote it) and a lean PostGIS bundle: the same files
 * minus raster, topology, the TIGER geocoder and the pre-extension ("unpackaged") scripts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { postgis } from '@electric-sql/pglite-postgis';

/**
 * PostgreSQL settings of the embedded engine, on top of PGlite's own start parameters.
 * - `shared_buffers` 32 MB (PGlite: 128 MB): holds the demo database whole and the hot part of
 *   a 5,000-site import; a miss is a read from the OS page cache through the WASM file layer.
 * - `maintenance_work_mem` 16 MB (64 MB): index builds and VACUUM of the product's tables at
 *   embedded scale; what a peak allocates in the WASM heap stays resident afterwards.
 * - `wal_buffers` follows `shared_buffers` (1/32, i.e. 1 MB).
 */
export const EMBEDDED_SETTINGS: Record<string, string> = {
  shared_buffers: '32MB',
  maintenance_work_mem: '16MB',
};

export function embeddedStartParams(): string[] {
  return [
    ...PGlite.defaultStartParams,
    ...Object.entries(EMBEDDED_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
}

/** Files of the pglite-postgis bundle the product does not load. */
const UNUSED = /raster|topology|tiger|address_standardizer|--unpackaged|^share\/postgresql\/contrib\//;

type Extension = NonNullable<PGliteOptions['extensions']>[string];

/**
 * The extensions of the embedded engine: PostGIS from the lean bundle (made once per machine
 * and PostGIS version, in the OS temporary directory), pg_trgm. If the lean bundle cannot be
 * made (no writable temporary directory), the stock bundle is used: more memory, same product.
 */
export function embeddedExtensions(): Record<string, Extension> {
  return { postgis: leanPostgis(), pg_trgm };
}

let lean: Extension | undefined;

function leanPostgis(): Extension {
  if (lean) return lean;
  lean = {
    name: 'postgis',
    async setup(pg, emscriptenOpts) {
      const stock = await postgis.setup(pg, emscriptenOpts);
      if (!stock.bundlePath) return stock;
      try {
        return { ...stock, bundlePath: leanBundle(stock.bundlePath) };
      } catch {
        return stock;
      }
    },
  };
  return lean;
}

/** Path (file URL) of the lean copy of `stockUrl`, made if missing. */
export function leanBundle(stockUrl: URL): URL {
  const stock = fileURLToPath(stockUrl);
  const { size, mtimeMs } = fs.statSync(stock);
  const dir = path.join(os.tmpdir(), 'landmatch-pglite');
  // Named after the stock archive and the filter, so a new version of either makes a new one.
  const filter = crypto.createHash('sha256').update(UNUSED.source).digest('hex').slice(0, 8);
  const file = path.join(dir, `postgis-lean-${size}-${Math.round(mtimeMs)}-${filter}.tar.gz`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const tar = filterTar(zlib.gunzipSync(fs.readFileSync(stock)), (name) => !UNUSED.test(name));
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, zlib.gzipSync(tar, { level: 1 }));
    fs.renameSync(tmp, file);
  }
  return new URL(`file://${file}`);
}

/**
 * The entries of a tar archive whose name passes `keep` (ustar headers copied as they are; a
 * GNU long-name or pax header goes with the entry it precedes).
 */
export function filterTar(tar: Buffer, keep: (name: string) => boolean): Buffer {
  const out: Buffer[] = [];
  let pending: Buffer[] = [];
  let pendingName: string | undefined;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = Number.parseInt(text(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const end = at + 512 + Math.ceil(size / 512) * 512;
    const block = tar.subarray(at, end);
    at = end;
    if (type === 'L') pendingName = text(block, 512, size);
    if (type === 'L' || type === 'x' || type === 'K') {
      pending.push(block);
      continue;
    }
    if (type === 'g') {
      out.push(block);
      continue;
    }
    const prefix = text(header, 257, 6) === 'ustar' ? text(header, 345, 155) : '';
    const name = pendingName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    if (keep(name)) out.push(...pending, block);
    pending = [];
    pendingName = undefined;
  }
  out.push(Buffer.alloc(1024));
  return Buffer.concat(out);
}

function text(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? field.length : nul).toString('utf8');
}

/**
 * After start-up: PGlite keeps the unpacked extension bundles (a Blob per extension) on its
 * module for the whole life of the process, though it reads them only while starting.
 */
export function releaseStartupBuffers(pglite: PGlite): void {
  const mod = pglite.Module as { pg_extensions?: Record<string, unknown> } | undefined;
  if (mod?.pg_extensions) mod.pg_extensions = {};
}
