/** Photos and documents of sites over PostGIS (both engines): bytes in `site_documents.content`. */
import type { Knex } from 'knex';
import { knexOf, type Tx } from '../../../db/transaction.ts';
import type { DocumentMime, SiteDocument } from './documents.schemas.ts';

const META = ['id', 'name', 'title', 'mime', 'bytes', 'created_at'];

const toDocument = (r: Record<string, unknown>): SiteDocument => ({
  id: String(r.id),
  name: String(r.name),
  title: (r.title as string | null) ?? null,
  mime: r.mime as DocumentMime,
  bytes: Number(r.bytes),
  createdAt: r.created_at instanceof Date ? r.created_at.toISOString() : String(r.created_at),
});

export interface NewDocument {
  siteId: string;
  name: string;
  title: string | null;
  mime: DocumentMime;
  content: Buffer;
  createdBy: string | null;
}

export class PgSiteDocumentsStore {
  constructor(private readonly knex: Knex) {}

  async list(siteId: string, tx?: Tx): Promise<SiteDocument[]> {
    const rows = await knexOf(
      tx,
      this.knex,
    )('site_documents')
      .select(META)
      .where('site_id', siteId)
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    return rows.map(toDocument);
  }

  async content(
    siteId: string,
    docId: string,
  ): Promise<{ document: SiteDocument; content: Buffer } | undefined> {
    const row = await this.knex('site_documents')
      .select([...META, 'content'])
      .where({ site_id: siteId, id: docId })
      .first();
    // pg gives a Buffer, PGlite a Uint8Array.
    return row ? { document: toDocument(row), content: Buffer.from(row.content as Uint8Array) } : undefined;
  }

  async insert(tx: Tx, d: NewDocument): Promise<SiteDocument> {
    const [row] = await knexOf(
      tx,
      this.knex,
    )('site_documents')
      .insert({
        site_id: d.siteId,
        name: d.name,
        title: d.title,
        mime: d.mime,
        bytes: d.content.length,
        content: d.content,
        created_by: d.createdBy,
      })
      .returning(META);
    return toDocument(row);
  }

  async delete(tx: Tx, siteId: string, docId: string): Promise<SiteDocument | undefined> {
    const [row] = await knexOf(
      tx,
      this.knex,
    )('site_documents')
      .where({ site_id: siteId, id: docId })
      .delete()
      .returning(META);
    return row ? toDocument(row) : undefined;
  }
}
