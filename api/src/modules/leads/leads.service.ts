/**
 * Use cases of the public lead form (issue 13 item 9).
 *
 * A visitor on a published site asks for a form token, fills the form and sends it; the request
 * becomes a project in the staff pipeline (ProjectsService.createFromLead: status `lead`, owned
 * by the site's territory, the site shortlisted), linked to its site in `leads`, in one
 * transaction. Staff of that territory (and admins) see it in "Nouvelles demandes" with their
 * own unread count.
 *
 * Spam guards, cheapest first (the per-IP budget is the route's):
 * - honeypot: the form has a `website` field people never see; a filled one is a robot;
 * - fill time: the form token (HMAC-signed issue time, key in `app_secrets`) must be at least
 *   `minFillSeconds` old: a robot posts within milliseconds of loading the page;
 * Both are answered exactly like a kept request (202 `received`) and nothing is stored, so a
 * robot learns nothing to adapt to. A token that is forged, garbled or older than a day is a
 * 400 `lead_form_expired` (a person with an old tab reloads the form); everything else is
 * validated field by field (400 naming the fields).
 */
import crypto from 'node:crypto';
import type { Transactor } from '../../db/transaction.ts';
import { DomainError, NotAllowedError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import type { Actor } from '../auth/auth.types.ts';
import type { ProjectsService } from '../projects/projects.service.ts';
import type { SitesService } from '../sites/sites.service.ts';
import {
  type LeadCreate,
  type LeadList,
  leadCreateSchema,
  leadListQuerySchema,
  uuidSchema,
} from './leads.schemas.ts';
import type { LeadsStore } from './leads.store.ts';

const TOKEN_MAX_AGE_MS = 24 * 3600_000;
const SECRET_NAME = 'lead_form_token_key';

export interface LeadsOptions {
  /** Seconds between the form token and an accepted request (default 3). */
  minFillSeconds?: number;
  clock?: () => Date;
}

/** Why a request was dropped as spam (never told to the sender). */
export type SpamReason = 'honeypot' | 'too_fast';

export class LeadsService {
  private readonly minFillMs: number;
  private readonly clock: () => Date;
  private key: Promise<Buffer> | null = null;

  constructor(
    private readonly db: Transactor,
    private readonly store: LeadsStore,
    private readonly sites: SitesService,
    private readonly projects: ProjectsService,
    opts: LeadsOptions = {},
  ) {
    this.minFillMs = (opts.minFillSeconds ?? 3) * 1000;
    this.clock = opts.clock ?? (() => new Date());
  }

  /** A token for one form: `<issued ms>.<signature>`. */
  async formToken(): Promise<{ token: string; minSeconds: number }> {
    const issued = String(this.clock().getTime());
    return { token: `${issued}.${await this.sign(issued)}`, minSeconds: this.minFillMs / 1000 };
  }

  /**
   * Takes a visitor's request. Returns the project made (`kept`) or why it was dropped as spam;
   * the route answers the same to both.
   */
  async submit(
    body: unknown,
    requestId?: string,
  ): Promise<{ kept: true; projectId: string } | { kept: false; reason: SpamReason }> {
    const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    if (typeof raw.website === 'string' && raw.website.trim() !== '')
      return { kept: false, reason: 'honeypot' };
    const age = await this.tokenAge(raw.formToken);
    if (age < this.minFillMs) return { kept: false, reason: 'too_fast' };
    const input = parseInput(leadCreateSchema, body, 'request');
    // Published sites only: an unpublished or unknown site is a 404 like on the public map.
    const site = await this.sites.get(input.siteId);
    const territory = (site.properties.territorySiren as string | null | undefined) ?? null;
    return this.db.transaction(async (tx) => {
      const projectId = await this.projects.createFromLead(
        tx,
        projectOf(input),
        territory ? [territory] : [],
        input.siteId,
        requestId,
      );
      await this.store.insert(tx, { projectId, siteId: input.siteId, territory });
      return { kept: true as const, projectId };
    });
  }

  async list(rawQuery: unknown, actor: Actor): Promise<LeadList> {
    assertStaff(actor);
    const query = parseInput(leadListQuerySchema, rawQuery, 'query');
    const [leads, unread] = await Promise.all([this.store.list(actor, query), this.store.unreadCount(actor)]);
    return { unread, leads };
  }

  async unreadCount(actor: Actor): Promise<{ unread: number }> {
    assertStaff(actor);
    return { unread: await this.store.unreadCount(actor) };
  }

  /** Marks one request (`rawId`) or all visible ones (`null`) read for the actor; 404 for one they cannot see. */
  async markRead(rawId: string | null, actor: Actor): Promise<{ unread: number }> {
    assertStaff(actor);
    const ids = rawId === null ? null : [parseInput(uuidSchema, rawId, 'lead id', 'id')];
    const n = await this.store.markRead(actor, ids);
    if (ids && n === 0) throw new DomainError(404, 'not_found', `No request ${ids[0]} among yours.`);
    return { unread: await this.store.unreadCount(actor) };
  }

  /** Milliseconds since the token was issued; 400 when it is not one of ours or too old. */
  private async tokenAge(token: unknown): Promise<number> {
    const expired = () =>
      new DomainError(
        400,
        'lead_form_expired',
        'The form has expired or its token is missing: reload the page, fill the form again and send it.',
        [
          {
            field: 'formToken',
            code: 'invalid_value',
            message: 'expected the token of GET /api/leads/form-token, less than a day old',
          },
        ],
      );
    if (typeof token !== 'string' || token.length > 200) throw expired();
    const [issued, signature] = token.split('.');
    if (!issued || !signature || !/^\d{10,16}$/.test(issued)) throw expired();
    const expected = Buffer.from(await this.sign(issued));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) throw expired();
    const age = this.clock().getTime() - Number(issued);
    if (age > TOKEN_MAX_AGE_MS || age < -60_000) throw expired();
    return age;
  }

  private async sign(issued: string): Promise<string> {
    this.key ??= this.store
      .secret(SECRET_NAME, () => crypto.randomBytes(32).toString('base64url'))
      .then((v) => Buffer.from(v, 'base64url'))
      .catch((e) => {
        this.key = null;
        throw e;
      });
    return crypto
      .createHmac('sha256', await this.key)
      .update(`lead-form:${issued}`)
      .digest('base64url');
  }
}

function assertStaff(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'staff') {
    throw new NotAllowedError('Requests from the public map are for staff and admins only.');
  }
}

/**
 * The project a request becomes: only what the visitor typed (the company names it; the
 * summary is its notes; surface, power and date are its needs).
 */
function projectOf(input: LeadCreate): Record<string, unknown> {
  return {
    name: input.company.slice(0, 120),
    company: input.company,
    sector: input.sector ?? 'other',
    jobs: input.jobs ?? null,
    contact: { name: input.contactName, email: input.email, phone: input.phone || null },
    needs: {
      surfaceHa: { min: input.surfaceHa },
      powerMw: input.powerMw,
      ...(input.availableBy ? { availableBy: input.availableBy } : {}),
    },
    notes: input.summary,
  };
}
