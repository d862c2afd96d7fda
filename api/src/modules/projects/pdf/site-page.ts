/**
 * The sheet of one shortlisted site: title with rank, score, the score's method and the
 * confidence; what a reader must know (flags); mini-map with access legend; key facts and
 * contact; criteria bars, each with its whole reason; then readiness on the left and, on the
 * right, the facts that lower the confidence, the points to confirm and the staff note.
 *
 * Explanations are never cut: every text block is measured at its full height and the sheet
 * flows onto continuation pages ("<name> (continued)") when they do not fit, a block (one
 * criterion, one point to confirm…) never split across pages. Short labels of fixed lists
 * (facts, access legend, readiness items) keep their bounded boxes.
 */

import { drawKindSymbol } from './map-symbols.ts';
import { drawMiniMap } from './mini-map.ts';
import {
  COLOR,
  CONTENT,
  type Ctx,
  drawContactPanel,
  drawPageHeader,
  drawPill,
  drawRankMarker,
  drawScaleBar,
  drawSectionTitle,
  drawText,
  measureText,
  type TextStyle,
  tr,
} from './pdf-draw.ts';
import {
  formatDate,
  formatEurM2,
  formatHa,
  formatKm,
  formatMw,
  formatNumber,
  formatPercent,
  formatScore,
  formatVoltage,
  NBSP,
} from './pdf-format.ts';
import { methodName, valueLabel } from './pdf-labels.ts';
import {
  confidenceBlocks,
  criterionBlocks,
  flagBlocks,
  noteBlocks,
  readinessBlocks,
  warningBlocks,
} from './sheet-blocks.ts';
import { type Block, flowColumns, type NextPage, titleBlock } from './sheet-flow.ts';
import type { InfrastructureKind, ShortlistItem, Site } from './shortlist-document.ts';

const KIND_ORDER: InfrastructureKind[] = [
  'motorway_access',
  'rail_freight',
  'port',
  'airport',
  'substation',
  'substation_63kv',
  'substation_225kv',
  'substation_400kv',
];

/** The key facts of a site as label/value pairs in the document's language. */
function siteFacts(ctx: Ctx, site: Site): Array<[string, string]> {
  const { lang } = ctx;
  const na = tr(ctx, 'notStated');
  const yesNo = (v: boolean | null | undefined) => (v == null ? na : v ? tr(ctx, 'yes') : tr(ctx, 'no'));
  return [
    [tr(ctx, 'availableArea'), site.availableAreaHa != null ? formatHa(lang, site.availableAreaHa) : na],
    [tr(ctx, 'totalArea'), site.areaHa != null ? formatHa(lang, site.areaHa) : na],
    [tr(ctx, 'power'), site.powerAvailableMw != null ? formatMw(lang, site.powerAvailableMw) : na],
    [tr(ctx, 'voltage'), site.powerVoltageKv != null ? formatVoltage(lang, site.powerVoltageKv) : na],
    [tr(ctx, 'railSiding'), yesNo(site.railSiding)],
    [tr(ctx, 'quay'), yesNo(site.quay)],
    [tr(ctx, 'brownfield'), yesNo(site.brownfield)],
    [tr(ctx, 'ppri'), site.ppriZone ? valueLabel(lang, 'ppri', site.ppriZone) : na],
    [tr(ctx, 'natura2000'), site.natura2000 ? valueLabel(lang, 'natura2000', site.natura2000) : na],
    [tr(ctx, 'soilPollution'), site.soilPollution ? valueLabel(lang, 'soil', site.soilPollution) : na],
    [tr(ctx, 'labourPool30'), labourPoolText(ctx, site.labourPool30)],
    [tr(ctx, 'availability'), availabilityText(ctx, site.availableFrom)],
    [tr(ctx, 'price'), site.priceEurM2 != null ? formatEurM2(lang, site.priceEurM2) : na],
    ...(site.parcels?.length
      ? [[tr(ctx, 'parcels'), parcelsText(ctx, site.parcels)] as [string, string]]
      : []),
    ...(site.factAges ?? []).map((a): [string, string] => [
      tr(ctx, 'factsAgeOf', { group: tr(ctx, GROUP_LABEL[a.group]) }),
      ageText(ctx, a.ageMonths),
    ]),
  ];
}

/** The first parcels, then "+ n others": the facts box holds two lines. */
function parcelsText(ctx: Ctx, parcels: string[]): string {
  const shown = parcels.slice(0, 2).join(', ');
  return parcels.length > 2 ? `${shown} ${tr(ctx, 'moreItems', { n: parcels.length - 2 })}` : shown;
}

