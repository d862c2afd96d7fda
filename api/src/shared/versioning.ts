/**
 * Optimistic concurrency (issue 12): a versioned resource answers `ETag: "<version>"` (strong,
 * the integer in quotes); a write may send `If-Match: "<version>"`. Absent (or `*`): the write
 * proceeds. Malformed: 400 naming the header. Stale: 412 `version_conflict` naming who changed it
 * and when. The comparison happens in the write's transaction after the row is locked
 * (`SELECT … FOR UPDATE`), so of two writers sending the same version exactly one wins.
 */
import type { Request, Response } from 'express';
import { InputError, VersionConflictError } from './errors.ts';

/** Who wrote a row last, as bodies carry it (`updatedBy`). */
export type Editor = {
  id: string;
  name: string | null;
};

/** What a 412 reports of the current row. */
export interface CurrentVersion {
  version: number;
  updatedAt: string | null;
  updatedBy: Editor | null;
}

const IF_MATCH = /^"(\d{1,9})"$/;

/** The version an `If-Match` value asks for; undefined when absent or `*`. */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '*') return undefined;
  const m = IF_MATCH.exec(v);
  if (!m || Number(m[1]) < 1) {
    throw new InputError(
      `Malformed If-Match header ${JSON.stringify(value.slice(0, 40))}: send the ETag of your last read, e.g. If-Match: "3".`,
      [{ field: 'If-Match', code: 'invalid_format', message: 'expected a quoted version number, e.g. "3"' }],
    );
  }
  return Number(m[1]);
}

/** The request's `If-Match` version (see parseIfMatch). */
export const ifMatchOf = (req: Request): number | undefined => parseIfMatch(req.get('if-match'));

export const etagOf = (version: number): string => `"${version}"`;

/**
 * Sets the version ETag. The version tags writes, not whole representations: a body also holds
 * derived data (access distances, a shortlist's live facts) that change without a new version,
 * so the request's If-None-Match is dropped and Express never answers 304 from this tag.
 */
export function setETag(res: Response, version: number): void {
  delete res.req.headers['if-none-match'];
  res.setHeader('ETag', etagOf(version));
}

/** Throws the 412 when `expected` is given and is not the current version. */
export function assertVersion(what: string, expected: number | undefined, current: CurrentVersion): void {
  if (expected === undefined || expected === current.version) return;
  const who = current.updatedBy ? (current.updatedBy.name ?? 'a colleague') : 'someone';
  const when = current.updatedAt ? ` at ${current.updatedAt}` : '';
  throw new VersionConflictError(
    `This ${what} was modified by ${who}${when} (version ${current.version}; you sent ${expected}). Reload it before saving.`,
    { current },
  );
}
