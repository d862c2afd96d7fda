/**
 * Multi-criteria decision helpers, pure and dependency-free: weighted sum, TOPSIS and AHP,
 * pinned to published definitions and test vectors (TOPSIS: vector normalisation, closeness
 * D⁻/(D⁺+D⁻); AHP: principal eigenvector, CR = CI/RI; the vectors are cited in mcda.test.ts).
 */

export type Direction = 'benefit' | 'cost';

/**
 * Saaty's random consistency index by matrix size (T. L. Saaty, The Analytic Hierarchy Process,
 * 1980); n ≤ 2 is always consistent.
 */
export const SAATY_RI: Readonly<Record<number, number>> = {
  1: 0,
  2: 0,
  3: 0.58,
  4: 0.9,
  5: 1.12,
  6: 1.24,
  7: 1.32,
  8: 1.41,
  9: 1.45,
  10: 1.49,
};
/** The largest AHP matrix we can judge: Saaty's RI table stops at 10. */
export const AHP_MAX_SIZE = 10;
/** Saaty's acceptability threshold for the consistency ratio. */
export const AHP_MAX_CR = 0.1;

function normaliseWeights(weights: readonly number[]): number[] {
  if (weights.some((w) => !(w >= 0) || !Number.isFinite(w)))
    throw new RangeError('weights must be finite and ≥ 0');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) throw new RangeError('weights sum to 0');
  return weights.map((w) => w / sum);
}

function checkMatrix(matrix: readonly (readonly number[])[], columns: number): void {
  for (const row of matrix) {
    if (row.length !== columns) throw new RangeError(`every row needs ${columns} values`);
    if (row.some((v) => !Number.isFinite(v))) throw new RangeError('matrix values must be finite');
  }
}

/**
 * Weighted sum of scores already on [0, 1], weights normalised by their sum.
 * Example: `weightedSum([[1, 0], [0.5, 0.5]], [3, 1])` → [0.75, 0.5].
 */
export function weightedSum(scores: readonly (readonly number[])[], weights: readonly number[]): number[] {
  const w = normaliseWeights(weights);
  checkMatrix(scores, w.length);
  return scores.map((row) => row.reduce((acc, v, j) => acc + v * w[j], 0));
}

/** Column statistics of a TOPSIS matrix: Σx², max and min of each raw column. */
export interface TopsisStats {
  sumSq: number[];
  max: number[];
  min: number[];
}

/** Statistics of `matrix` (rows × m columns): `topsisStats([[1, 2], [3, 4]], 2)` → { sumSq: [10, 20], max: [3, 4], min: [1, 2] }. */
export function topsisStats(matrix: readonly (readonly number[])[], m: number): TopsisStats {
  const stats: TopsisStats = {
    sumSq: new Array(m).fill(0),
    max: new Array(m).fill(Number.NEGATIVE_INFINITY),
    min: new Array(m).fill(Number.POSITIVE_INFINITY),
  };
  for (const row of matrix) mergeTopsisRow(stats, row);
  return stats;
}

/** Adds one row (e.g. a plot assembly) to statistics computed elsewhere (the SQL stage). */
export function mergeTopsisRow(stats: TopsisStats, row: readonly number[]): void {
  row.forEach((x, j) => {
    stats.sumSq[j] += x * x;
    if (x > stats.max[j]) stats.max[j] = x;
    if (x < stats.min[j]) stats.min[j] = x;
  });
}

/**
 * TOPSIS closeness of rows against column statistics of the whole alternative set (which the
 * rows may be a part of): vector normalisation x/√Σx², weights as given (already normalised),
 * ideal and anti-ideal from each column's max and min (cost columns swap them), Euclidean
 * distances D⁺ and D⁻, C = D⁻/(D⁺+D⁻). An all-zero column contributes nothing; D⁺+D⁻ = 0 → 0.5.
 * The SQL stage evaluates the same arithmetic, in the same order, over every passing site.
 */
