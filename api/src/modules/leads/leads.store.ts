/**
 * Persistence contract of the leads module; leads.store.pg.ts serves both engines (knex over
 * PostgreSQL or the embedded PGlite). Writes take the service's transaction handle.
 */
import type { Tx } from '../../db/transaction.ts';
import type { Actor } from '../auth/auth.types.ts';
import type { Lead, LeadListQuery } from './leads.schemas.ts';

export interface NewLead {
  projectId: string;
  siteId: string;
  territory: string | null;
}

export interface LeadsStore {
  insert(tx: Tx, lead: NewLead): Promise<string>;
  /** The requests whose project the actor may see (projects.access.ts), newest first, with their read state for them. */
  list(actor: Actor, query: LeadListQuery): Promise<Lead[]>;
  unreadCount(actor: Actor): Promise<number>;
  /** Marks the visible requests among `ids` (all visible ones when null) read by the actor; returns how many were visible. */
  markRead(actor: Actor, ids: string[] | null): Promise<number>;
  /** The value of a named secret, made from `make()` the first time (the same for every instance). */
  secret(name: string, make: () => string): Promise<string>;
}