const GROUP_LABEL = {
  power: 'groupPower',
  availability: 'groupAvailability',
  price: 'groupPrice',
  zoning: 'groupZoning',
  risks: 'groupRisks',
} as const;

/** "il y a 14 mois", "ce mois-ci", "date inconnue". */
function ageText(ctx: Ctx, months: number | null): string {
  if (months === null) return tr(ctx, 'dateUnknown');
  return months === 0 ? tr(ctx, 'thisMonth') : tr(ctx, 'monthsOld', { n: months });
}

/** The site's first photo, fitted in the box; returns the height used (0 without a photo). */
function drawPhoto(ctx: Ctx, site: Site, x: number, y: number, w: number, maxH: number): number {
  if (!site.photo || maxH < 80) return 0;
  const h = Math.min(maxH, 130);
  try {
    ctx.doc.image(Buffer.from(site.photo.data), x, y, { fit: [w, h], align: 'center', valign: 'center' });
  } catch {
    // A photo PDFKit cannot decode (progressive CMYK JPEG…) is left out rather than failing the PDF.
    return 0;
  }
  return h + 6;
}

/** "185 981 actifs, dont 14 200 chômeurs (estimation)". */
function labourPoolText(ctx: Ctx, p: Site['labourPool30']): string {
  if (!p) return tr(ctx, 'notStated');
  const text = tr(ctx, 'labourPoolValue', {
    a: formatNumber(ctx.lang, p.active, 0),
    u: formatNumber(ctx.lang, p.unemployed, 0),
  });
  return p.method === 'estimate' ? `≈${NBSP}${text}` : text;
}

/** "immediately" for a past or current date, else "from <date>". */
function availabilityText(ctx: Ctx, iso: string | null | undefined): string {
  if (!iso) return tr(ctx, 'notStated');
  if (iso.slice(0, 10) <= ctx.data.generatedAt.slice(0, 10)) return tr(ctx, 'immediately');
  return tr(ctx, 'fromDate', { d: formatDate(ctx.lang, iso) });
}

function qualityPill(quality: Site['dataQuality']): { bg: string; fg: string } {
  if (quality === 'sourced') return { bg: COLOR.greenBg, fg: COLOR.green };
  if (quality === 'estimated') return { bg: COLOR.amberBg, fg: COLOR.amber };
  return { bg: '#ECEEF2', fg: COLOR.muted };
}

/** Score box on the right of the title: score, its method, confidence. Returns its height. */
function drawScoreBox(ctx: Ctx, item: ShortlistItem, x: number, y: number, w: number): number {
  const { doc, lang } = ctx;
  const method = methodName(lang, item.scoreKind);
  const methodStyle: TextStyle = { font: 'cond', size: 7, color: COLOR.muted, align: 'center' };
  const methodH = measureText(doc, method, w - 8, methodStyle);
  const h = 56 + methodH + 12;
  doc.save().roundedRect(x, y, w, h, 4).fill(COLOR.panel).restore();
  drawText(doc, tr(ctx, 'matchScore').toUpperCase(), x, y + 6, w, {
    font: 'bold',
    size: 6.5,
    color: COLOR.muted,
    align: 'center',
    characterSpacing: 0.5,
    maxLines: 1,
  });
  drawText(doc, formatScore(lang, item.score, item.scoreKind), x, y + 16, w, {
    font: 'bold',
    size: 20,
    color: COLOR.teal,
    align: 'center',
    maxLines: 1,
  });
  drawText(doc, method, x + 4, y + 41, w - 8, methodStyle);
  drawText(doc, `${tr(ctx, 'confidence')} ${formatPercent(lang, item.confidence)}`, x, y + 45 + methodH, w, {
    font: 'condBold',
    size: 7.5,
    color: COLOR.ink,
    align: 'center',
    maxLines: 1,
  });
  return h;
}

function drawTitle(ctx: Ctx, item: ShortlistItem): number {
  const x = CONTENT.x;
  const scoreW = 112;
  drawRankMarker(ctx.doc, item.rank, x + 14, 58, 14, COLOR.teal);
  const bottom = drawSiteHeading(ctx, item.site, x + 38, 42, CONTENT.w - 38 - scoreW - 10);
  const boxH = drawScoreBox(ctx, item, x + CONTENT.w - scoreW, 40, scoreW);
  return Math.max(bottom, 40 + boxH) + 8;
}

/**
 * The site's name, its place (commune, département, région) and its pills (data quality,
 * labels) from `y` in a `w`-wide column; returns the y below them. Shared by the shortlist's
 * site pages and the public single-site sheet (modules/sites/sheet).
 */
