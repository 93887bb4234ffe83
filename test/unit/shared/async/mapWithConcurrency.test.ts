import { mapWithConcurrency } from '../../../../shared/async';

/** A promise settled from outside. */
interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Work whose calls wait until the test settles them; records the order they started in. */
function controlledWork<T>() {
  const started: number[] = [];
  const pending = new Map<number, Deferred<T>>();
  const work = (_item: unknown, index: number): Promise<T> => {
    started.push(index);
    const call = deferred<T>();
    pending.set(index, call);
    return call.promise;
  };
  const call = (index: number): Deferred<T> => {
    const found = pending.get(index);
    if (found === undefined) throw new Error(`item ${index} has not started`);
    return found;
  };
  return { started, work, call };
}

describe('mapWithConcurrency', () => {
  describe('mapWithConcurrency', () => {
    it('keeps the input order when the work finishes in another order', async () => {
      // Prepare
      const { work, call } = controlledWork<string>();

      // Act
      const result = mapWithConcurrency(['a', 'b', 'c'], 3, work);
      await settle();
      call(2).resolve('C');
      await settle();
      call(0).resolve('A');
      await settle();
      call(1).resolve('B');

      // Assess
      await expect(result).resolves.toStrictEqual(['A', 'B', 'C']);
    });

    it('passes each item with its index', async () => {
      // Prepare
      const seen: [string, number][] = [];

      // Act
      const result = await mapWithConcurrency(['x', 'y', 'z'], 2, async (item, index) => {
        seen.push([item, index]);
        return `${item}${index}`;
      });

      // Assess
      expect(result).toStrictEqual(['x0', 'y1', 'z2']);
      expect(seen).toStrictEqual([
        ['x', 0],
        ['y', 1],
        ['z', 2],
      ]);
    });

    it.each([
      [1, 7],
      [2, 7],
      [3, 7],
      [7, 7],
      [10, 7],
      [4, 1],
    ])('never has more than limit %i in flight over %i items, and reaches it', async (limit, count) => {
      // Prepare
      let inFlight = 0;
      let most = 0;
      const delays = [3, 1, 4, 1, 5, 9, 2];

      // Act
      const result = await mapWithConcurrency(
        Array.from({ length: count }, (_, index) => index),
        limit,
        async (item) => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setTimeout(resolve, delays[item % delays.length]));
          inFlight -= 1;
          return item * 10;
        },
      );

      // Assess
      expect(most).toBe(Math.min(limit, count));
      expect(inFlight).toBe(0);
      expect(result).toStrictEqual(Array.from({ length: count }, (_, index) => index * 10));
    });

    it('starts the next item only when one in flight finishes', async () => {
      // Prepare
      const { started, work, call } = controlledWork<number>();

      // Act
      const result = mapWithConcurrency([0, 1, 2, 3], 2, work);
      await settle();
      const atFirst = [...started];
      call(1).resolve(1);
      await settle();
      const afterOne = [...started];
      call(0).resolve(0);
      call(2).resolve(2);
      await settle();
      call(3).resolve(3);

      // Assess
      expect(atFirst).toStrictEqual([0, 1]);
      expect(afterOne).toStrictEqual([0, 1, 2]);
      expect(started).toStrictEqual([0, 1, 2, 3]);
      await expect(result).resolves.toStrictEqual([0, 1, 2, 3]);
    });

    it('gives an empty result for no items without calling the work', async () => {
      // Prepare
      const work = jest.fn(async () => 1);

      // Act
      const result = await mapWithConcurrency([], 4, work);

      // Assess
      expect(result).toStrictEqual([]);
      expect(work).not.toHaveBeenCalled();
    });

    it('rejects with the first failure, in time, not in input order', async () => {
      // Prepare
      const { work, call } = controlledWork<number>();
      const first = new Error('item 2 failed first');

      // Act
      const result = mapWithConcurrency([0, 1, 2], 3, work);
      const outcome = result.then(
        () => 'resolved',
        (error: unknown) => error,
      );
      await settle();
      call(2).reject(first);
      await settle();
      call(0).reject(new Error('item 0 failed later'));
      call(1).resolve(1);

      // Assess
      await expect(outcome).resolves.toBe(first);
    });

    it('rejects with a failure thrown synchronously by the work', async () => {
      // Prepare
      const failure = new Error('boom');

      // Act
      const result = mapWithConcurrency([1], 1, () => {
        throw failure;
      });

      // Assess
      await expect(result).rejects.toBe(failure);
    });

    it.each([
      ['zero', 0],
      ['a negative limit', -1],
      ['a fractional limit', 1.5],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
    ])('rejects %s as limit with a RangeError before any work', async (_name, limit) => {
      // Prepare
      const work = jest.fn(async () => 1);

      // Act
      const result = mapWithConcurrency([1, 2], limit, work);

      // Assess
      await expect(result).rejects.toThrow(new RangeError(`limit must be a positive integer, got ${limit}`));
      expect(work).not.toHaveBeenCalled();
    });

    it('rejects a bad limit even for no items', async () => {
      // Act
      const result = mapWithConcurrency([], 0, async () => 1);

      // Assess
      await expect(result).rejects.toThrow(RangeError);
    });
  });
});
