/**
 * One page per shortlisted site: title with rank and score; mini-map with access legend; key
 * facts and contact; criteria bars with reasons; readiness checklist; points to confirm; staff
 * note. Every block has a height budget so a site always fits on exactly one page: long texts
 * wrap to a few lines and end with "…", long lists end with "+ n more".
 */
import { drawMiniMap } from './mini-map.ts';
import {
  COLOR,
  CONTENT,
  type Ctx,
  drawContactPanel,
  drawKindSymbol,
  drawPageHeader,
  drawPill,
  drawRankMarker,
  drawScaleBar,
  drawSectionTitle,
  drawText,
  loc,
  measureText,
  type TextStyle,
  tr,
} from './pdf-draw.ts';
import {
  formatDate,
  formatEurM2,
  formatGap,
  formatHa,
  formatKm,
  formatMw,
  formatPercent,
  formatQuantity,
  formatVoltage,
} from './pdf-format.ts';
import { valueLabel } from './pdf-labels.ts';
import type {
  ConfirmWarning,
  InfrastructureKind,
  ReadinessEntry,
  ShortlistItem,
  Site,
} from './shortlist-document.ts';

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
    [tr(ctx, 'availability'), availabilityText(ctx, site.availableFrom)],
    [tr(ctx, 'price'), site.priceEurM2 != null ? formatEurM2(lang, site.priceEurM2) : na],
  ];
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

function drawTitle(ctx: Ctx, item: ShortlistItem): number {
  const { doc, lang } = ctx;
  const site = item.site;
  const x = CONTENT.x;
  const scoreW = 104;
  drawRankMarker(doc, item.rank, x + 14, 58, 14, COLOR.teal);
  const nameX = x + 38;
  const nameW = CONTENT.w - 38 - scoreW - 10;
  const nameH = drawText(doc, site.name, nameX, 42, nameW, {
    font: 'bold',
    size: 15,
    color: COLOR.navy,
    maxLines: 2,
  });
  const place = `${site.communeName} (${site.communeInsee}) · ${site.department} · ${site.region}`;
  const placeH = drawText(doc, place, nameX, 44 + nameH, nameW, {
    size: 8.5,
    color: COLOR.muted,
    maxLines: 1,
  });
  let px = nameX;
  const py = 50 + nameH + placeH;
  const pills: Array<{ text: string; bg: string; fg: string }> = [];
  if (site.dataQuality)
    pills.push({ text: valueLabel(lang, 'quality', site.dataQuality), ...qualityPill(site.dataQuality) });
  for (const l of site.labels ?? [])
    pills.push({ text: valueLabel(lang, 'label', l), bg: COLOR.tealLight, fg: COLOR.teal });
  for (const p of pills) {
    if (px > nameX + nameW - 60) break;
    px += drawPill(doc, p.text, px, py, { bg: p.bg, fg: p.fg, size: 7 }) + 5;
  }

  // Score block on the right.
  const sx = x + CONTENT.w - scoreW;
  doc.save().roundedRect(sx, 40, scoreW, 58, 4).fill(COLOR.panel).restore();
  drawText(doc, tr(ctx, 'matchScore').toUpperCase(), sx, 46, scoreW, {
    font: 'bold',
    size: 6.5,
    color: COLOR.muted,
    align: 'center',
    characterSpacing: 0.5,
    maxLines: 1,
  });
  drawText(doc, formatPercent(lang, item.score), sx, 56, scoreW, {
    font: 'bold',
    size: 20,
    color: COLOR.teal,
    align: 'center',
    maxLines: 1,
  });
  drawText(doc, `${tr(ctx, 'confidence')} ${formatPercent(lang, item.confidence)}`, sx, 83, scoreW, {
    font: 'cond',
    size: 7.5,
    color: COLOR.muted,
    align: 'center',
    maxLines: 1,
  });
  return Math.max(py + (pills.length ? 16 : 0), 100) + 8;
}

