// Insights: channel discovery on the Channels page (names found as the CLI finds them, adding one decrypts
// its messages, the brute force of short names timed in wasm, Cancel, no long tasks while searching) and the
// observer comparison tab (counts, SNR histogram and examples against `meshscope analyze --compare`).
import assert from 'node:assert/strict';
import { analyze, generated } from './support.mjs';
import { PHONE, go, loadFiles } from './nodes.test.mjs';

const DUMP_ARGS = ['--seed', '31', '--nodes', '40', '--observers', '3', '--hours', '6', '--observations', '20000'];

/** Starts counting long tasks (over 50 ms) in the page. */
async function watchLongTasks(page) {
    await page.evaluate(() => {
        window.__longTasks = [];
        new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) window.__longTasks.push(Math.round(entry.duration));
        }).observe({ type: 'longtask' });
    });
}

/** Runs a discovery search with a brute force bound and waits until it ends; returns the progress data. */
async function discover(page, bruteForce, timeout = 180_000) {
    await page.selectOption('[data-testid="discovery-brute-force"]', String(bruteForce));
    await page.click('[data-testid="discovery-start"]');
    await page.waitForSelector('[data-testid="discovery-progress"][data-phase="done"]', { timeout });
    return page.$eval('[data-testid="discovery-progress"]', (p) => ({
        tried: Number(p.dataset.tried),
        total: Number(p.dataset.total),
        elapsedMs: Number(p.dataset.elapsedMs),
    }));
}

async function foundNames(page) {
    return page.$$eval('[data-testid="discovery-item"]', (items) => items.map((i) => i.dataset.name).sort());
}

async function openChannels(page, baseUrl) {
    const dump = generated('insights.jsonl', DUMP_ARGS);
    const expected = await loadFiles(page, baseUrl, [dump]);
    await go(page, '/channels');
    await page.waitForSelector('[data-testid="discovery"]');
    return { dump, expected };
}

