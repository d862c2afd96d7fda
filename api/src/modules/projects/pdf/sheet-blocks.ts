import { textLanguage } from '../../../shared/text-language.ts';
import { countReadiness, readinessText } from '../../sites/readiness.ts';
import {
  COLOR,
  CONTENT,
  type Ctx,
  drawPanel,
  drawText,
  loc,
  measureText,
  type TextStyle,
  tr,
} from './pdf-draw.ts';
import { formatDate, formatGap, formatPercent, formatQuantity } from './pdf-format.ts';
import { valueLabel } from './pdf-labels.ts';
import { type Block, textBlock, titleBlock } from './sheet-flow.ts';
import type { ConfirmWarning, ReadinessEntry, ShortlistItem } from './shortlist-document.ts';

/**
 * "Good to know": the flags of the match (under option until…, new connection estimated…),
 * each whole, in an amber panel across the page.
 */
export function flagBlocks(ctx: Ctx, item: ShortlistItem): Block[] {
  const flags = (item.flags ?? []).map((f) => loc(ctx, f)).filter(Boolean);
  if (flags.length === 0) return [];
  const { doc } = ctx;
  const x = CONTENT.x;
  const w = CONTENT.w;
  const style: TextStyle = { font: 'cond', size: 8, color: COLOR.ink };
  const heights = flags.map((f) => measureText(doc, f, w - 30, style) + 2);
  const h = 22 + heights.reduce((a, b) => a + b, 0) + 6;
  return [
    {
      h: h + 8,
      draw: (y) => {
        drawPanel(doc, tr(ctx, 'goodToKnow'), x, y, w, h, { bg: COLOR.amberBg, accent: COLOR.amber });
        let cy = y + 22;
        flags.forEach((f, i) => {
          doc
            .save()
            .circle(x + 16, cy + 4.5, 1.8)
            .fill(COLOR.amber)
            .restore();
          drawText(doc, f, x + 24, cy, w - 30, style);
          cy += heights[i];
        });
      },
    },
  ];
}

/**
 * Columns of a criterion row: label, bar, score, weight, then the reason beside them when it
 * takes at most two lines there, else on its own lines under the row across the page.
 */
const CRIT = { labelW: 150, barW: 96, valueW: 34, weightW: 46, gap: 8 } as const;
const CRIT_REASON_X = CRIT.labelW + CRIT.barW + 4 + CRIT.valueW + CRIT.weightW + CRIT.gap;

function scoreColor(score: number): string {
  if (score >= 0.75) return COLOR.teal;
  if (score >= 0.5) return '#4E9BA6';
  if (score >= 0.25) return '#D08A3A';
  return COLOR.red;
}

