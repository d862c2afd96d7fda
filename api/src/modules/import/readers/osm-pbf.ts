/**
 * OpenStreetMap `.osm.pbf` reader. The blob framing (4-byte length, BlobHeader, Blob) is done
 * here rather than by osm-pbf-parser's stream, whose BlobParser has no end-of-stream check and
 * silently drops a truncated last block; the protobuf messages are decoded with the schemas
 * that package ships (protocol-buffers). Spec: https://wiki.openstreetmap.org/wiki/PBF_Format
 */
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ImportFileError } from './source.ts';

export type Tags = Record<string, string>;
export interface OsmNode {
  type: 'node';
  id: number;
  lon: number;
  lat: number;
  tags: Tags;
}
export interface OsmWay {
  type: 'way';
  id: number;
  refs: number[];
  tags: Tags;
}
export interface OsmMember {
  type: 'node' | 'way' | 'relation';
  id: number;
  role: string;
}
export interface OsmRelation {
  type: 'relation';
  id: number;
  members: OsmMember[];
  tags: Tags;
}
export type OsmElement = OsmNode | OsmWay | OsmRelation;

/** Which element types a pass needs; skipping groups saves most of the decoding work. */
export interface OsmPassFilter {
  nodes: boolean;
  ways: boolean;
  relations: boolean;
}

interface Decoder<T> {
  decode(buf: Buffer): T;
}
interface PbfSchemas {
  file: { BlobHeader: Decoder<{ type: string; datasize: number }>; Blob: Decoder<RawBlob> };
  osm: { HeaderBlock: Decoder<{ required_features: string[] }>; PrimitiveBlock: Decoder<PrimitiveBlock> };
}
interface RawBlob {
  raw?: Buffer | null;
  zlib_data?: Buffer | null;
  lzma_data?: Buffer | null;
}
interface PrimitiveBlock {
  stringtable: { s: Buffer[] };
  primitivegroup: Array<{
    nodes: Array<{ id: number; keys: number[]; vals: number[]; lat: number; lon: number }>;
    dense: { id: number[]; lat: number[]; lon: number[]; keys_vals: number[] } | null;
    ways: Array<{ id: number; keys: number[]; vals: number[]; refs: number[] }>;
    relations: Array<{
      id: number;
      keys: number[];
      vals: number[];
      roles_sid: number[];
      memids: number[];
      types: number[];
    }>;
  }>;
  granularity: number;
  lat_offset: number;
  lon_offset: number;
}

const require = createRequire(import.meta.url);
const schemas = require('osm-pbf-parser/lib/parsers.js') as PbfSchemas;
const inflate = promisify(zlib.inflate);

const SUPPORTED_FEATURES = new Set([
  'OsmSchema-V0.6',
  'DenseNodes',
  'HistoricalInformation',
  'Sort.Type_then_ID',
]);
const MAX_HEADER = 64 * 1024;
const MAX_BLOB = 32 * 1024 * 1024;
const MEMBER_TYPES = ['node', 'way', 'relation'] as const;

/** Accumulates chunks and hands out exact byte ranges. */
class ByteQueue {
  private chunks: Buffer[] = [];
  length = 0;
  offset = 0;
  push(b: Buffer) {
    this.chunks.push(b);
    this.length += b.length;
  }
  take(n: number): Buffer {
    let out: Buffer;
    if (this.chunks[0].length >= n) {
      out = this.chunks[0].subarray(0, n);
      this.chunks[0] = this.chunks[0].subarray(n);
      if (this.chunks[0].length === 0) this.chunks.shift();
    } else {
      const all = Buffer.concat(this.chunks);
      out = all.subarray(0, n);
      this.chunks = all.length > n ? [all.subarray(n)] : [];
    }
    this.length -= n;
    this.offset += n;
    return out;
  }
}

/**
 * Yields the elements of each data block (one array per block), in file order.
 * Throws `ImportFileError` for a truncated or corrupt file.
 * @example for await (const block of readOsmPbf(source.open(), { nodes: true, ways: false, relations: false })) …
 */