export function drawSiteHeading(ctx: Ctx, site: Site, nameX: number, y: number, nameW: number): number {
  const { doc, lang } = ctx;
  const nameH = drawText(doc, site.name, nameX, y, nameW, { font: 'bold', size: 15, color: COLOR.navy });
  const place = `${site.communeName} (${site.communeInsee}) · ${site.department} · ${site.region}`;
  const placeH = drawText(doc, place, nameX, y + 2 + nameH, nameW, { size: 8.5, color: COLOR.muted });
  let px = nameX;
  const py = y + 8 + nameH + placeH;
  const pills: Array<{ text: string; bg: string; fg: string }> = [];
  if (site.dataQuality)
    pills.push({ text: valueLabel(lang, 'quality', site.dataQuality), ...qualityPill(site.dataQuality) });
  for (const l of site.labels ?? [])
    pills.push({ text: valueLabel(lang, 'label', l), bg: COLOR.tealLight, fg: COLOR.teal });
  for (const p of pills) {
    if (px > nameX + nameW - 60) break;
    px += drawPill(doc, p.text, px, py, { bg: p.bg, fg: p.fg, size: 7 }) + 5;
  }
  return py + (pills.length ? 16 : 0);
}

/** Legend under the mini-map: plot swatches, then one row per nearest feature with its distance. */
export function drawAccessLegend(
  ctx: Ctx,
  item: ShortlistItem,
  metresPerPoint: number | null,
  x: number,
  y: number,
  w: number,
  maxH: number,
): number {
  const { doc } = ctx;
  let cy = y;
  doc
    .save()
    .rect(x, cy + 1, 12, 8)
    .fillOpacity(0.35)
    .fill(COLOR.plot)
    .restore();
  doc
    .save()
    .rect(x, cy + 1, 12, 8)
    .lineWidth(1.2)
    .strokeColor(COLOR.plot)
    .stroke()
    .restore();
  drawText(doc, tr(ctx, 'plot'), x + 16, cy, 70, { font: 'cond', size: 7.5, color: COLOR.ink, maxLines: 1 });
  doc
    .save()
    .rect(x + 82, cy + 1, 12, 8)
    .lineWidth(0.6)
    .fillAndStroke('#E6E9EE', COLOR.neighbour)
    .restore();
  drawText(doc, tr(ctx, 'neighbours'), x + 98, cy, 90, {
    font: 'cond',
    size: 7.5,
    color: COLOR.ink,
    maxLines: 1,
  });
  if (metresPerPoint) {
    // At most 80 pt long, ending at most 30 pt (label room) before the column's right edge.
    const barMax = 80;
    drawScaleBar(ctx, x + w - barMax - 30, cy + 3, metresPerPoint, barMax);
  }
  cy += 15;
  const features = [...(item.infrastructure ?? [])].sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.distanceM - b.distanceM,
  );
  const rowH = 12.5;
  for (let i = 0; i < features.length; i++) {
    if (cy + rowH > y + maxH) {
      drawText(doc, tr(ctx, 'moreItems', { n: features.length - i }), x + 16, cy, w - 16, {
        font: 'cond',
        size: 7,
        color: COLOR.muted,
        maxLines: 1,
      });
      cy += rowH;
      break;
    }
    const f = features[i];
    drawKindSymbol(doc, f.kind, x + 6, cy + 4.5, 4.5);
    const kindW = 86;
    drawText(doc, valueLabel(ctx.lang, 'kind', f.kind), x + 16, cy, kindW, {
      font: 'condBold',
      size: 7.5,
      color: COLOR.ink,
      maxLines: 1,
    });
    // Distance, and the drive time by car ("≈" when estimated from the straight line).
    const minutes =
      f.driveMinutes != null
        ? ` · ${f.driveMethod === 'estimate' ? '≈' : ''}${formatNumber(ctx.lang, f.driveMinutes, f.driveMinutes < 10 ? 1 : 0)}${NBSP}min`
        : '';
    const distW = minutes ? 74 : 42;
    drawText(doc, f.name, x + 16 + kindW, cy, w - 16 - kindW - distW - 2, {
      font: 'cond',
      size: 7.5,
      color: COLOR.muted,
      maxLines: 1,
    });
    drawText(doc, `${formatKm(ctx.lang, f.distanceM)}${minutes}`, x + w - distW, cy, distW, {
      font: 'condBold',
      size: 7.5,
      color: COLOR.ink,
      align: 'right',
      maxLines: 1,
    });
    cy += rowH;
  }
  return cy - y;
}

