/**
 * Records keyed by id, listed in ascending id order. Only the sorted ids are cached (until an
 * id is added or removed); the rows themselves are always read from the map, so a replaced
 * record (`put` with an existing id) shows in the very next list.
 */
export class IdTable<T extends { id: number }> {
  private readonly rows = new Map<number, T>();
  private sortedIds: number[] | null = null;

  get(id: number): T | undefined {
    return this.rows.get(id);
  }

  has(id: number): boolean {
    return this.rows.has(id);
  }

  /** Inserts or replaces the row with this id. */
  put(row: T): void {
    if (!this.rows.has(row.id)) this.sortedIds = null;
    this.rows.set(row.id, row);
  }

  delete(id: number): boolean {
    const deleted = this.rows.delete(id);
    if (deleted) this.sortedIds = null;
    return deleted;
  }

  clear(): void {
    this.rows.clear();
    this.sortedIds = null;
  }

  get size(): number {
    return this.rows.size;
  }

  /** All rows as they are now, ascending by id (a new array on each call). */
  list(): T[] {
    this.sortedIds ??= [...this.rows.keys()].sort((a, b) => a - b);
    const out: T[] = [];
    for (const id of this.sortedIds) {
      const row = this.rows.get(id);
      if (row !== undefined) out.push(row);
    }
    return out;
  }

  maxId(): number {
    let max = 0;
    for (const id of this.rows.keys()) if (id > max) max = id;
    return max;
  }
}
