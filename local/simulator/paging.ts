import type { PageJson } from './types';

export interface PageRequest {
  /** The page asked for (1-based). */
  page: number;
  pageSize: number;
  /** Absolute URL of the list without query, e.g. `http://127.0.0.1:4010/api/v1/servers`. */
  path: string;
  /** The request's query; every parameter but `page` is kept in the links. */
  query: URLSearchParams;
}

/** `?page=N`: a positive integer, else 1 (as Laravel reads it). */
export function parsePage(query: URLSearchParams): number {
  const raw = query.get('page');
  if (raw === null || !/^\d+$/.test(raw)) return 1;
  const page = Number(raw);
  return page >= 1 && Number.isSafeInteger(page) ? page : 1;
}

function pageUrl(req: PageRequest, page: number): string {
  const params = new URLSearchParams(req.query);
  params.delete('page');
  params.set('page', String(page));
  return `${req.path}?${params.toString()}`;
}

/**
 * One page of an already ordered list, with Laravel's `links` and `meta`. A page past the last
 * one is empty (`from`/`to` null).
 */
export function paginate<T, R>(items: readonly T[], req: PageRequest, render: (item: T) => R): PageJson<R> {
  const total = items.length;
  const lastPage = Math.max(1, Math.ceil(total / req.pageSize));
  const start = (req.page - 1) * req.pageSize;
  const slice = items.slice(start, start + req.pageSize);
  return {
    data: slice.map(render),
    links: {
      first: pageUrl(req, 1),
      last: pageUrl(req, lastPage),
      prev: req.page > 1 ? pageUrl(req, Math.min(req.page - 1, lastPage)) : null,
      next: req.page < lastPage ? pageUrl(req, req.page + 1) : null,
    },
    meta: {
      current_page: req.page,
      from: slice.length ? start + 1 : null,
      last_page: lastPage,
      path: req.path,
      per_page: req.pageSize,
      to: slice.length ? start + slice.length : null,
      total,
    },
  };
}