/** The key facts table (section title, then label/value rows); returns its height. */
export function drawFacts(ctx: Ctx, site: Site, x: number, y: number, w: number): number {
  const { doc } = ctx;
  let cy = y + drawSectionTitle(doc, tr(ctx, 'keyFacts'), x, y, w);
  const labelW = w * 0.5;
  siteFacts(ctx, site).forEach(([k, v], i) => {
    const vh = measureText(doc, v, w - labelW - 4, { font: 'condBold', size: 8, maxLines: 2 });
    const kh = measureText(doc, k, labelW - 4, { font: 'cond', size: 7.5, maxLines: 2 });
    const h = Math.max(vh, kh) + 4.5;
    if (i % 2 === 0)
      doc
        .save()
        .rect(x, cy - 1.5, w, h)
        .fill(COLOR.panel)
        .restore();
    drawText(doc, k, x + 4, cy, labelW - 4, { font: 'cond', size: 7.5, color: COLOR.muted, maxLines: 2 });
    drawText(doc, v, x + labelW, cy - 0.5, w - labelW - 4, {
      font: 'condBold',
      size: 8,
      color: COLOR.ink,
      maxLines: 2,
    });
    cy += h;
  });
  return cy - y;
}

/** The heading of a continuation page: rank, the site's name and "(continued)". Returns where content starts. */
function drawContinuationHead(ctx: Ctx, item: ShortlistItem): number {
  const { doc } = ctx;
  drawPageHeader(ctx, '');
  drawRankMarker(doc, item.rank, CONTENT.x + 10, 54, 10, COLOR.teal);
  const h = drawText(doc, `${item.site.name} (${tr(ctx, 'continued')})`, CONTENT.x + 28, 46, CONTENT.w - 28, {
    font: 'bold',
    size: 11,
    color: COLOR.navy,
  });
  return Math.max(46 + h, 66) + 10;
}

/**
 * Draws the sheet of one shortlist item on the current page (added by the caller) and on as many
 * continuation pages as its texts need, added with `addPage`. Returns the number of pages used.
 */
export function drawSitePage(ctx: Ctx, item: ShortlistItem, addPage: () => void): number {
  let pages = 1;
  const nextPage: NextPage = () => {
    addPage();
    pages++;
    return drawContinuationHead(ctx, item);
  };
  drawPageHeader(ctx, '');
  let y = drawTitle(ctx, item);
  y = flowColumns(ctx, [flagBlocks(ctx, item)], y, nextPage);

  // Map with its access legend on the left, key facts and contact on the right.
  const mapW = 300;
  const mapH = 206;
  const map = drawMiniMap(ctx, item, { x: CONTENT.x, y, w: mapW, h: mapH });
  const legendH = drawAccessLegend(
    ctx,
    item,
    map.metresPerPoint,
    CONTENT.x,
    y + mapH + 6,
    mapW,
    15 + 12.5 * 6,
  );
  const rx = CONTENT.x + mapW + 16;
  const rw = CONTENT.w - mapW - 16;
  let ry = y + drawFacts(ctx, item.site, rx, y, rw) + 8;
  const leftBottom = y + mapH + 6 + legendH;
  if (item.site.contact) {
    ry += drawContactPanel(
      ctx,
      tr(ctx, 'contact'),
      item.site.contact,
      rx,
      ry,
      rw,
      Math.max(40, leftBottom - ry),
    );
  }
  // The first photo beside the facts when there is room, else under the map.
  const besideFacts = drawPhoto(ctx, item.site, rx, ry, rw, leftBottom - ry);
  ry += besideFacts;
  y = Math.max(leftBottom, ry) + 10;
  if (!besideFacts) y += drawPhoto(ctx, item.site, CONTENT.x, y, mapW, 130);

  const criteria = criterionBlocks(ctx, item);
  if (criteria.length > 0)
    y =
      flowColumns(
        ctx,
        [[titleBlock(ctx, tr(ctx, 'criteria'), CONTENT.x, CONTENT.w), ...criteria]],
        y,
        nextPage,
      ) + 6;

  const colGap = 18;
  const colW = (CONTENT.w - colGap) / 2;
  const wx = CONTENT.x + colW + colGap;
  // Readiness on the left, confidence and points to confirm on the right; the staff note goes
  // under the shorter of the two.
  const left = readinessBlocks(ctx, item.site.readiness ?? [], CONTENT.x, colW);
  const right = [
    ...confidenceBlocks(ctx, item, wx, colW),
    ...warningBlocks(ctx, item.warnings ?? [], wx, colW),
  ];
  const height = (blocks: Block[]) => blocks.reduce((s, b) => s + b.h, 0);
  if (height(left) < height(right)) left.push(...noteBlocks(ctx, item, CONTENT.x, colW));
  else right.push(...noteBlocks(ctx, item, wx, colW));
  flowColumns(ctx, [left, right], y, nextPage);
  return pages;
}
