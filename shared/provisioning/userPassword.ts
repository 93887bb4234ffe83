import { randomInt } from 'node:crypto';

/**
 * The password of a SolusIO user the bridge creates. `POST users` takes one: the official WHMCS
 * module (solusio/solusiovps, `UserRequestBuilder::getCreateRequest`) always sends it, and the Go
 * SDK's `UserCreateRequest` carries it (docs/conformance.md, "POST users"). The customer never
 * signs in with it through the bridge, so it is random, long, and has every character class a
 * password rule may ask for; it is sent once and kept nowhere.
 */
const CLASSES = ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!#%+-=@^_~'] as const;
const ALPHABET = CLASSES.join('');
export const USER_PASSWORD_LENGTH = 24;

/** `randomInt(n)`: an integer in [0, n); `crypto.randomInt` unless a test passes its own. */
export function newUserPassword(random: (n: number) => number = randomInt): string {
  const chars = CLASSES.map((chars) => chars.charAt(random(chars.length)));
  while (chars.length < USER_PASSWORD_LENGTH) chars.push(ALPHABET.charAt(random(ALPHABET.length)));
  // Fisher-Yates: the guaranteed characters end up anywhere.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
