/**
 * The operator's key lives in sessionStorage only: gone when the tab closes, never in a URL, a
 * cookie or a log line.
 */
const KEY_ITEM = 'solus-billing-bridge.console.apiKey';

export function storedKey(): string | undefined {
  try {
    return sessionStorage.getItem(KEY_ITEM) ?? undefined;
  } catch {
    return undefined;
  }
}

export function storeKey(key: string): void {
  sessionStorage.setItem(KEY_ITEM, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(KEY_ITEM);
}
