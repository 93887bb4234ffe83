import { NotFoundError } from '../errors';
import { BASE_APPLICATIONS } from '../factories';
import { renderApplication, renderLocation, renderOsImage } from '../render';
import { ok, pageOf, type RouteDef } from '../router';
import { API_PREFIX, type RouteDeps } from './deps';

/**
 * Minimal locations, OS images, OS image versions and applications (what a create body refers to).
 * `GET os_image_versions/{id}` and `GET applications` follow the Go SDK's OsImageVersionsService.Get
 * and ApplicationsService.List; the applications are a fixed few (`BASE_APPLICATIONS`) in every state.
 */
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
    {
      method: 'GET',
      pattern: `${API_PREFIX}/os_image_versions/{id}`,
      handler: (ctx) => {
        const versionId = ctx.param('id');
        const image = store.osImages().find((candidate) => candidate.versions.some((version) => version.id === versionId));
        const version = image?.versions.find((candidate) => candidate.id === versionId);
        if (!image || !version) throw new NotFoundError('OS image version not found.');
        return ok({ data: { id: version.id, os_image_id: image.id, version: version.version, virtualization_type: 'kvm' } });
      },
    },
    { method: 'GET', pattern: `${API_PREFIX}/applications`, handler: (ctx) => pageOf(ctx, pageSize, BASE_APPLICATIONS, renderApplication) },
  ];
}
