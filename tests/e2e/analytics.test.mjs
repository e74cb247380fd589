// The Analytics page: each tab renders its snapshot, and the figures equal the native CLI's analysis of
// the same sample.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze, openSources, root, waitForStat } from './support.mjs';
import { rows, settle } from './tables.mjs';

const SAMPLE = join(root, 'www/sample/meshscope-sample.jsonl');

const number = (text) => Number(text.replaceAll(',', ''));

async function loadSample(page, baseUrl) {
    const expected = analyze([SAMPLE]);
    await openSources(page, baseUrl);
    await page.click('[data-testid="load-sample"]');
    await waitForStat(page, 'stat-observations', expected.summary.observations);
    return expected;
}

export const tests = [
    {
        name: 'before any data the page says where to get some',
        async run({ page, baseUrl }) {
            await page.goto(`${baseUrl}/analytics/hash-sizes`);
            await page.waitForSelector('[data-testid="analytics-empty"]');
            assert.match(await page.textContent('[data-testid="analytics-empty"]'), /Load sample data/);
        },
    },
    {
        name: 'overview and hash tabs show what the CLI computes, on deep links',
        async run({ page, baseUrl, shot }) {
            const expected = await loadSample(page, baseUrl);
            await page.click('nav >> text=Analytics');
            const byType = (list) => list.map((entry) => entry.join(' ')).sort();
            await settle(async () => byType((await rows(page, 'payload-types')).map((cells) =>
                [cells[0], number(cells[1]), number(cells[2])])),
                byType(expected.payload_types.map((e) => [e.payload_type, e.transmissions, e.observations])));
            await shot('analytics-overview');

            await page.click('.tabs >> text=Hash sizes');
            await settle(async () => (await rows(page, 'size-distribution')).map((cells) => number(cells[1])),
                [1, 2, 3].map((size) => expected.hash_sizes.distribution[String(size)]));
            await shot('analytics-hash-sizes');

            await page.reload();
            await page.waitForSelector('[data-testid="size-distribution"]');
            await page.click('.tabs >> text=Hash issues');
            await settle(async () => (await rows(page, 'prefix-spaces')).map((cells) => number(cells[1])),
                expected.hash_collisions.stats.map((s) => s.used));
            assert.equal(await page.$$eval('[data-testid="prefix-matrix"] .cell', (cells) => cells.length), 256);
            const listed = await page.$$eval('[data-testid="collisions-1"] tbody tr', (trs) => trs.length);
            assert.equal(listed, Math.min(100, expected.hash_collisions.one_byte.length));
            await shot('analytics-hash-issues');
        },
    },
    {
        name: 'the prefix tool recommends a size, checks prefixes and proposes a free one',
        async run({ page, baseUrl, shot }) {
            const expected = await loadSample(page, baseUrl);
            await page.click('nav >> text=Analytics');
            await page.click('.tabs >> text=Prefix tool');
            await page.waitForSelector('[data-testid="recommendation"]');
            const bytes = expected.prefix_tool.recommendation.bytes;
            await settle(async () => /(\d) byte/.exec(await page.textContent('[data-testid="recommendation"]'))?.[1],
                String(bytes));
            const collision = expected.hash_collisions.one_byte[0];
            if (collision) {
                await page.fill('[data-testid="prefix-input"]', collision.prefix);
                const result = await rows(page, 'prefix-result');
                assert.equal(number(result[0][1]), collision.appearances);
            }
            await page.fill('[data-testid="prefix-input"]', 'XYZ');
            assert.match(await page.textContent('[data-testid="prefix-error"]'), /hex|digits/);
            await page.click('[data-testid="free-prefix-2"]');
            assert.match(await page.textContent('[data-testid="free-prefix"]'), /^[0-9A-F]{4}: free at 2 bytes/);
            await shot('analytics-prefix-tool');
            await page.setViewportSize({ width: 390, height: 844 });
            await page.click('.tabs >> text=Hash issues');
            await page.waitForSelector('[data-testid="prefix-matrix"]');
            await shot('analytics-hash-issues-phone', { fullPage: false });
        },
    },
];
