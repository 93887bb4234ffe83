import { createSimClock } from '../../../../local/simulator/clock';

describe('createSimClock', () => {
  it('follows the real clock until set', () => {
    let real = Date.parse('2026-01-01T00:00:00Z');
    const clock = createSimClock(() => new Date(real));

    const first = clock.now().toISOString();
    real += 5000;

    expect(first).toBe('2026-01-01T00:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:05.000Z');
  });

  it('holds the instant set, even as real time passes', () => {
    let real = Date.parse('2026-01-01T00:00:00Z');
    const clock = createSimClock(() => new Date(real));

    clock.set(new Date('2026-11-03T10:00:00Z'));
    real += 60_000;

    expect(clock.now().toISOString()).toBe('2026-11-03T10:00:00.000Z');
  });

  it('hands out copies, so callers cannot move it', () => {
    const clock = createSimClock();
    clock.set(new Date('2026-11-03T10:00:00Z'));

    clock.now().setUTCFullYear(2000);

    expect(clock.now().toISOString()).toBe('2026-11-03T10:00:00.000Z');
  });

  it('refuses an invalid date', () => {
    expect(() => createSimClock().set(new Date('nope'))).toThrow(RangeError);
  });
});
