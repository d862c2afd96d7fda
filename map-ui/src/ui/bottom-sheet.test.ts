import { describe, expect, it } from 'vitest';
import { nearestSnap, stepSnap } from './bottom-sheet.tsx';

describe('bottom sheet heights', () => {
  it('steps up and down one height at a time, and stops at peek and full', () => {
    expect(stepSnap('peek', 1)).toBe('half');
    expect(stepSnap('half', 1)).toBe('full');
    expect(stepSnap('full', 1)).toBe('full');
    expect(stepSnap('full', -1)).toBe('half');
    expect(stepSnap('peek', -1)).toBe('peek');
  });

  it('lets a dragged sheet go to the nearest height, as a share of its room', () => {
    expect(nearestSnap(96, 792)).toBe('peek');
    expect(nearestSnap(300, 792)).toBe('half');
    expect(nearestSnap(560, 792)).toBe('half');
    expect(nearestSnap(700, 792)).toBe('full');
    expect(nearestSnap(100, 0)).toBe('full');
  });
});
