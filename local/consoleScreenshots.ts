import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { runScript } from './childProcesses';
import { CHROMIUM_MISSING, consoleSettled, findChromium, launchChromium } from './chromium';
import { DEMO_STACK_SETTINGS, seedDemoMonth } from './demoMonth';
import { seedDemoServices } from './demoServices';
import { freePort } from './ports';
import { startLocalStack } from './stack';
import { MemoryLogger } from '../shared/logging';

// The SDK's Node 22 notice only buries the output (see local/start.ts).
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/**
 * `npm run docs:screenshots`: the demo month on a local stack (free ports, its own DynamoDB Local),
 * then a screenshot of each console page in Chromium into docs/console/, for docs/console.md.
 */
const OUT = path.join(__dirname, '..', 'docs', 'console');

const SHOTS: readonly { readonly file: string; readonly hash: string; readonly width: number }[] = [
  { file: 'overview.png', hash: '#/overview', width: 1280 },
  { file: 'period.png', hash: '#/periods/2026-11', width: 1280 },
  { file: 'customer.png', hash: '#/customers/2026-11/1002', width: 1280 },
  { file: 'server-history.png', hash: '#/customers/2026-11/1002/default/3', width: 1280 },
  { file: 'services.png', hash: '#/services', width: 1280 },
  { file: 'overview-phone.png', hash: '#/overview', width: 390 },
];

async function main(): Promise<void> {
  const executablePath = findChromium();
  if (executablePath === undefined) throw new Error(`docs:screenshots: ${CHROMIUM_MISSING}`);
  const stack = await startLocalStack({
    port: 0,
    simPort: 0,
    dynamoDbPort: await freePort(),
    ...DEMO_STACK_SETTINGS,
    billingSystem: 'whmcs',
    billingPort: 0,
    logger: new MemoryLogger(),
  });
  const browser = await launchChromium(executablePath);
  try {
    console.log('replaying the demo month…');
    await seedDemoMonth(stack);
    await seedDemoServices(stack);
    mkdirSync(OUT, { recursive: true });
    for (const shot of SHOTS) {
      const context = await browser.newContext({ viewport: { width: shot.width, height: 800 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(`${stack.apiUrl}/console${shot.hash}`);
      await page.getByLabel('API key').fill(stack.adminKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Pages' }).waitFor();
      await consoleSettled(page);
      await page.screenshot({ path: path.join(OUT, shot.file), fullPage: true });
      await context.close();
      console.log(`docs/console/${shot.file}`);
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
}

runScript(main);
