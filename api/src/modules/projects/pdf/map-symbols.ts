/**
 * Map symbols of the infrastructure kinds (mini-maps and their legends): a colour and a
 * vector shape per kind, no glyphs, so they never show up as text.
 */
import { COLOR, type Doc } from './pdf-draw.ts';
import type { InfrastructureKind } from './shortlist-document.ts';

/** Colour of an infrastructure kind on the maps. */
export function kindColor(kind: InfrastructureKind): string {
  if (kind === 'motorway_access') return COLOR.motorway;
  if (kind === 'rail_freight') return COLOR.rail;
  if (kind === 'port') return COLOR.port;
  if (kind === 'airport') return COLOR.airport;
  return COLOR.substation;
}

/**
 * Map symbol of an infrastructure kind, centred on (x, y), about 2r wide: a blue motorway
 * shield, a rail track roundel, a substation triangle with a bolt, an anchor-like port square,
 * a plane-like airport diamond. Vector shapes only (no glyphs), so they never show up as text.
 */
export function drawKindSymbol(doc: Doc, kind: InfrastructureKind, x: number, y: number, r = 6): void {
  const c = kindColor(kind);
  doc.save();
  if (kind === 'motorway_access') {
    doc
      .roundedRect(x - r, y - r, 2 * r, 2 * r, r * 0.35)
      .lineWidth(1)
      .fillAndStroke(c, COLOR.white);
    doc.lineWidth(r * 0.22).strokeColor(COLOR.white);
    doc
      .moveTo(x - r * 0.35, y + r * 0.6)
      .lineTo(x - r * 0.12, y - r * 0.6)
      .stroke();
    doc
      .moveTo(x + r * 0.35, y + r * 0.6)
      .lineTo(x + r * 0.12, y - r * 0.6)
      .stroke();
  } else if (kind === 'rail_freight') {
    doc.circle(x, y, r).lineWidth(1).fillAndStroke(c, COLOR.white);
    doc.lineWidth(r * 0.16).strokeColor(COLOR.white);
    doc
      .moveTo(x - r * 0.3, y - r * 0.65)
      .lineTo(x - r * 0.3, y + r * 0.65)
      .stroke();
    doc
      .moveTo(x + r * 0.3, y - r * 0.65)
      .lineTo(x + r * 0.3, y + r * 0.65)
      .stroke();
    for (const dy of [-0.35, 0, 0.35])
      doc
        .moveTo(x - r * 0.55, y + r * dy)
        .lineTo(x + r * 0.55, y + r * dy)
        .stroke();
  } else if (kind === 'port') {
    doc
      .rect(x - r, y - r, 2 * r, 2 * r)
      .lineWidth(1)
      .fillAndStroke(c, COLOR.white);
    doc.lineWidth(r * 0.18).strokeColor(COLOR.white);
    doc
      .moveTo(x, y - r * 0.6)
      .lineTo(x, y + r * 0.55)
      .stroke();
    doc
      .moveTo(x - r * 0.5, y + r * 0.15)
      .quadraticCurveTo(x, y + r * 0.9, x + r * 0.5, y + r * 0.15)
      .stroke();
    doc
      .moveTo(x - r * 0.35, y - r * 0.3)
      .lineTo(x + r * 0.35, y - r * 0.3)
      .stroke();
  } else if (kind === 'airport') {
    doc
      .polygon([x, y - r * 1.1], [x + r * 1.1, y], [x, y + r * 1.1], [x - r * 1.1, y])
      .lineWidth(1)
      .fillAndStroke(c, COLOR.white);
    doc.lineWidth(r * 0.18).strokeColor(COLOR.white);
    doc
      .moveTo(x, y - r * 0.6)
      .lineTo(x, y + r * 0.6)
      .stroke();
    doc
      .moveTo(x - r * 0.5, y)
      .lineTo(x + r * 0.5, y)
      .stroke();
  } else {
    doc
      .polygon([x, y - r * 1.1], [x + r * 1.05, y + r * 0.8], [x - r * 1.05, y + r * 0.8])
      .lineWidth(1)
      .fillAndStroke(c, COLOR.white);
    doc
      .polygon(
        [x + r * 0.12, y - r * 0.55],
        [x - r * 0.32, y + r * 0.2],
        [x - r * 0.02, y + r * 0.2],
        [x - r * 0.12, y + r * 0.65],
        [x + r * 0.32, y - r * 0.08],
        [x + r * 0.02, y - r * 0.08],
      )
      .fill(COLOR.white);
  }
  doc.restore();
}
