/**
 * Versions of the scoring rules. Bump ALGORITHM_VERSION whenever a criterion, a default weight,
 * a knock-out or the aggregation changes, so a saved shortlist says which rules produced its
 * scores. 2.0.0: legal bans, electrical feasibility by the 1994 decree, provenance confidence,
 * exact ranking at any size, availability with options, near-misses by closeness, conservative
 * assemblies. The previous version stays runnable for comparison (legacy/v1).
 */
export const ALGORITHM_VERSION = 'landmatch-match/2.0.0';
export const LEGACY_ALGORITHM_VERSION = 'landmatch-match/1.0.0';
export const ALGORITHM_VERSIONS = [ALGORITHM_VERSION, LEGACY_ALGORITHM_VERSION] as const;
