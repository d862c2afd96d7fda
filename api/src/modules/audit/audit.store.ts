/** Append-only record of who changed what, with before/after snapshots. */
import type { Knex } from 'knex';
import type { Actor } from '../auth/auth.types.ts';

export interface AuditEntry {
  actor?: Actor;
  action: 'create' | 'update' | 'delete' | 'import' | string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string;
}

export async function recordAudit(db: Knex, e: AuditEntry): Promise<void> {
  await recordAuditMany(db, [e]);
}

/** Several entries in one statement (an import's per-site rows), in the caller's transaction. */
export async function recordAuditMany(db: Knex, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db('audit_log').insert(
    entries.map((e) => ({
      user_id: e.actor?.userId ?? null,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      request_id: e.requestId ?? null,
    })),
  );
}
