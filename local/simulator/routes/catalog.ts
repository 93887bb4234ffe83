import { NotFoundError } from '../errors';
import { renderLocation, renderOsImage } from '../render';
import { ok, pageOf, type RouteDef } from '../router';
import { API_PREFIX, type RouteDeps } from './deps';

/** Minimal locations and OS images (what a create body refers to). */
export function catalogRoutes({ store, pageSize }: RouteDeps): RouteDef[] {
  return [
    { method: 'GET', pattern: `${API_PREFIX}/locations`, handler: (ctx) => pageOf(ctx, pageSize, store.locations(), (l) => renderLocation(l, store)) },
    { method: 'GET', pattern: `${API_PREFIX}/locations/{id}`, handler: (ctx) => ok({ data: renderLocation(store.location(ctx.param('id')), store) }) },
    { method: 'GET', pattern: `${API_PREFIX}/os_images`, handler: (ctx) => pageOf(ctx, pageSize, store.osImages(), renderOsImage) },
    {
      method: 'GET',
      pattern: `${API_PREFIX}/os_images/{id}`,
      handler: (ctx) => {
        const image = store.findOsImage(ctx.param('id'));
        if (!image) throw new NotFoundError('OS image not found.');
        return ok({ data: renderOsImage(image) });
      },
    },
  ];
}
