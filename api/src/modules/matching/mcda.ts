/**
 * Multi-criteria decision helpers, pure and dependency-free: weighted sum, TOPSIS and AHP,
 * pinned to the definitions and test vectors of DOMAIN.md ("Multi-criteria methods").
 */

export type Direction = 'benefit' | 'cost';

/** Saaty's random consistency index by matrix size (DOMAIN.md); n ≤ 2 is always consistent. */
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
/** The largest AHP matrix we can judge: Saaty's RI table (DOMAIN.md) stops at 10. */
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
  const m = w.length;
  const norms = Array.from({ length: m }, (_, j) =>
    Math.sqrt(matrix.reduce((acc, row) => acc + row[j] * row[j], 0)),
  );
  const v = matrix.map((row) => row.map((x, j) => (norms[j] === 0 ? 0 : (x / norms[j]) * w[j])));
  const ideal: number[] = [];
  const anti: number[] = [];
  for (let j = 0; j < m; j++) {
    const col = v.map((row) => row[j]);
    const hi = Math.max(...col);
    const lo = Math.min(...col);
    ideal.push(directions[j] === 'benefit' ? hi : lo);
    anti.push(directions[j] === 'benefit' ? lo : hi);
  }
  return v.map((row) => {
    let dPlus = 0;
    let dMinus = 0;
    for (let j = 0; j < m; j++) {
      dPlus += (row[j] - ideal[j]) ** 2;
      dMinus += (row[j] - anti[j]) ** 2;
    }
    dPlus = Math.sqrt(dPlus);
    dMinus = Math.sqrt(dMinus);
    return dPlus + dMinus === 0 ? 0.5 : dMinus / (dPlus + dMinus);
  });
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
