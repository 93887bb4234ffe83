import { ACTIVITY_EVENTS, Deadline, type SolusActivityLog, type SolusPage } from '../../../../shared/solusio';
import { readLogFacts, type ActivityLogSource } from '../../../../shared/snapshots/logFacts';

const SINCE = '2026-11-03T10:00:00.000Z';

/** An activity-log entry about a server (or about none, when `serverId` is undefined). */
const entry = (id: number, event: string, createdAt: string, serverId?: number): SolusActivityLog => ({
  id,
  event,
  userEmail: 'admin@example.test',
  createdAt,
  data: serverId === undefined ? { user: { id: 1 } } : { compute_resource_vm: { id: serverId, name: `vps${serverId}` } },
});
const deleted = (id: number, createdAt: string, serverId?: number) => entry(id, ACTIVITY_EVENTS.deleteRequested, createdAt, serverId);
const created = (id: number, createdAt: string, serverId?: number) => entry(id, ACTIVITY_EVENTS.serverCreated, createdAt, serverId);
const ipAdded = (id: number, createdAt: string, serverId?: number) => entry(id, ACTIVITY_EVENTS.ipCreated, createdAt, serverId);
const ipRemoved = (id: number, createdAt: string, serverId?: number) => entry(id, ACTIVITY_EVENTS.ipDeleted, createdAt, serverId);

/** A fake SolusIO activity log: yields the given pages newest first and records how far it was read. */
class FakeActivityLog implements ActivityLogSource {
  readonly deadlines: Deadline[] = [];
  pagesServed = 0;
  finished = false;

  constructor(private readonly pages: readonly SolusActivityLog[][]) {}

  async *activityLogPages(deadline: Deadline): AsyncGenerator<SolusPage<SolusActivityLog>> {
    this.deadlines.push(deadline);
    try {
      for (const [index, items] of this.pages.entries()) {
        this.pagesServed += 1;
        yield { page: index + 1, lastPage: this.pages.length, items: [...items] };
      }
    } finally {
      this.finished = true;
    }
  }
}

