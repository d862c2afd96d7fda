/**
 * The database handle a service passes to its stores, opaque so that a service names no query
 * builder and a store can be swapped for an in-memory fake in tests. Only the pg stores look
 * inside (`knexOf`); a fake store gets the handle its fake `Transactor` made and may ignore it.
 *
 * A module adopts it in three steps: its store interface takes `tx: Tx` (writes) or
 * `tx?: Tx` (reads that may run inside a write) instead of `Knex`; its pg store unwraps with
 * `knexOf(tx, this.knex)`; its service takes a `Transactor` (`knexTransactor(db.knex)` in
 * app.ts) and runs `this.db.transaction(async (tx) => …)`.
 */
import type { Knex } from 'knex';

declare const txBrand: unique symbol;

/** A handle on one transaction. Only the store that made the `Transactor` knows what it is. */
export type Tx = { readonly [txBrand]: 'Tx' };

/** Runs work in one transaction: committed when `work` resolves, rolled back when it throws. */
export interface Transactor {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

/** Transactions of a knex pool (both engines). */
export function knexTransactor(knex: Knex): Transactor {
  return { transaction: (work) => knex.transaction((trx) => work(trx as unknown as Tx)) };
}

/** The knex transaction behind `tx`, or `outside` (the pool) for a read outside any transaction. */
export function knexOf(tx: Tx | undefined, outside: Knex): Knex {
  return tx === undefined ? outside : (tx as unknown as Knex);
}

/** The handle of a knex transaction that code outside any service already holds (the seed). */
export function txOf(trx: Knex.Transaction): Tx {
  return trx as unknown as Tx;
}
