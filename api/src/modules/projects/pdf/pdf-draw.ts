/**
 * Drawing primitives shared by every page: fonts, colours, page frame (header band, footer),
 * bounded text boxes and markers (the infrastructure symbols are in map-symbols.ts). All text
 * is placed at explicit positions with a bounded height, so pdfkit never paginates on its own and the page count stays what the layout says.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { formatDistance } from './pdf-format.ts';
import { niceScaleLength } from './pdf-geo.ts';
import { label, localized } from './pdf-labels.ts';
import type { Contact, Lang, ShortlistDocument } from './shortlist-document.ts';

export type Doc = InstanceType<typeof PDFDocument>;

/** What a document says about itself (title, author, subject, date); `Creator` is landmatch. */
export interface PdfInfo {
  Title: string;
  Author: string;
  Subject: string;
  CreationDate: Date;
}

/**
 * A new A4 document (no margin, pages buffered so footers can be drawn last) and its bytes once
 * `doc.end()` is called: `const { doc, done } = startPdf('fr', info); …; doc.end(); await done`.
 */
export function startPdf(lang: Lang, info: PdfInfo): { doc: Doc; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    lang: lang === 'fr' ? 'fr-FR' : 'en-GB',
    displayTitle: true,
    info: {
      ...info,
      Creator: 'landmatch',
      CreationDate: Number.isNaN(info.CreationDate.getTime()) ? new Date() : info.CreationDate,
    },
  });
  const chunks: Uint8Array[] = [];
  doc.on('data', (c: Uint8Array) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

/** A4 portrait in PDF points, and the content frame. */
export const PAGE = { w: 595.28, h: 841.89, margin: 40 } as const;
export const CONTENT = { x: PAGE.margin, w: PAGE.w - 2 * PAGE.margin, top: 92, bottom: PAGE.h - 44 } as const;

export const COLOR = {
  navy: '#16324F',
  navyLight: '#2B5278',
  teal: '#1B7F8C',
  tealLight: '#D6EEF0',
  ink: '#1D2733',
  muted: '#5F6B7A',
  faint: '#98A2B3',
  rule: '#D0D5DD',
  panel: '#F3F5F8',
  white: '#FFFFFF',
  confidential: '#B42318',
  amber: '#B54708',
  amberBg: '#FFF4E0',
  green: '#067647',
  greenBg: '#E3F4EA',
  red: '#B42318',
  sea: '#E6EFF6',
  land: '#F1F0EC',
  landStroke: '#C4C2BA',
  france: '#FFFFFF',
  franceStroke: '#6B7A8C',
  plot: '#1B7F8C',
  neighbour: '#9AA4B2',
  motorway: '#1F5FAD',
  rail: '#6A3D9A',
  substation: '#D97706',
  port: '#0E7490',
  airport: '#475467',
} as const;

export type FontName = 'regular' | 'bold' | 'cond' | 'condBold' | 'oblique';

const FONT_FILES: Record<FontName, string> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  cond: 'DejaVuSansCondensed.ttf',
  condBold: 'DejaVuSansCondensed-Bold.ttf',
  oblique: 'DejaVuSans-Oblique.ttf',
};

/** The part of a fontkit font object pdfkit needs to accept it as an already-parsed font. */
interface ParsedFont {
  layout(text: string): unknown;
}

let parsedFonts: Promise<Record<FontName, ParsedFont>> | null = null;

/**
 * Parses the DejaVu faces once per process. pdfkit accepts parsed fontkit fonts (0.20+), and
 * sharing them across documents keeps fontkit's table and glyph caches warm: re-parsing five
 * TTFs per document was most of a render's time. Each document still embeds its own subset.
 * fontkit is pdfkit's own dependency; it is imported by name (no typings ship with it).
 */
function loadFonts(): Promise<Record<FontName, ParsedFont>> {
  parsedFonts ??= (async () => {
    const fontkitName = 'fontkit';
    const fontkit = (await import(fontkitName)) as { create(data: Uint8Array): ParsedFont };
    const require = createRequire(import.meta.url);
    const dir = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf').replace(/DejaVuSans\.ttf$/, '');
    const entries = Object.entries(FONT_FILES).map(([name, file]) => [
      name,
      fontkit.create(readFileSync(dir + file)),
    ]);
    return Object.fromEntries(entries) as Record<FontName, ParsedFont>;
  })();
  return parsedFonts;
}