describe('logFacts', () => {
  describe('readLogFacts', () => {
    it('reads nothing from an empty log', async () => {
      // Prepare
      const log = new FakeActivityLog([]);

      // Act
      const facts = await readLogFacts(log, Deadline.none(), SINCE);

      // Assess
      expect(facts).toStrictEqual({ creations: new Map(), deletions: new Map(), ipEvents: new Map() });
    });

    it('passes the run deadline to the log', async () => {
      // Prepare
      const log = new FakeActivityLog([[]]);
      const deadline = Deadline.none();

      // Act
      await readLogFacts(log, deadline, SINCE);

      // Assess
      expect(log.deadlines).toHaveLength(1);
      expect(log.deadlines[0]).toBe(deadline);
    });

    it('stops after the page on which an entry older than since appears, still reading the rest of that page', async () => {
      // Prepare
      const log = new FakeActivityLog([
        [deleted(10, '2026-11-03T10:09:00Z', 1)],
        [deleted(9, '2026-11-03T10:08:00Z', 2), deleted(8, '2026-11-03T09:59:59Z', 3), deleted(7, '2026-11-03T10:01:00Z', 4)],
        [deleted(6, '2026-11-03T10:02:00Z', 5)],
      ]);

      // Act
      const facts = await readLogFacts(log, Deadline.none(), SINCE);

      // Assess
      expect(facts.deletions).toStrictEqual(
        new Map([
          [1, '2026-11-03T10:09:00Z'],
          [2, '2026-11-03T10:08:00Z'],
          [4, '2026-11-03T10:01:00Z'],
        ]),
      );
      expect(log.pagesServed).toBe(2);
      expect(log.finished).toBe(true);
    });

    it('walks every page when no entry is older than since', async () => {
      // Prepare
      const log = new FakeActivityLog([[deleted(3, '2026-11-03T10:09:00Z', 1)], [deleted(2, '2026-11-03T10:08:00Z', 2)], [deleted(1, '2026-11-03T10:07:00Z', 3)]]);

      // Act
      const facts = await readLogFacts(log, Deadline.none(), SINCE);

      // Assess
      expect([...facts.deletions.keys()]).toStrictEqual([1, 2, 3]);
      expect(log.pagesServed).toBe(3);
    });

    it.each([
      ['exactly at since is kept', SINCE, true],
      ['at since written without milliseconds is kept', '2026-11-03T10:00:00Z', true],
      ['one millisecond before since is left out', '2026-11-03T09:59:59.999Z', false],
      ['a fraction below the millisecond before since is left out', '2026-11-03T09:59:59.9999Z', false],
    ])('an entry %s', async (_name, createdAt, kept) => {
      // Prepare
      const log = new FakeActivityLog([[deleted(1, createdAt, 4)]]);

      // Act
      const facts = await readLogFacts(log, Deadline.none(), SINCE);

      // Assess
      expect(facts.deletions).toStrictEqual(kept ? new Map([[4, createdAt]]) : new Map());
    });

    it('counts an entry repeated on the next page (offset paging) once', async () => {
      // Prepare: a new entry arrived during the walk and pushed entry 5 onto page 2 as well
      const log = new FakeActivityLog([
        [ipAdded(6, '2026-11-03T10:06:00Z', 4), ipAdded(5, '2026-11-03T10:05:00Z', 4)],
        [ipAdded(5, '2026-11-03T10:05:00Z', 4), ipRemoved(4, '2026-11-03T10:04:00Z', 4)],
      ]);

      // Act
      const facts = await readLogFacts(log, Deadline.none(), SINCE);

      // Assess
      expect(facts.ipEvents).toStrictEqual(
        new Map([
          [
            4,
            [
              { id: 4, at: '2026-11-03T10:04:00Z', delta: -1 },
              { id: 5, at: '2026-11-03T10:05:00Z', delta: 1 },
              { id: 6, at: '2026-11-03T10:06:00Z', delta: 1 },
            ],
          ],
        ]),
      );
    });

    it('keeps the first reading of an id, whatever a repeat says', async () => {
      // Prepare
      const log = new FakeActivityLog([[deleted(5, '2026-11-03T10:05:00Z', 4)], [deleted(5, '2026-11-03T10:01:00Z', 9)]]);

      // Act
      const facts = await readLogFacts(log, Deadline.none(), SINCE);

      // Assess
      expect(facts.deletions).toStrictEqual(new Map([[4, '2026-11-03T10:05:00Z']]));
    });

    it.each([
      ['newest first', [deleted(3, '2026-11-03T10:09:00Z', 4), deleted(2, '2026-11-03T10:03:00Z', 4), deleted(1, '2026-11-03T10:06:00Z', 4)]],
      ['oldest first', [deleted(1, '2026-11-03T10:03:00Z', 4), deleted(2, '2026-11-03T10:06:00Z', 4), deleted(3, '2026-11-03T10:09:00Z', 4)]],
    ])('keeps the earliest delete request of a server, read %s', async (_name, items) => {
      // Prepare
      const log = new FakeActivityLog([items]);

      // Act
      const facts = await readLogFacts(log, Deadline.none(), SINCE);

      // Assess
      expect(facts.deletions).toStrictEqual(new Map([[4, '2026-11-03T10:03:00Z']]));
    });

    it('compares delete times exactly, whatever form they are written in', async () => {
      // Prepare: 10:03:00.5 is later than 10:03:00 written without a fraction
      const log = new FakeActivityLog([[deleted(2, '2026-11-03T10:03:00.500Z', 4), deleted(1, '2026-11-03T10:03:00Z', 4)]]);

      // Act
      const facts = await readLogFacts(log, Deadline.none(), SINCE);

      // Assess
      expect(facts.deletions).toStrictEqual(new Map([[4, '2026-11-03T10:03:00Z']]));
    });

    it('sorts each server\'s IP entries oldest first, entries at one instant by id', async () => {
      // Prepare
      const log = new FakeActivityLog([
        [ipRemoved(9, '2026-11-03T10:09:00Z', 4), ipAdded(12, '2026-11-03T10:05:00Z', 4), ipAdded(8, '2026-11-03T10:08:00Z', 7)],
        [ipAdded(11, '2026-11-03T10:05:00Z', 4), ipAdded(3, '2026-11-03T10:02:00Z', 4), ipRemoved(2, '2026-11-03T10:01:00Z', 7)],
      ]);

      // Act
      const facts = await readLogFacts(log, Deadline.none(), SINCE);

      // Assess
      expect(facts.ipEvents).toStrictEqual(
        new Map([
          [
            4,
            [
              { id: 3, at: '2026-11-03T10:02:00Z', delta: 1 },
              { id: 11, at: '2026-11-03T10:05:00Z', delta: 1 },
              { id: 12, at: '2026-11-03T10:05:00Z', delta: 1 },
              { id: 9, at: '2026-11-03T10:09:00Z', delta: -1 },
            ],
          ],
          [
            7,
            [
              { id: 2, at: '2026-11-03T10:01:00Z', delta: -1 },
              { id: 8, at: '2026-11-03T10:08:00Z', delta: 1 },
            ],
          ],
        ]),
      );
      expect(facts.deletions).toStrictEqual(new Map());
    });

    it('skips entries that name no server', async () => {
      // Prepare
      const log = new FakeActivityLog([
        [deleted(4, '2026-11-03T10:04:00Z'), ipAdded(3, '2026-11-03T10:03:00Z'), { ...ipRemoved(2, '2026-11-03T10:02:00Z'), data: null }, deleted(1, '2026-11-03T10:01:00Z', 5)],
      ]);

      // Act
      const facts = await readLogFacts(log, Deadline.none(), SINCE);

      // Assess
      expect(facts).toStrictEqual({ creations: new Map(), deletions: new Map([[5, '2026-11-03T10:01:00Z']]), ipEvents: new Map() });
    });

    it('still stops at an older entry that names no server', async () => {
      // Prepare
      const log = new FakeActivityLog([[deleted(2, '2026-11-03T10:04:00Z', 4), deleted(1, '2026-11-03T09:00:00Z')], [deleted(0, '2026-11-03T10:03:00Z', 5)]]);

      // Act
      const facts = await readLogFacts(log, Deadline.none(), SINCE);

      // Assess
      expect(facts.deletions).toStrictEqual(new Map([[4, '2026-11-03T10:04:00Z']]));
      expect(log.pagesServed).toBe(1);
    });

    it('ignores the events it does not date by', async () => {
      // Prepare
      const log = new FakeActivityLog([[entry(3, 'compute_resource_vm_suspended', '2026-11-03T10:03:00Z', 4), entry(2, 'compute_resource_vm_create_requested', '2026-11-03T10:02:00Z', 4)]]);

      // Act
      const facts = await readLogFacts(log, Deadline.none(), SINCE);

      // Assess
      expect(facts).toStrictEqual({ creations: new Map(), deletions: new Map(), ipEvents: new Map() });
    });

    it('keeps each server\'s earliest create entry since the previous complete run, and leaves older ones out', async () => {
      // Prepare: newest first, as SolusIO lists it; server 4 logged twice (a retried create), server 6 before since.
      const log = new FakeActivityLog([
        [created(5, '2026-11-03T10:04:00Z', 4), deleted(4, '2026-11-03T10:03:00Z', 5), created(3, '2026-11-03T10:02:00Z', 4), created(2, '2026-11-03T10:01:00Z', 5)],
        [created(1, '2026-11-03T09:59:00Z', 6)],
      ]);

      // Act
      const facts = await readLogFacts(log, Deadline.none(), SINCE);

      // Assess
      expect(facts.creations).toStrictEqual(
        new Map([
          [4, '2026-11-03T10:02:00Z'],
          [5, '2026-11-03T10:01:00Z'],
        ]),
      );
      expect(facts.deletions).toStrictEqual(new Map([[5, '2026-11-03T10:03:00Z']]));
    });

    it('passes on a failure of the log', async () => {
      // Prepare
      const failure = new Error('SolusIO 503');
      const source: ActivityLogSource = {
        // eslint-disable-next-line require-yield
        async *activityLogPages() {
          throw failure;
        },
      };

      // Act
      const read = readLogFacts(source, Deadline.none(), SINCE);

      // Assess
      await expect(read).rejects.toBe(failure);
    });
  });
});