export function topsisWithStats(
  matrix: readonly (readonly number[])[],
  weights: readonly number[],
  directions: readonly Direction[],
  stats: TopsisStats,
): number[] {
  const m = weights.length;
  if (directions.length !== m) throw new RangeError('one direction per criterion');
  checkMatrix(matrix, m);
  const norms = stats.sumSq.map((s) => Math.sqrt(s));
  const scaled = (x: number, j: number) => (norms[j] === 0 ? 0 : (x / norms[j]) * weights[j]);
  const ideal = directions.map((d, j) => scaled(d === 'benefit' ? stats.max[j] : stats.min[j], j));
  const anti = directions.map((d, j) => scaled(d === 'benefit' ? stats.min[j] : stats.max[j], j));
  return matrix.map((row) => {
    let dPlus = 0;
    let dMinus = 0;
    for (let j = 0; j < m; j++) {
      const v = scaled(row[j], j);
      const p = v - ideal[j];
      const q = v - anti[j];
      dPlus += p * p;
      dMinus += q * q;
    }
    dPlus = Math.sqrt(dPlus);
    dMinus = Math.sqrt(dMinus);
    return dPlus + dMinus === 0 ? 0.5 : dMinus / (dPlus + dMinus);
  });
}

/**
 * TOPSIS closeness of each alternative (row) to the ideal: vector normalisation x/√Σx² per
 * column, weights normalised by their sum, Euclidean distances D⁺ to the ideal and D⁻ to the
 * anti-ideal (cost columns invert them), C = D⁻/(D⁺+D⁻).
 * Edge cases: an all-zero column contributes nothing (normalised to 0); when D⁺+D⁻ = 0 (a
 * single alternative, or all identical) C is 0.5 — no alternative is nearer either pole.
 * Example (jbytecode/decision): `topsis([[9,7,6,7],[8,7,9,6],[7,8,6,6]], [4,2,6,8],
 * ['benefit','benefit','benefit','benefit'])` → [0.3876870, 0.6503238, 0.0834767].
 */
export function topsis(
  matrix: readonly (readonly number[])[],
  weights: readonly number[],
  directions: readonly Direction[],
): number[] {
  const w = normaliseWeights(weights);
  if (directions.length !== w.length) throw new RangeError('one direction per criterion');
  checkMatrix(matrix, w.length);
  if (matrix.length === 0) return [];
  return topsisWithStats(matrix, w, directions, topsisStats(matrix, w.length));
}

export interface AhpResult {
  /** Principal eigenvector, normalised to sum 1. */
  weights: number[];
  lambdaMax: number;
  /** Consistency index (λmax − n)/(n − 1). */
  ci: number;
  /** Consistency ratio CI/RI; 0 for n ≤ 2. */
  cr: number;
}

/**
 * AHP weights from a positive reciprocal pairwise matrix (Saaty 1–9 scale): principal
 * eigenvector by power iteration, λmax as the mean of (Aw)ᵢ/wᵢ, CI and CR with Saaty's RI.
 * Example: `ahp([[1,1/3,5],[3,1,7],[1/5,1/7,1]])` → weights ≈ [0.2790, 0.6491, 0.0719],
 * λmax ≈ 3.0649, CR ≈ 0.0559.
 */
export function ahp(pairwise: readonly (readonly number[])[]): AhpResult {
  const n = pairwise.length;
  if (n === 0) throw new RangeError('empty matrix');
  if (n > AHP_MAX_SIZE)
    throw new RangeError(`AHP supports at most ${AHP_MAX_SIZE} criteria (Saaty's RI table)`);
  checkMatrix(pairwise, n);
  if (pairwise.some((row) => row.some((a) => !(a > 0)))) throw new RangeError('judgements must be positive');
  let w = new Array<number>(n).fill(1 / n);
  // A positive matrix has a unique dominant eigenvalue (Perron–Frobenius), so the iteration
  // converges; 1e-12 is far below what the judgements can express.
  for (let iter = 0; iter < 10_000; iter++) {
    const next = pairwise.map((row) => row.reduce((acc, a, j) => acc + a * w[j], 0));
    const sum = next.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n; i++) next[i] /= sum;
    const delta = Math.max(...next.map((x, i) => Math.abs(x - w[i])));
    w = next;
    if (delta < 1e-12) break;
  }
  const aw = pairwise.map((row) => row.reduce((acc, a, j) => acc + a * w[j], 0));
  const lambdaMax = aw.reduce((acc, x, i) => acc + x / w[i], 0) / n;
  const ci = n <= 2 ? 0 : (lambdaMax - n) / (n - 1);
  const ri = SAATY_RI[n];
  const cr = n <= 2 || ri === 0 ? 0 : ci / ri;
  return { weights: w, lambdaMax, ci, cr };
}
