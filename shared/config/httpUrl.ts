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
