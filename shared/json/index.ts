export { canonicalJson } from './canonicalJson';
