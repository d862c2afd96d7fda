import { describe, expect, it } from 'vitest';
import { ahp, type Direction, topsis, weightedSum } from './mcda.ts';

// Test vectors: TOPSIS from github.com/aldipermanaetikaputra/topsis2 and github.com/jbytecode/decision;
// AHP a 3×3 matrix worked by hand with Saaty's RI (n = 3: 0.58).

describe('topsis', () => {
  it('reproduces the topsis2 vector (C1 cost, C2–C6 benefit) and its ranking A1 > A3 > A2 > A4', () => {
    const m = [
      [3500, 70, 10, 80, 3000, 36],
      [4500, 90, 10, 60, 2500, 48],
      [4000, 80, 9, 90, 2000, 48],
      [4000, 70, 8, 50, 1500, 60],
    ];
    const dirs: Direction[] = ['cost', 'benefit', 'benefit', 'benefit', 'benefit', 'benefit'];
    const c = topsis(m, [4, 5, 4, 3, 3, 2], dirs);
    const expected = [0.6142, 0.5409, 0.5552, 0.2668];
    for (const [i, v] of c.entries()) expect(v).toBeCloseTo(expected[i], 4);
    const order = c
      .map((v, i) => [v, i] as const)
      .sort((a, b) => b[0] - a[0])
      .map(([, i]) => `A${i + 1}`);
    expect(order).toEqual(['A1', 'A3', 'A2', 'A4']);
  });

  it('reproduces the jbytecode/decision vector to 1e-6', () => {
    const c = topsis(
      [
        [9, 7, 6, 7],
        [8, 7, 9, 6],
        [7, 8, 6, 6],
      ],
      [4 / 20, 2 / 20, 6 / 20, 8 / 20],
      ['benefit', 'benefit', 'benefit', 'benefit'],
    );
    const expected = [0.387687, 0.6503238, 0.0834767];
    for (const [i, v] of c.entries()) expect(Math.abs(v - expected[i])).toBeLessThan(1e-6);
  });

  it('gives the same closeness whatever the scale of the weights', () => {
    const m = [
      [1, 5],
      [3, 2],
      [2, 2],
    ];
    const a = topsis(m, [1, 3], ['benefit', 'cost']);
    const b = topsis(m, [10, 30], ['benefit', 'cost']);
    for (const [i, v] of a.entries()) expect(v).toBeCloseTo(b[i], 12);
  });

  it('ignores an all-zero column instead of dividing by zero', () => {
    const withZero = topsis(
      [
        [1, 0],
        [3, 0],
      ],
      [1, 1],
      ['benefit', 'benefit'],
    );
    expect(withZero.every(Number.isFinite)).toBe(true);
    expect(withZero[0]).toBe(0);
    expect(withZero[1]).toBe(1);
  });

  it('returns 0.5 for a single alternative (both ideal and anti-ideal)', () => {
    expect(topsis([[4, 2]], [1, 1], ['benefit', 'cost'])).toEqual([0.5]);
  });

  it('inverts the ideal for a cost criterion', () => {
    const [cheap, dear] = topsis([[10], [20]], [1], ['cost']);
    expect(cheap).toBe(1);
    expect(dear).toBe(0);
  });

  it('refuses weights summing to 0 and ragged matrices', () => {
    expect(() => topsis([[1]], [0], ['benefit'])).toThrow(/sum to 0/);
    expect(() => topsis([[1, 2], [1]], [1, 1], ['benefit', 'benefit'])).toThrow(/2 values/);
  });
});

describe('weightedSum', () => {
  it('normalises weights by their sum', () => {
    expect(
      weightedSum(
        [
          [1, 0],
          [0.5, 0.5],
        ],
        [3, 1],
      ),
    ).toEqual([0.75, 0.5]);
  });
});

describe('ahp', () => {
  it('reproduces a worked 3×3 example (weights, λmax 3.0649, CR 0.0559) to 1e-3', () => {
    const r = ahp([
      [1, 1 / 3, 5],
      [3, 1, 7],
      [1 / 5, 1 / 7, 1],
    ]);
    const expected = [0.279, 0.6491, 0.0719];
    for (const [i, w] of expected.entries()) expect(Math.abs(r.weights[i] - w)).toBeLessThan(1e-3);
    expect(Math.abs(r.lambdaMax - 3.0649)).toBeLessThan(1e-3);
    expect(Math.abs(r.cr - 0.0559)).toBeLessThan(1e-3);
    expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('gives equal weights and CR 0 for a matrix of ones', () => {
    const r = ahp([
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    ]);
    for (const w of r.weights) expect(w).toBeCloseTo(0.25, 12);
    expect(r.cr).toBeCloseTo(0, 12);
  });

  it('reports CR 0 for two criteria, whatever the judgement', () => {
    const r = ahp([
      [1, 9],
      [1 / 9, 1],
    ]);
    expect(r.cr).toBe(0);
    expect(r.weights[0]).toBeCloseTo(0.9, 12);
  });

  it('flags a circular judgement set (A>B, B>C, C>A) as inconsistent', () => {
    const r = ahp([
      [1, 5, 1 / 5],
      [1 / 5, 1, 5],
      [5, 1 / 5, 1],
    ]);
    expect(r.cr).toBeGreaterThan(0.1);
  });

  it('refuses more than 10 criteria (no RI beyond the table)', () => {
    const m = Array.from({ length: 11 }, () => new Array(11).fill(1));
    expect(() => ahp(m)).toThrow(/at most 10/);
  });
});
