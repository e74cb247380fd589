// The app shell: it mounts, navigates client-side, deep-links, and its recomputer ticks.
import assert from 'node:assert/strict';

const NAV = ['Packets', 'Nodes', 'Map', 'Channels', 'Analytics', 'Sources'];

export const tests = [
    {
        name: 'top bar shows the product and every navigation link',
        async run({ page, baseUrl, shot }) {
            await page.goto(`${baseUrl}/`);
            await page.waitForSelector('.topbar');
            assert.equal(await page.textContent('.brand'), 'MeshScope');
            const links = await page.$$eval('nav.nav a', (as) => as.map((a) => a.textContent));
            assert.deepEqual(links, NAV);
            await shot('shell-home');
        },
    },
    {
        name: 'clicking a link routes client-side and marks it current',
        async run({ page, baseUrl, shot }) {
            await page.goto(`${baseUrl}/packets`);
            await page.waitForSelector('.topbar');
            // A marker on window survives client-side navigation only, never a full reload.
            await page.evaluate(() => { window.__noReload = true; });
            await page.click('nav.nav a:has-text("Analytics")');
            await page.waitForFunction(() => location.pathname === '/analytics');
            assert.equal(await page.textContent('main h1'), 'Analytics');
            assert.equal(await page.evaluate(() => window.__noReload), true);
            assert.equal(await page.getAttribute('nav.nav a[aria-current="page"]', 'href'), '/analytics');
            await shot('shell-analytics');
        },
    },
    {
        name: 'a deep link loads its page on reload',
        async run({ page, baseUrl }) {
            await page.goto(`${baseUrl}/channels`);
            await page.waitForSelector('main h1');
            assert.equal(await page.textContent('main h1'), 'Channels');
            await page.reload();
            await page.waitForSelector('main h1');
            assert.equal(await page.textContent('main h1'), 'Channels');
        },
    },
    {
        name: 'the status line follows the store through the recomputer',
        async run({ page, baseUrl }) {
            await page.goto(`${baseUrl}/sources`);
            await page.waitForSelector('[data-testid="status-line"]');
            const read = async () => {
                const text = await page.textContent('[data-testid="status-line"]');
                const match = /^([\d,]+) observations .* revision (\d+)$/.exec(text);
                assert.ok(match, `status line reads "${text}"`);
                return { observations: Number(match[1].replaceAll(',', '')), revision: Number(match[2]) };
            };
            assert.equal((await read()).observations, 0);
            await page.click('[data-testid="load-sample"]');
            await page.waitForSelector('[data-testid="ingest-outcome"]');
            await page.waitForTimeout(1_000);
            const loaded = await read();
            assert.ok(loaded.observations > 1000, `${loaded.observations} observations after the sample`);
            assert.ok(loaded.revision > 0);
            await page.waitForTimeout(1_500);
            assert.deepEqual(await read(), loaded, 'no change to the store, no new snapshot');
        },
    },
    {
        name: 'phone width keeps the navigation usable',
        viewport: { width: 390, height: 844 },
        async run({ page, baseUrl, shot }) {
            await page.goto(`${baseUrl}/nodes`);
            await page.waitForSelector('main h1');
            assert.equal(await page.textContent('main h1'), 'Nodes');
            await shot('shell-phone');
        },
    },
];
