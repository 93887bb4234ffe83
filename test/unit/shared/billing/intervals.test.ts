import { ceilHours, clipInterval, findOverlap } from '../../../../shared/billing';
import { durationMs } from '../../../../shared/billing/intervals';

const H = 3_600_000;

describe('intervals', () => {
  describe('durationMs', () => {
    it('measures a half-open interval', () => {
      // Assess
      expect(durationMs({ start: 10, end: 25 })).toBe(15);
    });
  });

  describe('clipInterval', () => {
    const window = { start: 100, end: 200 };

    it.each([
      ['inside', { start: 120, end: 150 }, { start: 120, end: 150 }],
      ['across the start', { start: 50, end: 150 }, { start: 100, end: 150 }],
      ['across the end', { start: 150, end: 250 }, { start: 150, end: 200 }],
      ['around the window', { start: 0, end: 300 }, { start: 100, end: 200 }],
      ['before', { start: 0, end: 100 }, undefined],
      ['after', { start: 200, end: 300 }, undefined],
      ['empty inside', { start: 150, end: 150 }, undefined],
    ])('clips an interval %s the window', (_name, interval, expected) => {
      // Act
      const clipped = clipInterval(interval, window);

      // Assess
      expect(clipped).toEqual(expected);
    });

    it('finds nothing in an empty window', () => {
      // Assess
      expect(clipInterval({ start: 0, end: 300 }, { start: 250, end: 200 })).toBeUndefined();
    });
  });

  describe('findOverlap', () => {
    it.each([
      ['no intervals', [], undefined],
      ['one interval', [{ start: 0, end: 5 }], undefined],
      ['touching intervals', [{ start: 0, end: 5 }, { start: 5, end: 9 }], undefined],
      ['disjoint intervals', [{ start: 0, end: 5 }, { start: 6, end: 9 }], undefined],
      ['overlapping intervals', [{ start: 0, end: 5 }, { start: 4, end: 9 }], [{ start: 0, end: 5 }, { start: 4, end: 9 }]],
      [
        'a contained interval',
        [{ start: 0, end: 10 }, { start: 2, end: 3 }, { start: 4, end: 5 }],
        [{ start: 0, end: 10 }, { start: 2, end: 3 }],
      ],
      ['equal intervals', [{ start: 1, end: 2 }, { start: 1, end: 2 }], [{ start: 1, end: 2 }, { start: 1, end: 2 }]],
    ])('reports %s', (_name, sorted, expected) => {
      // Act
      const overlap = findOverlap(sorted);

      // Assess
      expect(overlap).toEqual(expected);
    });

    it('decides overlap with the given test when one is passed', () => {
      // Prepare: neighbours overlap when they touch
      const touching = [
        { start: 0, end: 5 },
        { start: 5, end: 9 },
      ];

      // Act
      const overlap = findOverlap(touching, (previous, current) => current.start <= previous.end);

      // Assess
      expect(overlap).toEqual(touching);
    });
  });

  describe('ceilHours', () => {
    it.each([
      [0, 0],
      [1, 1],
      [5 * 60_000, 1],
      [H, 1],
      [H + 1, 2],
      [100 * 60_000, 2],
      [720 * H, 720],
      [720 * H - 1, 720],
      [Number.MAX_SAFE_INTEGER, Math.ceil(Number.MAX_SAFE_INTEGER / H)],
    ])('counts %i ms as %i started hours', (ms, hours) => {
      // Assess
      expect(ceilHours(ms)).toBe(hours);
    });
  });
});
