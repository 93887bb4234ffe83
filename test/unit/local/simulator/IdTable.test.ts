import { IdTable } from '../../../../local/simulator/store/IdTable';

interface Row {
  id: number;
  name: string;
}

describe('IdTable', () => {
  it('lists rows ascending by id', () => {
    const table = new IdTable<Row>();
    [3, 1, 2].forEach((id) => table.put({ id, name: `r${id}` }));

    expect(table.list().map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('lists a replaced row as it is now, after the list was read before', () => {
    const table = new IdTable<Row>();
    table.put({ id: 1, name: 'old' });
    table.put({ id: 2, name: 'two' });
    table.list();

    table.put({ id: 1, name: 'new' });

    expect(table.list()).toEqual([
      { id: 1, name: 'new' },
      { id: 2, name: 'two' },
    ]);
    expect(table.list()[0]).toBe(table.get(1));
  });

  it('lists inserts and deletes made after a read', () => {
    const table = new IdTable<Row>();
    table.put({ id: 2, name: 'two' });
    table.list();

    table.put({ id: 1, name: 'one' });
    table.delete(2);

    expect(table.list().map((r) => r.id)).toEqual([1]);
  });

  it('is empty after clear, and maxId follows the rows', () => {
    const table = new IdTable<Row>();
    table.put({ id: 5, name: 'five' });
    table.list();

    table.clear();

    expect(table.list()).toEqual([]);
    expect(table.maxId()).toBe(0);
  });
});
