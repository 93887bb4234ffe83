import { CHROMIUM_MISSING, findChromium } from '../../local/chromium';

export { launchChromium } from '../../local/chromium';

/**
 * `describe` when a browser is here. Without one: in CI (`CI=true`) a failing test naming what is
 * missing, since CI must always run these; elsewhere one "skipped" line and the tests skipped.
 */
export function describeWithBrowser(name: string, body: (executablePath: string) => void): void {
  const executablePath = findChromium();
  if (executablePath !== undefined) {
    describe(name, () => body(executablePath));
    return;
  }
  if (process.env['CI'] === 'true') {
    describe(name, () => {
      it('needs a browser', () => {
        throw new Error(`${name}: ${CHROMIUM_MISSING}; CI runs the browser tests always`);
      });
    });
    return;
  }
  process.stdout.write(`skipped: ${name}: ${CHROMIUM_MISSING}\n`);
  describe.skip(name, () => body(''));
}