/** One block per criterion: label, bar, score, weight and the whole reason. */
export function criterionBlocks(ctx: Ctx, item: ShortlistItem): Block[] {
  const { doc, lang } = ctx;
  const x = CONTENT.x;
  const totalWeight = item.criteria.reduce((s, c) => s + Math.max(0, c.weight), 0) || 1;
  const labelStyle: TextStyle = { font: 'condBold', size: 8, color: COLOR.ink };
  const reasonStyle: TextStyle = { font: 'cond', size: 7.5, color: COLOR.muted };
  const sideW = CONTENT.w - CRIT_REASON_X;
  const twoLines = 2 * measureText(doc, 'x', sideW, reasonStyle) + 0.5;
  return item.criteria.map((c, i): Block => {
    const label = loc(ctx, c.label);
    const reason = loc(ctx, c.reason);
    const lh = Math.max(measureText(doc, label, CRIT.labelW - 6, labelStyle), 10);
    const sideH = reason ? measureText(doc, reason, sideW, reasonStyle) : 0;
    const beside = sideH <= twoLines;
    const belowW = CONTENT.w - 8;
    const belowH = beside ? 0 : measureText(doc, reason, belowW, reasonStyle) + 1;
    const h = (beside ? Math.max(lh, sideH) : lh + belowH) + 7;
    return {
      h,
      draw: (y) => {
        let cx = x;
        drawText(doc, label, cx, y, CRIT.labelW - 6, labelStyle);
        cx += CRIT.labelW;
        const score = Math.max(0, Math.min(1, c.score));
        doc
          .save()
          .roundedRect(cx, y + 1.5, CRIT.barW, 7, 3.5)
          .fill('#E4E8EE')
          .restore();
        if (score > 0)
          doc
            .save()
            .roundedRect(cx, y + 1.5, Math.max(7, CRIT.barW * score), 7, 3.5)
            .fill(scoreColor(score))
            .restore();
        cx += CRIT.barW + 4;
        drawText(doc, formatPercent(lang, score), cx, y, CRIT.valueW, {
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
          y + 0.5,
          CRIT.weightW,
          { font: 'cond', size: 7, color: COLOR.faint, maxLines: 1 },
        );
        if (reason && beside) drawText(doc, reason, x + CRIT_REASON_X, y, sideW, reasonStyle);
        else if (reason) drawText(doc, reason, x + 8, y + lh + 1, belowW, reasonStyle);
        if (i < item.criteria.length - 1)
          doc
            .save()
            .moveTo(x, y + h - 3)
            .lineTo(x + CONTENT.w, y + h - 3)
            .lineWidth(0.3)
            .strokeColor('#E4E7EC')
            .stroke()
            .restore();
      },
    };
  });
}

/** The readiness status mark: a tick (done), a half disc (in progress), a ring (to start), a dash. */
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

/**
 * Readiness: a heading with the count as the site panel and the comparison show it ("5/6 prêts",
 * sites/readiness.ts), then one block per checklist item (status, date, evidence link), the
 * items the site does not state included.
 */
export function readinessBlocks(ctx: Ctx, entries: ReadinessEntry[], x: number, w: number): Block[] {
  const { doc, lang } = ctx;
  const count = countReadiness(entries);
  const title = titleBlock(
    ctx,
    `${tr(ctx, 'readiness')} · ${readinessText(count?.ready ?? null, lang)}`,
    x,
    w,
  );
  // A continuation page repeats the plain heading ("… (suite)" must fit on one line).
  const out: Block[] = [{ ...title, section: { title: tr(ctx, 'readiness'), x, w } }];
  if (!count) return out;
  const stated = new Map(entries.map((e) => [e.item, e]));
  const all = count.items.map((i) => stated.get(i.item) ?? null);
  for (const [k, e] of all.entries()) {
    const item = count.items[k].item;
    const name = valueLabel(lang, 'readiness', item);
    if (!e) {
      out.push(
        textBlock(
          ctx,
          `${name} — ${tr(ctx, 'notStated')}`,
          x + 13,
          w - 13,
          { size: 7, color: COLOR.muted },
          4,
        ),
      );
      continue;
    }
    const nameStyle: TextStyle = { font: 'condBold', size: 8, color: COLOR.ink };
    const nh = Math.max(measureText(doc, name, w - 13, nameStyle), 10);
    out.push({
      h: nh + 11,
      draw: (y) => {
        statusDot(ctx, e.status, x + 4, y + 5);
        drawText(doc, name, x + 13, y, w - 13, nameStyle);
        const status =
          valueLabel(lang, 'status', e.status) + (e.date ? ` · ${formatDate(lang, e.date, 'short')}` : '');
        drawText(doc, status, x + 13, y + nh, w - 70, {
          font: 'cond',
          size: 7,
          color: COLOR.muted,
          maxLines: 1,
        });
        if (e.evidenceUrl) {
          drawText(doc, `${tr(ctx, 'evidence')} ↗`, x + w - 55, y + nh, 55, {
            font: 'cond',
            size: 7,
            color: COLOR.teal,
            align: 'right',
            link: e.evidenceUrl,
            maxLines: 1,
          });
        }
      },
    });
  }
  return out;
}

/** Confidence: a heading with the value, then each fact that lowers it, whole. */
export function confidenceBlocks(ctx: Ctx, item: ShortlistItem, x: number, w: number): Block[] {
  const { doc, lang } = ctx;
  const notes = (item.confidenceNotes ?? []).map((n) => loc(ctx, n)).filter(Boolean);
  const head = `${tr(ctx, 'confidence')} ${formatPercent(lang, item.confidence)}`;
  const out: Block[] = [
    titleBlock(ctx, head, x, w),
    textBlock(ctx, tr(ctx, 'confidenceHint'), x, w, { font: 'cond', size: 7.5, color: COLOR.muted }, 3),
  ];
  out[1].keepWithNext = notes.length > 0;
  const style: TextStyle = { font: 'cond', size: 7.5, color: COLOR.ink };
  notes.forEach((n, i) => {
    const h = measureText(doc, n, w - 10, style) + (i === notes.length - 1 ? 8 : 2);
    out.push({
      h,
      draw: (y) => {
        doc
          .save()
          .circle(x + 3, y + 4.2, 1.6)
          .fill(COLOR.muted)
          .restore();
        drawText(doc, n, x + 10, y, w - 10, style);
      },
    });
  });
  if (notes.length === 0) out[1].h += 5;
  return out;
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

/** Points to confirm: a heading, then one amber box per warning with its whole reason. */
export function warningBlocks(ctx: Ctx, warnings: ConfirmWarning[], x: number, w: number): Block[] {
  const { doc } = ctx;
  const out: Block[] = [titleBlock(ctx, tr(ctx, 'warnings'), x, w)];
  if (warnings.length === 0) {
    out.push(textBlock(ctx, tr(ctx, 'noWarnings'), x, w, { size: 8, color: COLOR.muted }, 8));
    return out;
  }
  const headStyle: TextStyle = { font: 'condBold', size: 8, color: COLOR.amber };
  const detailStyle: TextStyle = { font: 'condBold', size: 7.5, color: COLOR.ink };
  const reasonStyle: TextStyle = { font: 'cond', size: 7.5, color: COLOR.ink };
  for (const wn of warnings) {
    const b = { ...warningText(ctx, wn), reason: loc(ctx, wn.reason) };
    const hh = measureText(doc, b.head, w - 20, headStyle);
    const dh = b.detail ? measureText(doc, b.detail, w - 20, detailStyle) : 0;
    const rh = b.reason ? measureText(doc, b.reason, w - 20, reasonStyle) : 0;
    const h = hh + dh + rh + 8;
    out.push({
      h,
      draw: (y) => {
        doc
          .save()
          .roundedRect(x, y - 2, w, h - 2, 3)
          .fill(COLOR.amberBg)
          .restore();
        // Warning triangle.
        doc
          .save()
          .polygon([x + 8, y + 1], [x + 13, y + 9.5], [x + 3, y + 9.5])
          .fill(COLOR.amber)
          .restore();
        doc
          .save()
          .rect(x + 7.5, y + 3.8, 1, 3)
          .fill(COLOR.white)
          .rect(x + 7.5, y + 7.6, 1, 1)
          .fill(COLOR.white)
          .restore();
        drawText(doc, b.head, x + 17, y, w - 20, headStyle);
        if (b.detail) drawText(doc, b.detail, x + 17, y + hh + 1, w - 20, detailStyle);
        if (b.reason) drawText(doc, b.reason, x + 17, y + hh + dh + 1, w - 20, reasonStyle);
      },
    });
  }
  return out;
}

/** The staff note in a panel, whole, marked when it is not in the document's language. */
export function noteBlocks(ctx: Ctx, item: ShortlistItem, x: number, w: number): Block[] {
  const { doc } = ctx;
  const note = loc(ctx, item.note);
  if (!note) return [];
  const style: TextStyle = { font: 'oblique', size: 8, color: COLOR.ink, lineGap: 1 };
  const th = measureText(doc, note, w - 20, style);
  const h = th + 30;
  // A note typed in one language only says so in the other's document: "(French text)".
  const written = textLanguage(note);
  const title =
    written && written !== ctx.lang
      ? `${tr(ctx, 'staffNote')} ${tr(ctx, written === 'fr' ? 'textInFrench' : 'textInEnglish')}`
      : tr(ctx, 'staffNote');
  return [
    {
      h: h + 8,
      draw: (y) => {
        const top = y + 4;
        drawPanel(doc, title, x, top, w, h, { bg: COLOR.panel, accent: COLOR.navyLight });
        drawText(doc, note, x + 12, top + 22, w - 20, style);
      },
    },
  ];
}