/** Registers the DejaVu faces on a document (pdfkit embeds the subsets actually used). */
export async function registerFonts(doc: Doc): Promise<void> {
  const fonts = await loadFonts();
  for (const name of Object.keys(FONT_FILES) as FontName[]) {
    // @types/pdfkit predates parsed-font support; the runtime accepts them (see loadFonts).
    doc.registerFont(name, fonts[name] as unknown as string);
  }
}

/** What every page drawer needs. */
export interface Ctx {
  doc: Doc;
  lang: Lang;
  data: ShortlistDocument;
  /** The confidentiality mention in the document's language. */
  confidential: string;
}

export interface TextStyle {
  font?: FontName;
  size?: number;
  color?: string;
  /** Extra space between lines, points. */
  lineGap?: number;
  align?: 'left' | 'center' | 'right';
  /** Wrap up to this many lines, then cut the last one with an ellipsis. */
  maxLines?: number;
  link?: string;
  characterSpacing?: number;
}

function applyStyle(doc: Doc, s: TextStyle): void {
  doc.font(s.font ?? 'regular').fontSize(s.size ?? 9);
  doc.fillColor(s.color ?? COLOR.ink);
}

/** Height the text would take in `width`, capped at `maxLines`. */
/** The thin rule around a map frame (mini-maps, the overview map). */
export function strokeFrame(doc: Doc, frame: { x: number; y: number; w: number; h: number }): void {
  doc
    .save()
    .rect(frame.x, frame.y, frame.w, frame.h)
    .lineWidth(0.6)
    .strokeColor(COLOR.rule)
    .stroke()
    .restore();
}

export function measureText(doc: Doc, text: string, width: number, s: TextStyle = {}): number {
  if (!text) return 0;
  applyStyle(doc, s);
  const gap = s.lineGap ?? 0;
  const full = doc.heightOfString(text, { width, lineGap: gap, characterSpacing: s.characterSpacing });
  return s.maxLines ? Math.min(full, s.maxLines * (doc.currentLineHeight(true) + gap)) : full;
}

/**
 * Draws wrapped text at (x, y) within `width` and returns the height used. With `maxLines` the
 * last line ends with "…" when the text is longer; without it the text is bounded by the page
 * bottom, so pdfkit can never add a page behind our back.
 */
export function drawText(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  width: number,
  s: TextStyle = {},
): number {
  if (!text) return 0;
  applyStyle(doc, s);
  const lh = doc.currentLineHeight(true);
  const gap = s.lineGap ?? 0;
  const lines = s.maxLines ?? Math.max(1, Math.floor((PAGE.h - y) / (lh + gap)));
  // pdfkit cuts with an ellipsis when the next line would cross `height`; this height lets
  // exactly `lines` lines through (see LineWrapper.wrap in pdfkit).
  const height = (lines - 1) * (lh + gap) + 1.5 * lh;
  doc.text(text, x, y, {
    width,
    height,
    ellipsis: true,
    lineGap: gap,
    align: s.align ?? 'left',
    link: s.link,
    characterSpacing: s.characterSpacing,
  });
  // pdfkit leaves doc.y below the last line drawn: that is the height used, no second layout.
  return Math.min(doc.y - y, lines * (lh + gap));
}

/** Width of a one-line string in a style. */
export function textWidth(doc: Doc, text: string, s: TextStyle = {}): number {
  applyStyle(doc, s);
  return doc.widthOfString(text, { characterSpacing: s.characterSpacing });
}

/** Rounded label with a background; returns its width. */
export function drawPill(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  opts: { bg: string; fg: string; size?: number; border?: string; font?: FontName },
): number {
  const size = opts.size ?? 7.5;
  const style: TextStyle = { font: opts.font ?? 'bold', size, color: opts.fg };
  const w = textWidth(doc, text, style) + size * 1.4;
  const h = size * 1.9;
  doc.save();
  doc.roundedRect(x, y, w, h, h / 2);
  if (opts.border) doc.lineWidth(0.8).fillAndStroke(opts.bg, opts.border);
  else doc.fill(opts.bg);
  doc.restore();
  applyStyle(doc, style);
  doc.text(text, x + size * 0.7, y + (h - size * 1.16) / 2, { lineBreak: false, width: w, height: h });
  return w;
}