export async function* readOsmPbf(
  chunks: AsyncIterable<Buffer>,
  filter: OsmPassFilter,
): AsyncIterable<OsmElement[]> {
  const q = new ByteQueue();
  let state: 'size' | 'header' | 'blob' = 'size';
  let need = 4;
  let blockStart = 0;
  let headerType = '';
  let sawHeader = false;
  let sawBytes = false;

  const next = async (): Promise<OsmElement[] | null> => {
    if (state === 'size') {
      blockStart = q.offset;
      need = q.take(4).readUInt32BE(0);
      if (need === 0 || need > MAX_HEADER) {
        throw new ImportFileError(`not an OSM PBF file (bad block header size at byte ${blockStart})`);
      }
      state = 'header';
      return null;
    }
    if (state === 'header') {
      const header = decode(() => schemas.file.BlobHeader.decode(q.take(need)), blockStart);
      headerType = header.type;
      if (!sawHeader && headerType !== 'OSMHeader') {
        throw new ImportFileError('not an OSM PBF file (the first block is not an OSMHeader)');
      }
      if (header.datasize < 0 || header.datasize > MAX_BLOB) {
        throw new ImportFileError(`corrupt .osm.pbf block at byte ${blockStart} (size ${header.datasize})`);
      }
      need = header.datasize;
      state = 'blob';
      return null;
    }
    const blob = decode(() => schemas.file.Blob.decode(q.take(need)), blockStart);
    state = 'size';
    need = 4;
    let data: Buffer;
    if (blob.raw && blob.raw.length > 0) data = blob.raw;
    else if (blob.zlib_data && blob.zlib_data.length > 0) {
      try {
        data = await inflate(blob.zlib_data);
      } catch (err) {
        throw new ImportFileError(`corrupt .osm.pbf block at byte ${blockStart}: ${(err as Error).message}`);
      }
    } else if (blob.lzma_data) {
      throw new ImportFileError(
        'this .osm.pbf uses LZMA compression, which is not supported; re-encode it with osmium',
      );
    } else {
      data = Buffer.alloc(0);
    }
    if (headerType === 'OSMHeader') {
      sawHeader = true;
      const hb = decode(() => schemas.osm.HeaderBlock.decode(data), blockStart);
      const unsupported = hb.required_features.filter((f) => !SUPPORTED_FEATURES.has(f));
      if (unsupported.length > 0) {
        throw new ImportFileError(`this .osm.pbf requires unsupported features: ${unsupported.join(', ')}`);
      }
      return null;
    }
    if (headerType !== 'OSMData') return null; // unknown block types are skippable by spec
    const block = decode(() => schemas.osm.PrimitiveBlock.decode(data), blockStart);
    return elementsOf(block, filter);
  };

  for await (const chunk of chunks) {
    if (chunk.length > 0) sawBytes = true;
    q.push(chunk);
    while (q.length >= need) {
      const els = await next();
      if (els && els.length > 0) yield els;
    }
  }
  if (!sawBytes) throw new ImportFileError('the file is empty');
  if (q.length > 0 || state !== 'size') {
    throw new ImportFileError(
      `the .osm.pbf file is truncated: it ends inside the block starting at byte ${blockStart} ` +
        `(${q.length} of ${need} bytes present)`,
    );
  }
  if (!sawHeader) throw new ImportFileError('not an OSM PBF file (no OSMHeader block)');
}

function decode<T>(fn: () => T, at: number): T {
  try {
    return fn();
  } catch (err) {
    throw new ImportFileError(
      `corrupt .osm.pbf block at byte ${at}: ${(err as Error)?.message ?? String(err)}`,
    );
  }
}

function elementsOf(block: PrimitiveBlock, filter: OsmPassFilter): OsmElement[] {
  const strings = block.stringtable.s.map((b) => b.toString('utf8'));
  // Integer nanodegrees first, one division last: the double is then the one nearest to the
  // decimal value, identical to what the XML encoding of the same node parses to.
  const gran = block.granularity;
  const latOff = block.lat_offset;
  const lonOff = block.lon_offset;
  const deg = (offset: number, units: number) => (offset + gran * units) / 1e9;
  const out: OsmElement[] = [];
  const tagsOf = (keys: number[], vals: number[]): Tags => {
    const t: Tags = {};
    for (let i = 0; i < keys.length && i < vals.length; i++) t[strings[keys[i]]] = strings[vals[i]];
    return t;
  };
  for (const group of block.primitivegroup) {
    if (filter.nodes) {
      for (const n of group.nodes) {
        out.push({
          type: 'node',
          id: n.id,
          lat: deg(latOff, n.lat),
          lon: deg(lonOff, n.lon),
          tags: tagsOf(n.keys, n.vals),
        });
      }
      const d = group.dense;
      if (d && d.id.length > 0) {
        let id = 0;
        let lat = 0;
        let lon = 0;
        let kv = 0;
        const kvs = d.keys_vals;
        for (let i = 0; i < d.id.length; i++) {
          id += d.id[i];
          lat += d.lat[i];
          lon += d.lon[i];
          const tags: Tags = {};
          // keys_vals: k,v,k,v,…,0 per node (empty when no node in the block has tags).
          if (kvs.length > 0) {
            while (kv < kvs.length && kvs[kv] !== 0) {
              tags[strings[kvs[kv]]] = strings[kvs[kv + 1]];
              kv += 2;
            }
            kv++;
          }
          out.push({ type: 'node', id, lat: deg(latOff, lat), lon: deg(lonOff, lon), tags });
        }
      }
    }
    if (filter.ways) {
      for (const w of group.ways) {
        let ref = 0;
        const refs = w.refs.map((r) => (ref += r));
        out.push({ type: 'way', id: w.id, refs, tags: tagsOf(w.keys, w.vals) });
      }
    }
    if (filter.relations) {
      for (const r of group.relations) {
        let mid = 0;
        const members: OsmMember[] = [];
        for (let i = 0; i < r.memids.length; i++) {
          mid += r.memids[i];
          members.push({
            type: MEMBER_TYPES[r.types[i]] ?? 'node',
            id: mid,
            role: strings[r.roles_sid[i]] ?? '',
          });
        }
        out.push({ type: 'relation', id: r.id, members, tags: tagsOf(r.keys, r.vals) });
      }
    }
  }
  return out;
}