export const tests = [
    {
        name: 'channel discovery finds the hashtag channels the CLI finds, and adding one decrypts its messages',
        async run({ page, baseUrl, shot }) {
            const { dump, expected } = await openChannels(page, baseUrl);
            const cliFound = expected.channel_discovery.found.map((f) => f.name).sort();
            assert.deepEqual(cliFound, ['#bot', '#seattle', '#test'].filter((n) => cliFound.includes(n)));
            assert.ok(cliFound.includes('#seattle') && cliFound.includes('#test'), `the CLI found ${cliFound}`);
            await watchLongTasks(page);
            const progress = await discover(page, 0);
            assert.equal(progress.tried, progress.total);
            assert.deepEqual(await foundNames(page), cliFound);
            assert.deepEqual(await page.evaluate(() => window.__longTasks), [], 'no long task while searching');
            await shot('insights-discovery-desktop');

            const after = analyze([dump], ['--channel', '#seattle']);
            const seattle = after.channels.find((c) => c.name === '#seattle');
            await page.click('[data-testid="discovery-item"][data-name="#seattle"] [data-testid="discovery-add"]');
            await page.waitForFunction(() => decodeURIComponent(location.pathname) === '/channels/#seattle');
            await page.waitForSelector('[data-testid="discovery-added"]');
            await page.waitForFunction((n) => document.querySelector(
                '[data-testid="channel-list"] [data-channel="#seattle"]')?.dataset.messages === String(n), seattle.messages);
            assert.match(await page.textContent('[data-testid="discovery-added"]'), new RegExp(`Added #seattle: ${seattle.messages.toLocaleString('en-US')} stored packets? decrypted`));
            await page.waitForSelector('[data-testid="channel-messages"] .message');
            await shot('insights-discovery-added');
        },
    },
    {
        name: 'the brute force of every name up to 4 letters runs in slices, is timed, and Cancel stops it',
        async run({ page, baseUrl, shot }) {
            const { expected } = await openChannels(page, baseUrl);
            await page.selectOption('[data-testid="discovery-brute-force"]', '4');
            await page.click('[data-testid="discovery-start"]');
            await page.waitForFunction(() => Number(document.querySelector('[data-testid="discovery-progress"]')?.dataset.tried) > 1000);
            await page.click('[data-testid="discovery-cancel"]');
            await page.waitForSelector('[data-testid="discovery-progress"][data-phase="cancelled"]');
            const stopped = await page.$eval('[data-testid="discovery-progress"]', (p) => [Number(p.dataset.tried), Number(p.dataset.total)]);
            await page.waitForTimeout(300);
            const later = await page.$eval('[data-testid="discovery-progress"]', (p) => Number(p.dataset.tried));
            assert.equal(later, stopped[0], 'a cancelled search stops');
            assert.ok(stopped[0] < stopped[1]);

            await watchLongTasks(page);
            const progress = await discover(page, 4);
            const names = 36 + 36 ** 2 + 36 ** 3 + 36 ** 4;
            assert.equal(progress.total - names, expected.channel_discovery.tried);
            console.log(`discovery: ${progress.tried} names in ${progress.elapsedMs} ms in wasm (${Math.round(progress.tried / progress.elapsedMs)} names/ms)`);
            assert.deepEqual(await foundNames(page), expected.channel_discovery.found.map((f) => f.name).sort());
            const long = await page.evaluate(() => window.__longTasks);
            assert.deepEqual(long, [], `long tasks while searching: ${long}`);
            await shot('insights-discovery-brute-force');
        },
    },
    {
        name: 'channel discovery at phone width',
        viewport: PHONE,
        async run({ page, baseUrl, shot }) {
            await openChannels(page, baseUrl);
            await discover(page, 2);
            await page.locator('[data-testid="discovery"]').scrollIntoViewIfNeeded();
            await shot('insights-discovery-phone');
        },
    },
    {
        name: 'the compare tab shows what the CLI counts for two observers, with linked examples',
        async run({ page, baseUrl, shot }) {
            const dump = generated('insights.jsonl', DUMP_ARGS);
            const plain = await loadFiles(page, baseUrl, [dump]);
            const [a, b] = plain.observers.map((o) => o.name);
            const expected = analyze([dump], ['--compare', `${a},${b}`]).observer_compare;
            assert.ok(expected.both > 100, `both heard ${expected.both}`);
            await go(page, '/analytics/compare');
            await page.waitForSelector('[data-testid="compare-a"]');
            await page.selectOption('[data-testid="compare-a"]', a);
            await page.selectOption('[data-testid="compare-b"]', b);
            await page.waitForFunction(([a, b]) => {
                const query = new URLSearchParams(location.search);
                return query.get('a') === a && query.get('b') === b;
            }, [a, b]);
            const number = async (id) => Number((await page.textContent(`[data-testid="${id}"]`)).replaceAll(',', ''));
            await page.waitForFunction((n) => document.querySelector('[data-testid="compare-both"]')?.textContent.replaceAll(',', '') === String(n), expected.both);
            assert.equal(await number('compare-only-a'), expected.only_a);
            assert.equal(await number('compare-only-b'), expected.only_b);
            const bars = await page.$$eval('[data-testid="compare-snr-histogram"] .bar', (rects) => rects.map((r) => Number(r.dataset.count)));
            assert.deepEqual(bars, expected.snr.bins.map((bin) => bin.count));
            const types = await page.$$eval('[data-testid="compare-types"] tbody tr', (rows) => rows.map((r) => r.cells[0].textContent));
            assert.deepEqual(types, expected.payload_types.map((t) => t.payload_type));
            const links = await page.$$eval('[data-testid="compare-examples-both"] a', (l) => l.map((a) => a.getAttribute('href')));
            assert.deepEqual(links, expected.both_examples.map((e) => `/packets/${e.hash}`));
            await shot('insights-compare-desktop');

            // A deep link restores the choice after a reload-free navigation, and an example opens its packet.
            await go(page, `/analytics/compare?a=${encodeURIComponent(b)}&b=${encodeURIComponent(a)}`);
            await page.waitForFunction((n) => document.querySelector('[data-testid="compare-only-a"]')?.textContent.replaceAll(',', '') === String(n), expected.only_b);
            await page.click('[data-testid="compare-examples-both"] a');
            await page.waitForFunction((hash) => location.pathname === `/packets/${hash}`, expected.both_examples[0].hash);
        },
    },
    {
        name: 'the compare tab at phone width',
        viewport: PHONE,
        async run({ page, baseUrl, shot }) {
            const dump = generated('insights.jsonl', DUMP_ARGS);
            await loadFiles(page, baseUrl, [dump]);
            await go(page, '/analytics/compare');
            await page.waitForSelector('[data-testid="compare-summary"]');
            await shot('insights-compare-phone');
            await page.locator('[data-testid="compare-snr-histogram"]').scrollIntoViewIfNeeded();
            await shot('insights-compare-phone-histogram');
        },
    },
];
