/**
 * Turns the runner's input (a path or a byte stream) into an `ImportSource` that counts bytes
 * for the progress bar. A stream can be read once; adapters that need several passes
 * (`needsFile`) get it spooled to a temporary file first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ImportSource } from '../import.types.ts';

/** Thrown by readers and adapters for a problem with the file as a whole. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

type ByteInput = string | NodeJS.ReadableStream | AsyncIterable<Buffer>;

export interface SourceTracker {
  source: ImportSource;
  /** Removes a spooled temporary file, if any. */
  cleanup(): void;
}

/**
 * Wraps a path or a stream; `onBytes(bytesReadInPass, pass)` is called as chunks arrive.
 * @example const { source } = await createSource('/data/file.csv', false, () => {});
 */
export async function createSource(
  input: ByteInput,
  name: string | undefined,
  needsFile: boolean,
  onBytes: (bytes: number, pass: number) => void,
  size?: number,
  maxBytes?: number,
): Promise<SourceTracker> {
  let filePath: string | null = typeof input === 'string' ? input : null;
  let tmpDir: string | null = null;
  if (filePath === null && needsFile) {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-import-'));
    filePath = path.join(tmpDir, 'upload');
    let spooled = 0;
    const limited = async function* () {
      for await (const chunk of input as AsyncIterable<Buffer>) {
        spooled += chunk.length;
        if (maxBytes !== undefined && spooled > maxBytes) {
          throw new ImportFileError(
            `the file is larger than the ${maxBytes.toLocaleString('en')}-byte limit`,
          );
        }
        yield chunk;
      }
    };
    try {
      await pipeline(limited, fs.createWriteStream(filePath));
    } catch (err) {
      fs.rmSync(tmpDir, { recursive: true, force: true });
      throw err;
    }
  }
  if (filePath !== null) {
    let st: fs.Stats;
    try {
      st = fs.statSync(filePath);
    } catch {
      throw new ImportFileError(`cannot read ${filePath}: no such file`);
    }
    if (st.isDirectory()) throw new ImportFileError(`${filePath} is a directory, expected a file`);
  }
  let pass = 0;
  let streamUsed = false;
  const stream = filePath === null ? (input as AsyncIterable<Buffer>) : null;
  const knownSize = filePath !== null ? fs.statSync(filePath).size : (size ?? null);
  const source: ImportSource = {
    path: filePath,
    size: knownSize,
    name: name ?? (typeof input === 'string' ? path.basename(input) : 'upload'),
    async *open() {
      pass++;
      const thisPass = pass;
      let bytes = 0;
      let chunks: AsyncIterable<Buffer | string>;
      if (filePath !== null) {
        chunks = fs.createReadStream(filePath, { highWaterMark: 1 << 20 });
      } else {
        if (streamUsed) throw new Error('a stream input can only be read once (declare needsFile)');
        streamUsed = true;
        chunks = stream!;
      }
      for await (const chunk of chunks) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        bytes += buf.length;
        if (maxBytes !== undefined && bytes > maxBytes) {
          throw new ImportFileError(
            `the file is larger than the ${maxBytes.toLocaleString('en')}-byte limit`,
          );
        }
        onBytes(bytes, thisPass);
        yield buf;
      }
    },
  };
  return {
    source,
    cleanup() {
      if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}

/**
 * Reads the first bytes of a source (for format sniffing) without consuming a stream source:
 * returns the head and an iterable that replays it followed by the rest.
 * @example const { head, rest } = await peek(source.open(), 64);
 */
export async function peek(
  chunks: AsyncIterable<Buffer>,
  minBytes: number,
): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const it = chunks[Symbol.asyncIterator]();
  const got: Buffer[] = [];
  let n = 0;
  let done = false;
  while (n < minBytes) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    got.push(r.value);
    n += r.value.length;
  }
  const head = Buffer.concat(got);
  async function* rest(): AsyncIterable<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, rest: rest() };
}
