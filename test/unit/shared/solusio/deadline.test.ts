import { Deadline } from '../../../../shared/solusio';

describe('Deadline', () => {
  const fakeClock = (start = 1_000) => {
    const clock = { now: start, read: () => clock.now };
    return clock;
  };

  describe('after', () => {
    it('counts down on the monotonic clock it was given', () => {
      // Prepare
      const clock = fakeClock();
      const deadline = Deadline.after(500, clock.read);

      // Act
      clock.now += 200;

      // Assess
      expect(deadline.remainingMs()).toBe(300);
      expect(deadline.expired()).toBe(false);
    });

    it('is expired at and after its instant, never negative', () => {
      // Prepare
      const clock = fakeClock();
      const deadline = Deadline.after(500, clock.read);

      // Act
      clock.now += 500;
      const atInstant = [deadline.remainingMs(), deadline.expired()];
      clock.now += 1_000;
      const after = [deadline.remainingMs(), deadline.expired()];

      // Assess
      expect(atInstant).toEqual([0, true]);
      expect(after).toEqual([0, true]);
    });

    it('treats a negative budget as already expired', () => {
      // Act
      const deadline = Deadline.after(-5, fakeClock().read);

      // Assess
      expect(deadline.expired()).toBe(true);
    });

    it('rejects NaN', () => {
      // Act
      const act = () => Deadline.after(Number.NaN);

      // Assess
      expect(act).toThrow(RangeError);
    });

    it('uses performance.now() by default, not Date.now()', () => {
      // Prepare
      const perf = jest.spyOn(performance, 'now').mockReturnValue(10_000);
      const wall = jest.spyOn(Date, 'now').mockReturnValue(0);
      try {
        const deadline = Deadline.after(1_000);

        // Act
        perf.mockReturnValue(10_400);
        wall.mockReturnValue(99_999_999);

        // Assess
        expect(deadline.remainingMs()).toBe(600);
      } finally {
        perf.mockRestore();
        wall.mockRestore();
      }
    });
  });

  describe('none', () => {
    it('never expires', () => {
      // Act
      const deadline = Deadline.none();

      // Assess
      expect(deadline.remainingMs()).toBe(Number.POSITIVE_INFINITY);
      expect(deadline.expired()).toBe(false);
    });
  });
});