/** Section heading: small capitals in teal with a rule; returns the height used. */
export function drawSectionTitle(doc: Doc, text: string, x: number, y: number, width: number): number {
  drawText(doc, text.toUpperCase(), x, y, width, {
    font: 'bold',
    size: 8,
    color: COLOR.teal,
    characterSpacing: 0.6,
    maxLines: 1,
  });
  doc
    .save()
    .moveTo(x, y + 12)
    .lineTo(x + width, y + 12)
    .lineWidth(0.6)
    .strokeColor(COLOR.rule)
    .stroke()
    .restore();
  return 17;
}

/**
 * Header band of the inner pages: agency and project on the band (`bandRight` replaces
 * "Projet <code name>": the single-site sheet has no project), then the page title.
 */
export function drawPageHeader(ctx: Ctx, title: string, subtitle?: string, bandRight?: string): void {
  const { doc, data } = ctx;
  doc.save().rect(0, 0, PAGE.w, 30).fill(COLOR.navy).restore();
  doc.save().rect(0, 30, PAGE.w, 2).fill(COLOR.teal).restore();
  const half = CONTENT.w / 2 - 6;
  drawText(doc, data.agencyName, CONTENT.x, 10, half, {
    font: 'bold',
    size: 8.5,
    color: COLOR.white,
    maxLines: 1,
  });
  const right = bandRight ?? `${label(ctx.lang, 'project')} ${data.project.codeName}`;
  drawText(doc, right, CONTENT.x + half + 12, 10, half, {
    size: 8.5,
    color: '#C9D6E3',
    align: 'right',
    maxLines: 1,
  });
  drawText(doc, title, CONTENT.x, 46, CONTENT.w, { font: 'bold', size: 17, color: COLOR.navy, maxLines: 1 });
  if (subtitle)
    drawText(doc, subtitle, CONTENT.x, 69, CONTENT.w, { size: 9, color: COLOR.muted, maxLines: 1 });
}

/** Footer: confidentiality mention, issue date and "p / n". */
export function drawFooter(ctx: Ctx, page: number, total: number, issued: string): void {
  const { doc } = ctx;
  const y = PAGE.h - 30;
  doc
    .save()
    .moveTo(CONTENT.x, y - 6)
    .lineTo(CONTENT.x + CONTENT.w, y - 6)
    .lineWidth(0.5)
    .strokeColor(COLOR.rule)
    .stroke()
    .restore();
  // Left: mention (≤ 200 pt); right: page number (60 pt); the issue date centred between them.
  const leftW = 200;
  const rightW = 60;
  drawText(doc, ctx.confidential, CONTENT.x, y, leftW, {
    font: 'bold',
    size: 7.5,
    color: COLOR.confidential,
    maxLines: 1,
  });
  drawText(doc, issued, CONTENT.x + leftW, y, CONTENT.w - leftW - rightW, {
    size: 7.5,
    color: COLOR.muted,
    align: 'center',
    maxLines: 1,
  });
  drawText(doc, `${page} / ${total}`, CONTENT.x + CONTENT.w - rightW, y, rightW, {
    font: 'bold',
    size: 8,
    color: COLOR.navy,
    align: 'right',
    maxLines: 1,
  });
}

/** Numbered round marker centred on (x, y). */
export function drawRankMarker(
  doc: Doc,
  rank: number,
  x: number,
  y: number,
  r = 8,
  fill: string = COLOR.navy,
): void {
  doc.save().circle(x, y, r).lineWidth(1.2).fillAndStroke(fill, COLOR.white).restore();
  const s = String(rank);
  const size = s.length > 1 ? r * 0.95 : r * 1.1;
  applyStyle(doc, { font: 'bold', size, color: COLOR.white });
  const w = doc.widthOfString(s);
  doc.text(s, x - w / 2, y - size * 0.6, { lineBreak: false });
}

