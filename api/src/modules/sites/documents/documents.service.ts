/**
 * Photos and documents of a site (issue 12). Readers: whoever may read the site (anonymous
 * callers: published sites only; otherwise 404). Writers: whoever may edit the site (admins,
 * editors of its territory). The type is decided by the bytes: a declared type that is not
 * allowed, or bytes that are not what the declared type says, is a 415 and nothing is saved.
 */
import type { Transactor } from '../../../db/transaction.ts';
import { DomainError, InputError, NotFoundError } from '../../../shared/errors.ts';
import { parseInput } from '../../../shared/validation.ts';
import type { Actor } from '../../auth/auth.types.ts';
import { uuidSchema } from '../sites.schemas.ts';
import { assertMayEditSite, visibilityFor } from '../sites.service.ts';
import type { SitesStore } from '../sites.store.ts';
import { MIME_NAMES, sniffMime } from './documents.magic.ts';
import {
  DOCUMENT_MIMES,
  type DocumentMime,
  documentUploadQuerySchema,
  type SiteDocument,
} from './documents.schemas.ts';
import type { PgSiteDocumentsStore } from './documents.store.pg.ts';

const EXTENSION: Record<DocumentMime, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

const unsupported = (message: string) => new DomainError(415, 'unsupported_media_type', message);

export interface DocumentUpload {
  siteId: string;
  query: unknown;
  /** The declared Content-Type (without parameters), or undefined. */
  contentType: string | undefined;
  body: unknown;
}

export class SiteDocumentsService {
  constructor(
    private readonly db: Transactor,
    private readonly sites: SitesStore,
    private readonly store: PgSiteDocumentsStore,
  ) {}

  async list(rawSiteId: string, actor?: Actor): Promise<SiteDocument[]> {
    const siteId = await this.readableSite(rawSiteId, actor);
    return this.store.list(siteId);
  }

  async file(rawSiteId: string, rawDocId: string, actor?: Actor) {
    const siteId = await this.readableSite(rawSiteId, actor);
    const docId = parseInput(uuidSchema, rawDocId, 'document id', 'docId');
    const found = await this.store.content(siteId, docId);
    if (!found) throw new NotFoundError(`Site ${siteId} has no document ${docId}.`);
    return found;
  }

  async upload(u: DocumentUpload, actor: Actor, requestId?: string): Promise<SiteDocument> {
    const siteId = parseInput(uuidSchema, u.siteId, 'site id', 'id');
    const q = parseInput(documentUploadQuerySchema, u.query, 'query');
    const declared = u.contentType?.split(';')[0].trim().toLowerCase();
    if (!DOCUMENT_MIMES.includes(declared as DocumentMime)) {
      throw unsupported(
        `A site document must be sent as ${DOCUMENT_MIMES.join(', ')} (got ${declared || 'no Content-Type'}); nothing was saved.`,
      );
    }
    if (!Buffer.isBuffer(u.body) || u.body.length === 0) {
      throw new InputError(
        'The request body is empty: send the file itself as the body; nothing was saved.',
        [{ field: 'body', code: 'empty', message: 'empty' }],
      );
    }
    const sniffed = sniffMime(u.body);
    if (sniffed !== declared) {
      const what = sniffed ? `a ${MIME_NAMES[sniffed]}` : 'not a JPEG, PNG, WebP image or PDF';
      throw unsupported(`The file was sent as ${declared} but its content is ${what}; nothing was saved.`);
    }
    const mime = sniffed as DocumentMime;
    return this.db.transaction(async (tx) => {
      const site = await this.sites.get(siteId, visibilityFor(actor), tx);
      if (!site) throw new NotFoundError(`No site ${siteId}.`);
      assertMayEditSite(actor, site.properties.territorySiren as string | null);
      const doc = await this.store.insert(tx, {
        siteId,
        name: q.name ?? `document.${EXTENSION[mime]}`,
        title: q.title ?? null,
        mime,
        content: u.body as Buffer,
        createdBy: actor.userId ?? null,
      });
      await this.sites.recordAudit(
        {
          actor,
          action: 'create',
          entity: 'site_document',
          entityId: doc.id,
          after: { siteId, ...doc },
          requestId,
        },
        tx,
      );
      return doc;
    });
  }

  async delete(rawSiteId: string, rawDocId: string, actor: Actor, requestId?: string): Promise<void> {
    const siteId = parseInput(uuidSchema, rawSiteId, 'site id', 'id');
    const docId = parseInput(uuidSchema, rawDocId, 'document id', 'docId');
    await this.db.transaction(async (tx) => {
      const site = await this.sites.get(siteId, visibilityFor(actor), tx);
      if (!site) throw new NotFoundError(`No site ${siteId}.`);
      assertMayEditSite(actor, site.properties.territorySiren as string | null);
      const doc = await this.store.delete(tx, siteId, docId);
      if (!doc) throw new NotFoundError(`Site ${siteId} has no document ${docId}.`);
      await this.sites.recordAudit(
        {
          actor,
          action: 'delete',
          entity: 'site_document',
          entityId: doc.id,
          before: { siteId, ...doc },
          requestId,
        },
        tx,
      );
    });
  }

  private async readableSite(rawSiteId: string, actor?: Actor): Promise<string> {
    const siteId = parseInput(uuidSchema, rawSiteId, 'site id', 'id');
    if (!(await this.sites.get(siteId, visibilityFor(actor)))) throw new NotFoundError(`No site ${siteId}.`);
    return siteId;
  }
}
