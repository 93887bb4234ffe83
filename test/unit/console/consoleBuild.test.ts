import { buildConsoleFiles } from '../../../console/build';

describe('console build', () => {
  it('bundles the console into one script beside the page and its styles, naming no other origin', async () => {
    const files = await buildConsoleFiles();
    expect(Object.keys(files).sort()).toEqual(['app.css', 'app.js', 'index.html']);
    const page = files['index.html'] ?? '';
    expect(page).toContain('<script defer src="/console/app.js"></script>');
    expect(page).toContain('<link rel="stylesheet" href="/console/app.css" />');
    // No inline script or style: the Content-Security-Policy allows this origin's files only.
    expect(page).not.toMatch(/<script>|<style|style="/);
    // XML namespaces are names, not addresses the page loads.
    const origins = (files['app.js'] ?? '').match(/https?:\/\/[^\s"'`)]+/g) ?? [];
    expect(origins.filter((url) => !url.startsWith('http://www.w3.org/'))).toEqual([]);
    // Small: Preact and the console's own code, nothing heavier.
    expect((files['app.js'] ?? '').length).toBeLessThan(80_000);
  }, 20_000);
});