/** Legend under the mini-map: plot swatches, then one row per nearest feature with its distance. */
function drawAccessLegend(
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
    drawText(doc, f.name, x + 16 + kindW, cy, w - 16 - kindW - 44, {
      font: 'cond',
      size: 7.5,
      color: COLOR.muted,
      maxLines: 1,
    });
    drawText(doc, formatKm(ctx.lang, f.distanceM), x + w - 42, cy, 42, {
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

function drawFacts(ctx: Ctx, site: Site, x: number, y: number, w: number): number {
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

interface CriteriaLayout {
  labelW: number;
  barW: number;
  valueW: number;
  weightW: number;
  reasonW: number;
}

const CRIT: CriteriaLayout = { labelW: 124, barW: 96, valueW: 34, weightW: 46, reasonW: 0 };
CRIT.reasonW = CONTENT.w - CRIT.labelW - CRIT.barW - CRIT.valueW - CRIT.weightW - 16;

function scoreColor(score: number): string {
  if (score >= 0.75) return COLOR.teal;
  if (score >= 0.5) return '#4E9BA6';
  if (score >= 0.25) return '#D08A3A';
  return COLOR.red;
}

/** Criteria bars; returns the height used, never more than `maxH`. */
function drawCriteria(ctx: Ctx, item: ShortlistItem, y: number, maxH: number): number {
  const { doc, lang } = ctx;
  const x = CONTENT.x;
  let cy = y + drawSectionTitle(doc, tr(ctx, 'criteria'), x, y, CONTENT.w);
  const totalWeight = item.criteria.reduce((s, c) => s + Math.max(0, c.weight), 0) || 1;
  const labelStyle: TextStyle = { font: 'condBold', size: 8, color: COLOR.ink, maxLines: 2 };
  // Reasons get two lines when everything fits that way, else one.
  const rows = item.criteria.map((c) => ({ c, label: loc(ctx, c.label), reason: loc(ctx, c.reason) }));
  const heightWith = (reasonLines: number) =>
    rows.reduce((s, r) => {
      const lh = measureText(doc, r.label, CRIT.labelW, labelStyle);
      const rh = measureText(doc, r.reason, CRIT.reasonW, { font: 'cond', size: 7.5, maxLines: reasonLines });
      return s + Math.max(lh, rh, 10) + 6;
    }, 0);
  const budget = maxH - (cy - y);
  const reasonLines = heightWith(2) <= budget ? 2 : 1;
  const reasonStyle: TextStyle = { font: 'cond', size: 7.5, color: COLOR.muted, maxLines: reasonLines };
  for (let i = 0; i < rows.length; i++) {
    const { c, label: text, reason } = rows[i];
    const h =
      Math.max(
        measureText(doc, text, CRIT.labelW, labelStyle),
        measureText(doc, reason, CRIT.reasonW, reasonStyle),
        10,
      ) + 6;
    if (cy + h > y + maxH - (i < rows.length - 1 ? 11 : 0)) {
      drawText(doc, tr(ctx, 'moreItems', { n: rows.length - i }), x, cy, CONTENT.w, {
        font: 'cond',
        size: 7.5,
        color: COLOR.muted,
        maxLines: 1,
      });
      cy += 11;
      break;
    }
    let cx = x;
    drawText(doc, text, cx, cy, CRIT.labelW - 6, labelStyle);
    cx += CRIT.labelW;
    const score = Math.max(0, Math.min(1, c.score));
    doc
      .save()
      .roundedRect(cx, cy + 1.5, CRIT.barW, 7, 3.5)
      .fill('#E4E8EE')
      .restore();
    if (score > 0)
      doc
        .save()
        .roundedRect(cx, cy + 1.5, Math.max(7, CRIT.barW * score), 7, 3.5)
        .fill(scoreColor(score))
        .restore();
    cx += CRIT.barW + 4;
    drawText(doc, formatPercent(lang, score), cx, cy, CRIT.valueW, {
      font: 'condBold',
      size: 8,
      color: COLOR.ink,
      maxLines: 1,
    });
    cx += CRIT.valueW;
    drawText(
      doc,
      `${tr(ctx, 'weight')} ${formatPercent(lang, Math.max(0, c.weight) / totalWeight)}`,
      cx,
      cy + 0.5,
      CRIT.weightW,
      {
        font: 'cond',
        size: 7,
        color: COLOR.faint,
        maxLines: 1,
      },
    );
    cx += CRIT.weightW + 8;
    drawText(doc, reason, cx, cy, CRIT.reasonW, reasonStyle);
    cy += h;
    if (i < rows.length - 1)
      doc
        .save()
        .moveTo(x, cy - 3)
        .lineTo(x + CONTENT.w, cy - 3)
        .lineWidth(0.3)
        .strokeColor('#E4E7EC')
        .stroke()
        .restore();
  }
  return cy - y;
}

function statusDot(ctx: Ctx, status: ReadinessEntry['status'], x: number, y: number): void {
  const { doc } = ctx;
  const r = 3.6;
  doc.save();
  if (status === 'done') {
    doc.circle(x, y, r).fill(COLOR.green);
    doc
      .moveTo(x - 1.8, y)
      .lineTo(x - 0.5, y + 1.4)
      .lineTo(x + 1.9, y - 1.5)
      .lineWidth(1)
      .strokeColor(COLOR.white)
      .stroke();
  } else if (status === 'in_progress') {
    doc.circle(x, y, r).lineWidth(1).stroke(COLOR.amber);
    doc.path(`M ${x} ${y - r} A ${r} ${r} 0 0 1 ${x} ${y + r} Z`).fill(COLOR.amber);
  } else if (status === 'not_started') {
    doc.circle(x, y, r).lineWidth(1).stroke(COLOR.faint);
  } else {
    doc
      .moveTo(x - r, y)
      .lineTo(x + r, y)
      .lineWidth(1.2)
      .stroke(COLOR.faint);
  }
  doc.restore();
}

function drawReadiness(
  ctx: Ctx,
  entries: ReadinessEntry[],
  x: number,
  y: number,
  w: number,
  maxH: number,
): number {
  const { doc, lang } = ctx;
  let cy = y + drawSectionTitle(doc, tr(ctx, 'readiness'), x, y, w);
  if (entries.length === 0) {
    drawText(doc, tr(ctx, 'notStated'), x, cy, w, { size: 8, color: COLOR.muted, maxLines: 1 });
    return cy + 12 - y;
  }
  const rowH = 21;
  for (let i = 0; i < entries.length; i++) {
    if (cy + rowH > y + maxH) {
      drawText(doc, tr(ctx, 'moreItems', { n: entries.length - i }), x + 12, cy, w, {
        font: 'cond',
        size: 7.5,
        color: COLOR.muted,
        maxLines: 1,
      });
      cy += 11;
      break;
    }
    const e = entries[i];
    statusDot(ctx, e.status, x + 4, cy + 5);
    drawText(doc, valueLabel(lang, 'readiness', e.item), x + 13, cy, w - 13, {
      font: 'condBold',
      size: 8,
      color: COLOR.ink,
      maxLines: 1,
    });
    const status =
      valueLabel(lang, 'status', e.status) + (e.date ? ` · ${formatDate(lang, e.date, 'short')}` : '');
    drawText(doc, status, x + 13, cy + 10, w - 70, {
      font: 'cond',
      size: 7,
      color: COLOR.muted,
      maxLines: 1,
    });
    if (e.evidenceUrl) {
      drawText(doc, `${tr(ctx, 'evidence')} ↗`, x + w - 55, cy + 10, 55, {
        font: 'cond',
        size: 7,
        color: COLOR.teal,
        align: 'right',
        link: e.evidenceUrl,
        maxLines: 1,
      });
    }
    cy += rowH;
  }
  return cy - y;
}

/**
 * A warning as a heading ("Puissance — non atteint") and a detail line
 * ("besoin : 12 MW · site : 8 MW · écart : 4 MW"); the detail is empty without quantities.
 */
function warningText(ctx: Ctx, w: ConfirmWarning): { head: string; detail: string } {
  const { lang } = ctx;
  const colon = lang === 'fr' ? '\u00a0: ' : ': ';
  const parts: string[] = [];
  if (w.required) parts.push(`${tr(ctx, 'required')}${colon}${formatQuantity(lang, w.required)}`);
  if (w.actual) parts.push(`${tr(ctx, 'actual')}${colon}${formatQuantity(lang, w.actual)}`);
  const gap = w.required && w.actual ? formatGap(lang, w.required, w.actual) : null;
  if (gap) parts.push(gap);
  return {
    head: `${loc(ctx, w.label)} — ${tr(ctx, w.status === 'unknown' ? 'unknown' : 'failing')}`,
    detail: parts.join(' · '),
  };
}

function drawWarnings(
  ctx: Ctx,
  warnings: ConfirmWarning[],
  x: number,
  y: number,
  w: number,
  maxH: number,
): number {
  const { doc } = ctx;
  let cy = y + drawSectionTitle(doc, tr(ctx, 'warnings'), x, y, w);
  if (warnings.length === 0) {
    drawText(doc, tr(ctx, 'noWarnings'), x, cy, w, { size: 8, color: COLOR.muted, maxLines: 1 });
    return cy + 12 - y;
  }
  const headStyle: TextStyle = { font: 'condBold', size: 8, color: COLOR.amber, maxLines: 2 };
  const detailStyle: TextStyle = { font: 'condBold', size: 7.5, color: COLOR.ink, maxLines: 2 };
  const reasonStyle: TextStyle = { font: 'cond', size: 7.5, color: COLOR.ink, maxLines: 2 };
  const blocks = warnings.map((wn) => ({ ...warningText(ctx, wn), reason: loc(ctx, wn.reason) }));
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    const hh = measureText(doc, b.head, w - 20, headStyle);
    const dh = b.detail ? measureText(doc, b.detail, w - 20, detailStyle) : 0;
    const rh = b.reason ? measureText(doc, b.reason, w - 20, reasonStyle) : 0;
    const h = hh + dh + rh + 8;
    if (cy + h > y + maxH - (i < blocks.length - 1 ? 11 : 0)) {
      drawText(doc, tr(ctx, 'moreItems', { n: blocks.length - i }), x + 8, cy, w, {
        font: 'cond',
        size: 7.5,
        color: COLOR.muted,
        maxLines: 1,
      });
      cy += 11;
      break;
    }
    doc
      .save()
      .roundedRect(x, cy - 2, w, h - 2, 3)
      .fill(COLOR.amberBg)
      .restore();
    // Warning triangle.
    doc
      .save()
      .polygon([x + 8, cy + 1], [x + 13, cy + 9.5], [x + 3, cy + 9.5])
      .fill(COLOR.amber)
      .restore();
    doc
      .save()
      .rect(x + 7.5, cy + 3.8, 1, 3)
      .fill(COLOR.white)
      .rect(x + 7.5, cy + 7.6, 1, 1)
      .fill(COLOR.white)
      .restore();
    drawText(doc, b.head, x + 17, cy, w - 20, headStyle);
    if (b.detail) drawText(doc, b.detail, x + 17, cy + hh + 1, w - 20, detailStyle);
    if (b.reason) drawText(doc, b.reason, x + 17, cy + hh + dh + 1, w - 20, reasonStyle);
    cy += h;
  }
  return cy - y;
}

/** Draws the page of one shortlist item (the page itself is added by the caller). */
export function drawSitePage(ctx: Ctx, item: ShortlistItem): void {
  const { doc } = ctx;
  drawPageHeader(ctx, '');
  let y = drawTitle(ctx, item);

  // Map with its access legend on the left, key facts and contact on the right.
  const mapW = 300;
  const mapH = 226;
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
  y = Math.max(leftBottom, ry) + 10;

  // Criteria take what they need, leaving the bottom blocks at least ~150 pt.
  const bottomMin = 150;
  y += drawCriteria(ctx, item, y, Math.max(60, CONTENT.bottom - y - bottomMin)) + 8;

  const colGap = 18;
  const colW = (CONTENT.w - colGap) / 2;
  const avail = CONTENT.bottom - y - 4;
  drawReadiness(ctx, item.site.readiness ?? [], CONTENT.x, y, colW, avail);
  const note = loc(ctx, item.note);
  const noteStyle: TextStyle = { font: 'oblique', size: 8, color: COLOR.ink, lineGap: 1, maxLines: 4 };
  const noteH = note ? measureText(doc, note, colW - 16, noteStyle) + 30 : 0;
  const wx = CONTENT.x + colW + colGap;
  const wh = drawWarnings(ctx, item.warnings ?? [], wx, y, colW, avail - noteH);
  if (note) {
    const ny = y + wh + 8;
    const nh = Math.min(noteH - 6, CONTENT.bottom - ny);
    doc.save().roundedRect(wx, ny, colW, nh, 4).fill(COLOR.panel).restore();
    doc.save().rect(wx, ny, 3, nh).fill(COLOR.navyLight).restore();
    drawText(doc, tr(ctx, 'staffNote').toUpperCase(), wx + 10, ny + 6, colW - 16, {
      font: 'bold',
      size: 6.5,
      color: COLOR.navyLight,
      characterSpacing: 0.5,
      maxLines: 1,
    });
    drawText(doc, note, wx + 10, ny + 17, colW - 16, {
      ...noteStyle,
      maxLines: Math.max(1, Math.floor((nh - 20) / 11)),
    });
  }
}
