/**
 * Whether a string is an absolute http(s) URL with a host: what an upstream's base URL
 * (`SOLUSIO_URL`, `BILLING_URL`, the CDK context's `solusioUrl`, `billingUrl`) must be.
 */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    // `new URL` also takes `http:host` and `http:/host`: the two slashes must be written.
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && /^https?:\/\//i.test(value);
  } catch {
    return false;
  }
}

export const HTTP_URL_MESSAGE = 'an http(s) URL such as https://solusio.example.com/api/v1';

/** Hosts a plain `http://` URL may name: this machine only, so no credential crosses a network in clear. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether an upstream's URL is fit for a deployment: `https://`, or `http://` to a loopback host.
 * The bearer token (SolusIO) and the API credentials (billing systems) travel with every request.
 * The local stack's own configuration keeps `isHttpUrl`: its simulators answer on 127.0.0.1.
 */
export function isSecureUpstreamUrl(value: string): boolean {
  if (!isHttpUrl(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname.toLowerCase());
}

export const SECURE_URL_MESSAGE = 'an https:// URL such as https://solusio.example.com/api/v1 (plain http only to 127.0.0.1, localhost or [::1])';
