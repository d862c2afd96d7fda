/**
 * `GET /api/sites.geojson`, `/api/sites.csv`, `/api/sites.table.csv` (for people, `?lang=`) and
 * `/api/sites.site-eco.csv`: the filtered site
 * list of `GET /api/sites` (same query, same visibility) as a download, streamed page by page.
 * Mounted at `/api` (not `/api/sites`: `.csv` is not a sub-path).
 */
import { once } from 'node:events';
import { type Request, type Response, Router } from 'express';
import type { CsvGuard } from '../../../shared/csv.ts';
import { cellFormat, type TableLang } from '../../../shared/human-table.ts';
import { readerFor } from '../../../shared/read-routing.ts';
import { parseInput } from '../../../shared/validation.ts';
import { type SiteListFeature, tableLangSchema } from '../sites.schemas.ts';
import type { SitesService } from '../sites.service.ts';
import {
  type Cell,
  csvLine,
  PLAIN_CSV_HEADER,
  plainCsvRecord,
  tableCsvHeader,
  tableCsvRecord,
} from './downloads.csv.ts';
import { type SiteDownload, SiteDownloadsService } from './downloads.service.ts';
import { SITE_ECO_HEADER, siteEcoRecord } from './downloads.site-eco.ts';

interface Download {
  contentType: string;
  /** File name after `landmatch-sites-YYYY-MM-DD.` */
  extension: string;
  /** The file, one chunk per page of sites. */
  chunks(exp: SiteDownload): AsyncIterable<string>;
}

/** GeoJSON FeatureCollection with the list's features, and the counts of `GET /api/sites`. */
const geojson: Download = {
  contentType: 'application/geo+json',
  extension: 'geojson',
  async *chunks({ numberMatched, pages }) {
    yield `{"type":"FeatureCollection","numberMatched":${numberMatched},"features":[`;
    let n = 0;
    for await (const page of pages) {
      if (page.length === 0) continue;
      yield (n > 0 ? ',' : '') + page.map((f) => JSON.stringify(f)).join(',');
      n += page.length;
    }
    yield `],"numberReturned":${n}}`;
  },
};

/** A CSV download: header, then one record per site, with or without BOM and formula guard. */
function csv(
  header: readonly string[],
  record: (s: SiteListFeature) => Cell[],
  opts: { bom: boolean; guard: CsvGuard },
) {
  return async function* chunks({ pages }: SiteDownload): AsyncIterable<string> {
    yield (opts.bom ? '\uFEFF' : '') + csvLine(header, false);
    for await (const page of pages) yield page.map((s) => csvLine(record(s), opts.guard)).join('');
  };
}

/**
 * The plain table: BOM so that Excel reads it as UTF-8 (French names), formula guard since
 * names and descriptions are typed by people and the file is meant for spreadsheets.
 */
const plainCsv: Download = {
  contentType: 'text/csv; charset=utf-8',
  extension: 'csv',
  chunks: csv(PLAIN_CSV_HEADER, plainCsvRecord, { bom: true, guard: true }),
};

/**
 * The table for people, in `lang` (downloads.csv.ts `tableCsvRecord`): names and words, BOM,
 * formula guard, `;` between cells in French (shared/human-table.ts).
 */
function table(lang: TableLang): Download {
  const sep = cellFormat(lang).separator;
  return {
    contentType: 'text/csv; charset=utf-8',
    extension: `${lang}.table.csv`,
    async *chunks({ pages }) {
      yield `\uFEFF${csvLine(tableCsvHeader(lang), true, sep)}`;
      for await (const page of pages)
        yield page.map((s) => csvLine(tableCsvRecord(s, lang), true, sep)).join('');
    },
  };
}

/**
 * The national exchange format: plain UTF-8 as the standard's tools read it, values exactly
 * as stored (a guard apostrophe would be imported as data by every SITE-ECO reader). Text that
 * looks like a formula is refused at write (shared/csv.ts `looksLikeFormula`), so the guard
 * only ever marks a value stored before that rule.
 */
const siteEcoCsv: Download = {
  contentType: 'text/csv; charset=utf-8',
  extension: 'site-eco.csv',
  chunks: csv(SITE_ECO_HEADER, siteEcoRecord, { bom: false, guard: 'formulas' }),
};

/** Resolves when the response can take more, or when the client went away. */
async function drained(res: Response): Promise<void> {
  const ac = new AbortController();
  await Promise.race([once(res, 'drain', { signal: ac.signal }), once(res, 'close', { signal: ac.signal })]);
  ac.abort();
}

async function send(req: Request, res: Response, d: Download, exp: SiteDownload): Promise<void> {
  const date = new Date().toISOString().slice(0, 10);
  res.status(200);
  res.setHeader('Content-Type', d.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="landmatch-sites-${date}.${d.extension}"`);
  // Staff downloads carry unpublished sites: never kept by a shared cache.
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Number-Matched', String(exp.numberMatched));
  try {
    for await (const chunk of d.chunks(exp)) {
      if (res.destroyed) return;
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  } catch (err) {
    // Headers are gone: a cut connection is the only honest way to say the file is incomplete.
    req.log.error({ err }, 'site export failed while streaming');
    res.destroy(err as Error);
  }
}

/** `replica`: the sites service over the read pool, for anonymous downloads. */
export function siteDownloadRoutes(sites: SitesService, replica: SitesService = sites): Router {
  const primaryExports = new SiteDownloadsService(sites);
  const replicaExports = replica === sites ? primaryExports : new SiteDownloadsService(replica);
  const r = Router();
  const route = (path: string, d: Download, detail = false) =>
    r.get(path, async (req, res) => {
      const exports = readerFor(req, primaryExports, replicaExports);
      await send(req, res, d, await exports.open(req.query, req.actor, { detail }));
    });
  route('/sites.geojson', geojson);
  route('/sites.csv', plainCsv);
  // The table for people takes `lang` besides the list's filters.
  r.get('/sites.table.csv', async (req, res) => {
    const { lang: rawLang, ...query } = req.query;
    const { lang } = parseInput(tableLangSchema, rawLang === undefined ? {} : { lang: rawLang }, 'query');
    const exports = readerFor(req, primaryExports, replicaExports);
    await send(req, res, table(lang), await exports.open(query, req.actor, {}));
  });
  // SITE-ECO needs fields the list leaves out (type, vocation, networks…): full reads.
  route('/sites.site-eco.csv', siteEcoCsv, true);
  return r;
}
