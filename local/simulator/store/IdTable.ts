/** Records keyed by id, listed in ascending id order (the order is cached until a change). */
export class IdTable<T extends { id: number }> {
  private readonly rows = new Map<number, T>();
  private sorted: T[] | null = null;

  get(id: number): T | undefined {
    return this.rows.get(id);
  }

  has(id: number): boolean {
    return this.rows.has(id);
  }

  put(row: T): void {
    if (!this.rows.has(row.id)) this.sorted = null;
    this.rows.set(row.id, row);
  }

  delete(id: number): boolean {
    const deleted = this.rows.delete(id);
    if (deleted) this.sorted = null;
    return deleted;
  }

  clear(): void {
    this.rows.clear();
    this.sorted = null;
  }

  get size(): number {
    return this.rows.size;
  }

  /** All rows, ascending by id. The array is shared: do not mutate it. */
  list(): readonly T[] {
    if (!this.sorted) this.sorted = [...this.rows.values()].sort((a, b) => a.id - b.id);
    return this.sorted;
  }

  maxId(): number {
    let max = 0;
    for (const id of this.rows.keys()) if (id > max) max = id;
    return max;
  }
}
