/**
 * Figures rounded one way everywhere (issue 13 item 7): the site panel, the comparison (screen,
 * PDF), the PDF sheets and the CSVs show an area with the same digits, and the comparison's
 * "best" star compares values as they are shown (two sites both shown "13,5 ha" tie).
 */

/** Decimals shown for an area in hectares: one, none from 100 ha. `hectareDigits(13.52)` → 1. */
export function hectareDigits(ha: number): number {
  return Math.abs(ha) >= 100 ? 0 : 1;
}

/** An area as shown: `roundHectares(13.52)` → 13.5, `roundHectares(152.4)` → 152. */
export function roundHectares(ha: number): number {
  const f = 10 ** hectareDigits(ha);
  return Math.round(ha * f) / f;
}
