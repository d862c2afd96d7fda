/**
 * Renders one small document at start-up so the first real export does not pay for parsing
 * the fonts and the France outline (~4 s cold on this 2-core machine, ~0.3 s warm).
 */
import { renderShortlistPdf } from './render-shortlist-pdf.ts';
import { generatedShortlist } from './shortlist.fixture.ts';

export async function warmUpPdfRenderer(): Promise<number> {
  const t0 = Date.now();
  await renderShortlistPdf(generatedShortlist(1), 'fr');
  return Date.now() - t0;
}
