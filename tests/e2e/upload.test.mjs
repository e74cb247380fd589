// File ingest in the browser: the sample data, uploads with bad lines, and a 100 MB dump with a live progress
// bar, each checked against the native CLI's analysis of the same file.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, generated, openSources, root, scratch, stat, waitForStat } from './support.mjs';

/** Every store figure on the Sources page equals the CLI's summary of the same files. */
async function assertFigures(page, summary) {
    await waitForStat(page, 'stat-observations', summary.observations);
    assert.equal(await stat(page, 'stat-transmissions'), summary.transmissions);
    assert.equal(await stat(page, 'stat-nodes'), summary.nodes);
    assert.equal(await stat(page, 'stat-observers'), summary.observers);
    assert.equal(await stat(page, 'stat-bad-records'), summary.bad_records);
    assert.equal(await stat(page, 'stat-repeats'), summary.repeats);
}

export const tests = [
    {
        name: 'load sample data fills the store exactly as the CLI reads the sample',
        async run({ page, baseUrl, shot }) {
            const expected = analyze([join(root, 'www/sample/meshscope-sample.jsonl')]).summary;
            assert.ok(expected.observations > 1000, 'the sample should be substantial');
            await openSources(page, baseUrl);
            await page.click('[data-testid="load-sample"]');
            await assertFigures(page, expected);
            await page.waitForSelector('[data-testid="ingest-outcome"]');
            await shot('sources-sample');
        },
    },
    {
        name: 'uploading dumps with bad lines keeps every good record and lists the bad ones',
        async run({ page, baseUrl, shot }) {
            const first = generated('bad-lines.jsonl', ['--seed', '11', '--nodes', '25', '--hours', '2',
                '--observations', '4000', '--bad-lines', '0.01']);
            const second = generated('hex.csv', ['--seed', '12', '--nodes', '20', '--hours', '1',
                '--observations', '800', '--format', 'csv']);
            const expected = analyze([first, second]);
            assert.ok(expected.summary.bad_records > 10, 'the generator should have written bad lines');
            await openSources(page, baseUrl);
            await page.setInputFiles('[data-testid="file-input"]', [first, second]);
            await assertFigures(page, expected.summary);
            const listed = await page.$$eval('[data-testid="bad-records"] li', (items) => items.map((i) => i.textContent));
            const firstError = expected.errors[0];
            assert.ok(listed.length >= Math.min(expected.summary.bad_records, 100) - expected.summary.malformed_packets);
            assert.ok(listed.some((text) => text.includes(`line ${firstError.line}`)),
                `the first bad line (${firstError.line}: ${firstError.reason}) should be listed; got ${listed.slice(0, 3)}`);
            await shot('sources-bad-lines');
        },
    },
    {
        name: 'Export all saves a file the CLI reads back into the same store and analytics',
        async run({ page, baseUrl, shot }) {
            const sample = join(root, 'www/sample/meshscope-sample.jsonl');
            const expected = analyze([sample]);
            await openSources(page, baseUrl);
            await page.click('[data-testid="load-sample"]');
            await assertFigures(page, expected.summary);
            const [download] = await Promise.all([
                page.waitForEvent('download'),
                page.click('[data-testid="export-store"]'),
            ]);
            assert.match(download.suggestedFilename(), /^meshscope-export-\d{8}-\d{6}\.jsonl$/);
            const saved = join(scratch, 'exported.jsonl');
            await download.saveAs(saved);
            await page.waitForSelector('[data-testid="export-outcome"]');
            assert.match(await page.textContent('[data-testid="export-outcome"]'),
                new RegExp(`Saved ${expected.summary.observations.toLocaleString('en-US')} observations`));
            await shot('sources-exported');
            const readBack = analyze([saved]);
            assert.equal(readBack.summary.bad_records, 0);
            for (const key of ['observations', 'transmissions', 'nodes', 'observers', 'first_seen', 'last_seen']) {
                assert.equal(readBack.summary[key], expected.summary[key], key);
            }
            for (const key of ['payload_types', 'nodes', 'observers', 'channels', 'hash_sizes', 'hash_collisions', 'rf']) {
                assert.deepEqual(readBack[key], expected[key], key);
            }
        },
    },
    {
        name: 'a 100 MB dump loads with a live progress bar and no long frames',
        async run({ page, baseUrl, shot }) {
            const big = generated('big.jsonl', ['--seed', '5', '--nodes', '80', '--observers', '6', '--hours', '24',
                '--observations', '210000']);
            const size = statSync(big).size;
            assert.ok(size > 95e6, `the dump is only ${size} bytes`);
            const expected = analyze([big]).summary;
            await openSources(page, baseUrl);
            await page.evaluate(() => {
                window.__longTasks = [];
                new PerformanceObserver((list) => {
                    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
                }).observe({ type: 'longtask' });
            });
            await page.setInputFiles('[data-testid="file-input"]', big);
            await page.waitForSelector('[data-testid="ingest-progress"]');
            const seen = new Set();
            while (await page.$('[data-testid="ingest-progress"]')) {
                const text = await page.textContent('[data-testid="ingest-progress"]').catch(() => null);
                if (text) seen.add(text);
                if (seen.size === 3) await shot('sources-progress');
                await page.waitForTimeout(50);
            }
            assert.ok(seen.size >= 3, `the progress bar should move; it showed ${[...seen].join(' | ')}`);
            await assertFigures(page, expected);
            const longTasks = await page.evaluate(() => window.__longTasks);
            console.log(`     ${size} bytes; long tasks during the load: ${JSON.stringify(longTasks.map(Math.round))}`);
            assert.deepEqual(longTasks.filter((duration) => duration > 50), [],
                'no task over 50 ms while the file loads');
        },
    },
];
