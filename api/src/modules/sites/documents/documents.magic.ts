/**
 * A file's type from its first bytes (magic numbers), never from its name or declared type.
 * @example sniffMime(Buffer.from('%PDF-1.7')) // 'application/pdf'
 */
import type { DocumentMime } from './documents.schemas.ts';

const starts = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

export function sniffMime(b: Uint8Array): DocumentMime | null {
  if (starts(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts(b, ascii('RIFF')) && starts(b, ascii('WEBP'), 8)) return 'image/webp';
  if (starts(b, ascii('%PDF-'))) return 'application/pdf';
  return null;
}

/** What a type is called in messages. */
export const MIME_NAMES: Record<DocumentMime, string> = {
  'image/jpeg': 'JPEG image',
  'image/png': 'PNG image',
  'image/webp': 'WebP image',
  'application/pdf': 'PDF',
};
