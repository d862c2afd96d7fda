import type { MatchSite } from '../../../candidate.ts';
import { bi, fmtNum, type Lang } from '../../../format.ts';
import type { Needs } from '../needs.schema.ts';
import { type CriterionResult, result, t, UNKNOWN_SCORE } from './common.ts';

type LandKind = 'brownfield' | 'greenfield' | 'mixed';

/** Brownfield or greenfield: the `brownfield` flag, else SITE-ECO `site_evol_urba`. */
export function landKind(site: MatchSite): LandKind | null {
  if (site.brownfield === true) return 'brownfield';
  if (site.brownfield === false) return 'greenfield';
  switch (site.urbanisationType) {
    case 'renouvellement urbain':
      return 'brownfield';
    case 'extension urbaine':
      return 'greenfield';
    case 'mixte':
      return 'mixed';
    default:
      return null;
  }
}

/**
 * Brownfield / ZAN: 1 on a brownfield, 0.5 on a mixed site, 0 on greenfield. The value is the
 * greenfield hectares the project would consume (ZAN, loi Climat et Résilience 2021): its
 * minimum surface (capped by the site's area) on greenfield, half on a mixed site (assumption),
 * 0 on a brownfield. Reported for every result, weighted only when the needs ask for it.
 */
export function brownfield(site: MatchSite, needs: Needs): CriterionResult {
  const kind = landKind(site);
  const footprint = Math.min(needs.surfaceHa.min, site.availableAreaHa ?? needs.surfaceHa.min);
  if (kind === null) {
    return result(
      UNKNOWN_SCORE,
      null,
      false,
      bi((l) =>
        t(
          l,
          `statut friche ou extension non renseigné (à confirmer)\u00a0: jusqu'à ${fmtNum(footprint, l)} ha consommés au titre du ZAN`,
          `brownfield or greenfield not stated (to confirm): up to ${fmtNum(footprint, l)} ha consumed under ZAN`,
        ),
      ),
      footprint,
    );
  }
  const consumed = kind === 'brownfield' ? 0 : kind === 'mixed' ? footprint / 2 : footprint;
  const score = kind === 'brownfield' ? 1 : kind === 'mixed' ? 0.5 : 0;
  const text = (l: Lang) => {
    if (kind === 'brownfield') {
      return t(
        l,
        'friche (renouvellement urbain) : aucun espace naturel, agricole ou forestier consommé (ZAN)',
        'brownfield (urban renewal): no natural, agricultural or forest land consumed (ZAN)',
      );
    }
    if (kind === 'mixed') {
      return t(
        l,
        `site mixte : environ ${fmtNum(consumed, l)} ha d'espaces naturels ou agricoles consommés (ZAN)`,
        `mixed site: about ${fmtNum(consumed, l)} ha of natural or farm land consumed (ZAN)`,
      );
    }
    return t(
      l,
      `extension sur terres naturelles ou agricoles : environ ${fmtNum(consumed, l)} ha consommés (ZAN)`,
      `greenfield extension: about ${fmtNum(consumed, l)} ha of natural or farm land consumed (ZAN)`,
    );
  };
  return result(score, consumed, true, bi(text), consumed);
}
