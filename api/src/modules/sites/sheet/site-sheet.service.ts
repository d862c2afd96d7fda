/**
 * The public single-site sheet (GET /api/sites/:id/sheet.pdf): a published site read as an
 * anonymous visitor would read it (public fields only, whoever asks), its outline, published
 * neighbours and nearest infrastructure from the projects store (what the shortlist PDF's
 * mini-maps use), mapped with the shortlist PDF's mapping and drawn by render-site-sheet.ts.
 */
import { z } from 'zod';
import { parseInput } from '../../../shared/validation.ts';
import type { Lang } from '../../projects/pdf/shortlist-document.ts';
import type { ProjectsStore } from '../../projects/projects.store.ts';
import { attachment, type Download, slug } from '../../projects/shortlist.export.ts';
import { pdfInfrastructure, pdfSite, roadEstimateFlag } from '../../projects/shortlist.pdf.ts';
import type { SitesService } from '../sites.service.ts';
import { type LabourPoolRow, renderSiteSheet, type SiteSheetDocument } from './render-site-sheet.ts';

export const sheetQuerySchema = z.strictObject({
  lang: z.enum(['fr', 'en'], { error: 'expected fr or en' }).default('fr'),
});

export interface SiteSheetOptions {
  /** The app's public address (PUBLIC_URL): the sheet then links to the site on the map. */
  publicUrl?: string;
  clock?: () => Date;
}

export class SiteSheetService {
  constructor(
    private readonly sites: SitesService,
    private readonly store: Pick<ProjectsStore, 'liveSites' | 'mapContext'>,
    private readonly opts: SiteSheetOptions = {},
  ) {}

  async sheet(rawId: string, rawQuery: unknown): Promise<Download> {
    const { lang } = parseInput(sheetQuerySchema, rawQuery, 'query');
    const doc = await this.document(rawId);
    const body = await renderSiteSheet(doc, lang);
    const filename = sheetFilename(doc.item.site.name, lang, doc.generatedAt);
    return { body, contentType: 'application/pdf', disposition: attachment(filename), filename };
  }

  /** What the sheet prints; 404 for a site an anonymous visitor cannot see (unpublished, unknown). */
  async document(rawId: string): Promise<SiteSheetDocument> {
    // No actor on purpose: the sheet is public, so it shows what the public map shows.
    const site = await this.sites.get(rawId);
    const id = String(site.id);
    const facts = site.properties as Record<string, unknown>;
    const [live, context] = await Promise.all([
      this.store.liveSites([id], { geometry: true }).then((m) => m.get(id) ?? null),
      this.store.mapContext([id]).then((m) => m.get(id) ?? null),
    ]);
    const pdf = pdfSite(facts, live);
    const now = (this.opts.clock ?? (() => new Date()))();
    const labourPool = (Array.isArray(facts.labourPool) ? facts.labourPool : []) as LabourPoolRow[];
    const base = this.opts.publicUrl?.replace(/\/+$/, '');
    return {
      item: {
        rank: 1,
        site: pdf,
        neighbours: context?.neighbours ?? [],
        infrastructure: pdfInfrastructure(context?.infrastructure ?? []),
        score: 0,
        confidence: 0,
        criteria: [],
        flags: roadEstimateFlag({ live, context }),
      },
      labourPool: [...labourPool].sort((a, b) => a.minutes - b.minutes),
      source: {
        name: str(facts.source),
        url: str(facts.sourceUrl),
        updatedAt: str(facts.sourceUpdatedAt),
      },
      recordUpdatedAt: str(facts.updatedAt),
      illustrativeFields: Array.isArray(facts.illustrativeFields) ? facts.illustrativeFields.length : 0,
      agencyName: str(facts.territoryName) ?? 'landmatch',
      generatedAt: now.toISOString(),
      mapUrl: base ? `${base}/?site=${encodeURIComponent(id)}` : null,
    };
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** `fiche-site-hauts-reposoirs-fr-2026-12-07.pdf`, `site-sheet-hauts-reposoirs-en-2026-12-07.pdf` (name cut at 48 characters). */
export function sheetFilename(name: string, lang: Lang, generatedAt: string): string {
  const stem = lang === 'fr' ? 'fiche-site' : 'site-sheet';
  const short = slug(name).slice(0, 48).replace(/-+$/, '');
  return `${stem}-${short || 'site'}-${lang}-${generatedAt.slice(0, 10)}.pdf`;
}
