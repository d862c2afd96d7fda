/**
 * Cadastral parcel references of a site, validated like the DGFiP identifiers (14 characters:
 * commune INSEE 5 + prefixe 3 + section 2 + numéro 4, e.g. `78335000AB0123`). Plain zod, no
 * `node:`: the map UI bundles it.
 *
 * - commune: 5 characters, digits or Corsica's `2A`/`2B` + 3 digits;
 * - prefixe: 3 digits (`000` unless the commune was merged; default `000`);
 * - section: 1–2 characters; one character is padded with `0` as the cadastre writes it
 *   (`A` → `0A`); the last is a letter, the first a letter or digit (CNIG TERRAIN-ECO pattern);
 * - numero: 1–4 digits, padded to 4 (`123` → `0123`), not `0000`.
 * A parcel may also be sent as its 14-character identifier (what imports read).
 */
import { z } from 'zod';

export const PARCEL_ID_PATTERN = /^(\d{5}|2[AB]\d{3})(\d{3})([0-9A-Z][A-Z])(\d{4})$/;

const upper = (s: unknown) => (typeof s === 'string' ? s.trim().toUpperCase() : s);

export const parcelObjectSchema = z.strictObject(
  {
    commune: z.preprocess(
      upper,
      z
        .string({ error: 'expected the commune INSEE code' })
        .regex(/^(\d{5}|2[AB]\d{3})$/, 'expected a 5-character INSEE code (digits, or 2A/2B + 3 digits)'),
    ),
    prefixe: z
      .string({ error: 'expected 3 digits' })
      .trim()
      .regex(/^\d{3}$/, 'expected 3 digits (000 unless the commune was merged)')
      .default('000'),
    section: z.preprocess(
      upper,
      z
        .string({ error: 'expected the cadastral section' })
        .regex(/^[0-9A-Z]?[A-Z]$/, 'expected 1–2 characters ending with a letter (A, 0A, AB)')
        .transform((s) => s.padStart(2, '0')),
    ),
    numero: z
      .string({ error: 'expected the parcel number' })
      .trim()
      .regex(/^\d{1,4}$/, 'expected 1–4 digits')
      .transform((s) => s.padStart(4, '0'))
      .refine((s) => s !== '0000', 'parcel number 0000 does not exist'),
  },
  {
    error: 'expected { commune, prefixe, section, numero } or a 14-character identifier like 78335000AB0123',
  },
);
export type Parcel = z.output<typeof parcelObjectSchema>;

/**
 * `78335000AB0123` → `{ commune, prefixe, section, numero }`; anything else is left as it is
 * (the object schema then names what is wrong).
 */
export function parseParcelId(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = PARCEL_ID_PATTERN.exec(value.trim().toUpperCase());
  if (!m) return value;
  return { commune: m[1], prefixe: m[2], section: m[3], numero: m[4] };
}

/** A string that is not an identifier reaches the object schema, which says what it expects. */
export const parcelSchema = z.preprocess(parseParcelId, parcelObjectSchema);

export const parcelsSchema = z.array(parcelSchema).max(500, 'at most 500 parcels per site');

/**
 * The parcel's 14-character identifier.
 * @example parcelId({ commune: '78335', prefixe: '000', section: 'AB', numero: '0123' }) // '78335000AB0123'
 */
export const parcelId = (p: Parcel): string => `${p.commune}${p.prefixe}${p.section}${p.numero}`;

/**
 * A short label for screens and the PDF: `Limay 78335 · AB 0123` without the commune name.
 * @example parcelLabel({ commune: '78335', prefixe: '000', section: 'AB', numero: '0123' }) // '78335 AB 0123'
 */
export const parcelLabel = (p: Parcel): string =>
  `${p.commune}${p.prefixe === '000' ? '' : ` ${p.prefixe}`} ${p.section.replace(/^0/, '')} ${p.numero}`;