/** Localised helper bound to the context's language. */
export function tr(
  ctx: Ctx,
  key: Parameters<typeof label>[1],
  vars?: Record<string, string | number>,
): string {
  return label(ctx.lang, key, vars);
}

/** {@link localized} bound to the context's language. */
export function loc(ctx: Ctx, text: Parameters<typeof localized>[0]): string {
  return localized(text, ctx.lang);
}

/**
 * A panel: a tinted rounded box with a coloured bar on its left and a small-capitals title at its
 * top; its content starts 22 pt below `y`, 12 pt in from `x`. The frame of the contact, contents,
 * flags and note blocks: `drawPanel(doc, 'Contact', x, y, 200, 80, { bg: COLOR.panel, accent: COLOR.teal })`.
 */
export function drawPanel(
  doc: Doc,
  title: string,
  x: number,
  y: number,
  w: number,
  h: number,
  colors: { bg: string; accent: string },
): void {
  doc.save().roundedRect(x, y, w, h, 4).fill(colors.bg).restore();
  doc.save().rect(x, y, 3, h).fill(colors.accent).restore();
  drawText(doc, title.toUpperCase(), x + 12, y + 8, w - 20, {
    font: 'bold',
    size: 7,
    color: colors.accent,
    characterSpacing: 0.5,
    maxLines: 1,
  });
}

/** Contact lines (name, role, organisation, email, phone) in a panel; returns its height. */
export function drawContactPanel(
  ctx: Ctx,
  title: string,
  contact: Contact,
  x: number,
  y: number,
  w: number,
  maxH: number,
): number {
  const { doc } = ctx;
  const lines: Array<{ text: string; style: TextStyle }> = [
    { text: contact.name, style: { font: 'bold', size: 9, maxLines: 2 } },
  ];
  const role = [loc(ctx, contact.role), contact.organisation].filter(Boolean).join(' · ');
  if (role) lines.push({ text: role, style: { size: 8.5, maxLines: 2 } });
  if (contact.email) {
    lines.push({
      text: contact.email,
      style: { font: 'cond', size: 8.5, color: COLOR.teal, link: `mailto:${contact.email}`, maxLines: 2 },
    });
  }
  if (contact.phone) lines.push({ text: contact.phone, style: { size: 8.5, maxLines: 1 } });
  const heights = lines.map((l) => measureText(doc, l.text, w - 20, l.style) + 1.5);
  const h = Math.min(maxH, 28 + heights.reduce((a, b) => a + b, 0));
  drawPanel(doc, title, x, y, w, h, { bg: COLOR.panel, accent: COLOR.teal });
  let cy = y + 22;
  lines.forEach((l, i) => {
    if (cy + heights[i] > y + h) return;
    drawText(doc, l.text, x + 12, cy, w - 20, { color: COLOR.ink, ...l.style });
    cy += heights[i];
  });
  return h;
}

/**
 * Scale bar of a round length (alternating black/white halves) with its label, its left end at
 * (x, y); `metresPerPoint` comes from the map's fit. Returns the width used.
 */
export function drawScaleBar(
  ctx: Ctx,
  x: number,
  y: number,
  metresPerPoint: number,
  maxWidthPt: number,
  halo = false,
): number {
  const { doc } = ctx;
  const metres = niceScaleLength(maxWidthPt * metresPerPoint);
  if (metres <= 0) return 0;
  const w = metres / metresPerPoint;
  const text = formatDistance(ctx.lang, metres);
  const tw = textWidth(doc, text, { font: 'cond', size: 7 });
  if (halo)
    doc
      .save()
      .roundedRect(x - 6, y - 5, w + tw + 18, 14, 2)
      .fillOpacity(0.85)
      .fill(COLOR.white)
      .restore();
  doc
    .save()
    .rect(x, y, w / 2, 3.5)
    .fill(COLOR.ink)
    .restore();
  doc
    .save()
    .rect(x + w / 2, y, w / 2, 3.5)
    .fill(COLOR.white)
    .restore();
  doc.save().rect(x, y, w, 3.5).lineWidth(0.6).strokeColor(COLOR.ink).stroke().restore();
  drawText(doc, text, x + w + 4, y - 2.5, tw + 4, { font: 'cond', size: 7, color: COLOR.ink, maxLines: 1 });
  return w + tw + 6;
}
