export { openApiDocument } from './openApiDocument';
export { API_SPEC } from './apiSpec';
export type { RouteSpec } from './apiSpec';
