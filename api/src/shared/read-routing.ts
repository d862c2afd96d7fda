/**
 * Which database a read runs on when READ_DATABASE_URL names a streaming replica
 * (docs/scaling.md). The rule: **signed-in callers read from the primary, anonymous callers
 * from the replica.** Only signed-in callers write (editors, admins, importers), so whoever
 * just saved something reads it back from the server that committed it, whatever the
 * replica's lag; the public, who never write, read the replica and may see a change a moment
 * (the replay lag, milliseconds when healthy) after it is committed. Writes, logins, sessions
 * and rate-limit counters always use the primary. Without a replica both sides are the same.
 */
import type { Request } from 'express';

/** `primary` for a signed-in caller (`req.actor`, set by `authenticate`), else `replica`. */
export function readerFor<T>(req: Request, primary: T, replica: T): T {
  return req.actor ? primary : replica;
}

/**
 * For paths that do not authenticate (`/tiles`): a request carrying credentials (a session
 * cookie or an Authorization header) is treated as signed in and reads from the primary, so an
 * editor's map shows the site they just saved. Not verified: a forged cookie only buys a read
 * of public tiles from the primary.
 */
export function carriesCredentials(req: Request, sessionCookie: string): boolean {
  if (req.headers.authorization) return true;
  const cookie = req.headers.cookie;
  return cookie?.split(';').some((c) => c.trim().startsWith(`${sessionCookie}=`)) ?? false;
}
