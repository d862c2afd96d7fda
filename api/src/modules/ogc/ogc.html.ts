/**
 * Minimal server-rendered HTML views of the OGC documents (the `html` conformance class).
 * Every value is escaped; no scripts at all, so the app's CSP (`script-src 'self'`) holds.
 */
import type { OgcCollection } from './ogc.collections.ts';
import type { CollectionDoc, ItemDoc, ItemsDoc, LandingPage, Link } from './ogc.schemas.ts';
import { MEDIA } from './ogc.service.ts';

/** Escapes text for HTML element content and quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2733}
header{background:#12355b;color:#fff;padding:.6rem 1.2rem}
header a{color:#fff}
main{padding:1rem 1.2rem;max-width:75rem}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #c9d1da;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f6;white-space:nowrap}
td{overflow-wrap:anywhere}
nav.pages a{margin-right:1rem}
code{font-size:.9em}
`;

const linkOf = (links: Link[], rel: string, type?: string) =>
  links.find((l) => l.rel === rel && (type === undefined || l.type === type));

function anchor(href: string | undefined, text: unknown): string {
  return href ? `<a href="${esc(href)}">${esc(text)}</a>` : esc(text);
}

function page(base: string, title: string, crumbs: Array<[string, string]>, links: Link[], body: string) {
  const json = linkOf(links, 'alternate', MEDIA.json) ?? linkOf(links, 'alternate', MEDIA.geojson);
  const trail = [`<a href="${esc(`${base}?f=html`)}">landmatch OGC API</a>`]
    .concat(crumbs.map(([text, href]) => anchor(href, text)))
    .join(' / ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><header>${trail}${json ? ` · ${anchor(json.href, 'JSON')}` : ''}</header>
<main><h1>${esc(title)}</h1>
${body}
</main></body></html>`;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return `<code>${esc(JSON.stringify(value))}</code>`;
  if (typeof value === 'string' && /^https?:\/\//.test(value)) return anchor(value, value);
  return esc(value);
}

export function landingHtml(base: string, doc: LandingPage): string {
  const items = doc.links
    .filter((l) => l.rel !== 'self' && l.rel !== 'alternate')
    .map((l) => `<li>${anchor(l.href, l.title ?? l.rel)} <small>(${esc(l.rel)})</small></li>`)
    .join('');
  return page(base, doc.title, [], doc.links, `<p>${esc(doc.description)}</p><ul>${items}</ul>`);
}

export function conformanceHtml(base: string, doc: { conformsTo: string[]; links: Link[] }): string {
  const items = doc.conformsTo.map((c) => `<li>${anchor(c, c)}</li>`).join('');
  return page(base, 'Conformance', [['Conformance', '']], doc.links, `<ul>${items}</ul>`);
}

function extentText(c: CollectionDoc): string {
  const b = c.extent.spatial?.bbox[0];
  return b ? `${b.join(', ')} (lon/lat, CRS84)` : 'no features yet';
}

export function collectionsHtml(base: string, doc: { links: Link[]; collections: CollectionDoc[] }): string {
  const rows = doc.collections
    .map((c) => {
      const self = linkOf(c.links, 'self');
      const items = linkOf(c.links, 'items', MEDIA.html);
      return `<tr><td>${anchor(self?.href, c.id)}</td><td>${esc(c.title)}</td><td>${esc(c.description)}</td><td>${esc(extentText(c))}</td><td>${anchor(items?.href, 'items')}</td></tr>`;
    })
    .join('');
  return page(
    base,
    'Collections',
    [['Collections', '']],
    doc.links,
    `<table><thead><tr><th>id</th><th>title</th><th>description</th><th>extent</th><th></th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

export function collectionHtml(base: string, c: CollectionDoc): string {
  const items = linkOf(c.links, 'items', MEDIA.html);
  const body = `<p>${esc(c.description)}</p>
<table><tbody>
<tr><th>id</th><td>${esc(c.id)}</td></tr>
<tr><th>extent</th><td>${esc(extentText(c))}</td></tr>
<tr><th>CRS</th><td>${c.crs.map(esc).join('<br>')}</td></tr>
</tbody></table>
<p>${anchor(items?.href, 'Browse the items')}</p>`;
  return page(base, c.title, [['Collections', `${base}/collections?f=html`]], c.links, body);
}

export function itemsHtml(base: string, c: OgcCollection, doc: ItemsDoc, offset: number): string {
  const head = ['id', ...c.htmlColumns].map((h) => `<th>${esc(h)}</th>`).join('');
  const rows = doc.features
    .map((f) => {
      const href = `${base}/collections/${c.id}/items/${encodeURIComponent(f.id)}?f=html`;
      const cells = c.htmlColumns.map((k) => `<td>${cell(f.properties[k])}</td>`).join('');
      return `<tr><td>${anchor(href, f.id)}</td>${cells}</tr>`;
    })
    .join('');
  const range = doc.numberReturned
    ? `${offset + 1}–${offset + doc.numberReturned} of ${doc.numberMatched}`
    : `none of ${doc.numberMatched} on this page`;
  const prev = linkOf(doc.links, 'prev');
  const next = linkOf(doc.links, 'next');
  const pages = `<nav class="pages">${prev ? anchor(prev.href, '← previous') : ''}${next ? anchor(next.href, 'next →') : ''}</nav>`;
  const body = `<p>Features ${esc(range)}.</p>${pages}
<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>${pages}`;
  return page(
    base,
    `${c.title}: items`,
    [
      ['Collections', `${base}/collections?f=html`],
      [c.title, `${base}/collections/${c.id}?f=html`],
    ],
    doc.links,
    body,
  );
}

export function itemHtml(base: string, c: OgcCollection, doc: ItemDoc): string {
  const rows = Object.entries(doc.properties)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${cell(v)}</td></tr>`)
    .join('');
  const geometry = (doc.geometry as { type?: string } | null)?.type ?? 'none';
  const body = `<table><tbody><tr><th>id</th><td>${esc(doc.id)}</td></tr>
<tr><th>geometry</th><td>${esc(geometry)} (lon/lat, CRS84; see the JSON)</td></tr>${rows}</tbody></table>`;
  const name = typeof doc.properties.name === 'string' ? doc.properties.name : doc.id;
  return page(
    base,
    name,
    [
      ['Collections', `${base}/collections?f=html`],
      [c.title, `${base}/collections/${c.id}?f=html`],
      ['items', `${base}/collections/${c.id}/items?f=html`],
    ],
    doc.links,
    body,
  );
}
