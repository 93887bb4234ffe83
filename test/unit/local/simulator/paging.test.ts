import { paginate, parsePage } from '../../../../local/simulator/paging';

describe('paginate', () => {
  const items = [10, 20, 30, 40, 50];
  const request = (page: number, query = '') => ({ page, pageSize: 2, path: 'http://sim/api/v1/things', query: new URLSearchParams(query) });

  it('slices the page and fills Laravel meta', () => {
    const page = paginate(items, request(2), (n) => n / 10);

    expect(page.data).toEqual([3, 4]);
    expect(page.meta).toEqual({ current_page: 2, from: 3, last_page: 3, path: 'http://sim/api/v1/things', per_page: 2, to: 4, total: 5 });
  });

  it('links first, last, prev and next, keeping other query parameters', () => {
    const page = paginate(items, request(2, 'filter%5Bstatus%5D=started&page=2'), (n) => n);

    expect(page.links).toEqual({
      first: 'http://sim/api/v1/things?filter%5Bstatus%5D=started&page=1',
      last: 'http://sim/api/v1/things?filter%5Bstatus%5D=started&page=3',
      prev: 'http://sim/api/v1/things?filter%5Bstatus%5D=started&page=1',
      next: 'http://sim/api/v1/things?filter%5Bstatus%5D=started&page=3',
    });
  });

  it('has no prev on the first page and no next on the last', () => {
    expect(paginate(items, request(1), (n) => n).links.prev).toBeNull();
    expect(paginate(items, request(3), (n) => n).links.next).toBeNull();
  });

  it('answers an empty list as one empty page', () => {
    const page = paginate([], request(1), (n: number) => n);

    expect(page.data).toEqual([]);
    expect(page.meta).toMatchObject({ current_page: 1, last_page: 1, from: null, to: null, total: 0 });
    expect(page.links.next).toBeNull();
  });

  it('renders only the items of the page', () => {
    const render = jest.fn((n: number) => n);

    paginate(items, request(3), render);

    expect(render.mock.calls.map(([n]) => n)).toEqual([50]);
  });
});

describe('parsePage', () => {
  it.each([
    ['', 1],
    ['page=3', 3],
    ['page=0', 1],
    ['page=-2', 1],
    ['page=1.5', 1],
    ['page=x', 1],
  ])('reads "%s" as page %d', (query, page) => {
    expect(parsePage(new URLSearchParams(query))).toBe(page);
  });
});
