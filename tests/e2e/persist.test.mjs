// Persistence: what the store holds survives a reload (from a file or a live feed), the memory budget
// and the feeds too, and "Clear data" forgets it all.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startWsReplay } from './fixtures/servers.mjs';
import { analyze, generated, openSources, root, stat, waitForStat } from './support.mjs';

/** The number of observations the persistence line says were restored, once it says so. */
async function restoredCount(page, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    let text;
    while (Date.now() < deadline) {
        text = await page.textContent('[data-testid="persist-state"]');
        const match = /([\d,]+) observations restored/.exec(text ?? '');
        if (match) return Number(match[1].replaceAll(',', ''));
        await page.waitForTimeout(100);
    }
    throw new Error(`persistence says "${text}"`);
}

/** Waits until the journal has saved something and then stopped growing (everything written). */
async function waitForSaved(page) {
    let last = '';
    for (let i = 0; i < 100; i++) {
        const text = await page.textContent('[data-testid="persist-state"]');
        if (text === last && !/ 0 B saved/.test(text)) return;
        last = text;
        await page.waitForTimeout(700);
    }
    throw new Error(`the journal never settled: "${last}"`);
}

export const tests = [
    {
        name: 'the store and the memory budget survive a reload; Clear data forgets them',
        async run({ page, baseUrl, shot }) {
            const expected = analyze([join(root, 'www/sample/meshscope-sample.jsonl')]).summary;
            await openSources(page, baseUrl);
            assert.equal(await restoredCount(page), 0);
            await page.fill('[data-testid="memory-budget"]', '512');
            await page.dispatchEvent('[data-testid="memory-budget"]', 'change');
            await page.click('[data-testid="load-sample"]');
            await waitForStat(page, 'stat-observations', expected.observations);
            await waitForSaved(page);
            await page.reload();
            await page.waitForSelector('[data-testid="file-input"]');
            assert.equal(await restoredCount(page), expected.observations);
            await waitForStat(page, 'stat-observations', expected.observations);
            assert.equal(await stat(page, 'stat-transmissions'), expected.transmissions);
            assert.equal(await stat(page, 'stat-nodes'), expected.nodes);
            assert.equal(await page.inputValue('[data-testid="memory-budget"]'), '512');
            await shot('persist-restored');
            page.once('dialog', (dialog) => dialog.accept());
            await page.click('[data-testid="clear-data"]');
            await waitForStat(page, 'stat-observations', 0);
            await page.waitForTimeout(300);
            await page.reload();
            await page.waitForSelector('[data-testid="file-input"]');
            assert.equal(await restoredCount(page), 0);
            assert.equal(await stat(page, 'stat-observations'), 0);
        },
    },
    {
        name: 'a reload during a live capture loses at most the last second, and the feed reconnects',
        expectedConsoleErrors: [/WebSocket connection to .* failed/],
        async run({ page, baseUrl }) {
            const rate = 200;
            const file = generated('persist-live.jsonl', ['--seed', '31', '--nodes', '20', '--observers', '2',
                '--hours', '1', '--observations', '4000', '--duplicates', '0']);
            const feed = await startWsReplay({ file, rate });
            try {
                await openSources(page, baseUrl);
                await restoredCount(page);
                await page.fill('[data-testid="ws-url"]', feed.url);
                await page.click('[data-testid="ws-connect"]');
                const deadline = Date.now() + 20_000;
                while ((await stat(page, 'stat-observations')) < 600 && Date.now() < deadline) {
                    await page.waitForTimeout(100);
                }
                const held = await page.evaluate(() =>
                    Number(document.querySelector('[data-testid="source-packets"]').textContent));
                const shown = await stat(page, 'stat-observations');
                await page.reload();
                await page.waitForSelector('[data-testid="file-input"]');
                const restored = await restoredCount(page);
                assert.ok(restored >= shown - rate, `restored ${restored} of the ${shown} shown before the reload`);
                assert.ok(restored <= held + rate, `restored ${restored}, but the feed had delivered ${held} before the reload`);
                await page.waitForSelector('[data-testid="connection"]');
                assert.match(await page.textContent('[data-testid="connection"]'), new RegExp(feed.url));
            } finally {
                await feed.stop();
            }
        },
    },
];
