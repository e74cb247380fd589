// The Packets page against the native CLI: row counts with and without a filter, keyboard opening, the
// dissection linked to the hex dump, deep links on reload, the decode box, desktop and phone layouts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, cli, openSources, root, stat, waitForStat } from './support.mjs';

const SAMPLE = join(root, 'www/sample/meshscope-sample.jsonl');

/** Loads the sample on the Sources page and opens the Packets page through the navigation (no reload). */
async function loadSample(page, baseUrl) {
    const expected = analyze([SAMPLE]);
    await openSources(page, baseUrl);
    await page.click('[data-testid="load-sample"]');
    await waitForStat(page, 'stat-transmissions', expected.summary.transmissions);
    return expected;
}

/** Applies `filter` in the filter box and waits for the count to settle on `expected`. */
async function applyFilter(page, filter, expected) {
    await page.fill('[data-testid="filter-input"]', filter);
    await page.press('[data-testid="filter-input"]', 'Enter');
    await page.waitForURL((url) => url.searchParams.get('filter') === filter);
    await waitForStat(page, 'packets-count', expected);
}

/** `meshscope decode` of one packet in hex. */
function decode(hex) {
    return JSON.parse(cli(['decode', hex]).trim().split('\n')[0]);
}

/** The packet's bytes as the hex dump shows them. */
async function dumpedHex(page, testid) {
    const bytes = await page.$$eval(`[data-testid="${testid}"] .hexbyte`, (cells) => cells.map((c) => c.textContent));
    return bytes.join('');
}

export const tests = [
    {
        name: 'the list shows every transmission, newest first, and filters match the CLI',
        async run({ page, baseUrl, shot }) {
            await page.goto(`${baseUrl}/packets`);
            await page.waitForSelector('[data-testid="packets-empty"]');
            assert.match(await page.textContent('[data-testid="packets-empty"]'), /Load sample data/);
            const expected = await loadSample(page, baseUrl);
            await page.click('nav >> text=Packets');
            await waitForStat(page, 'packets-count', expected.summary.transmissions);
            const rendered = await page.$$eval('.packets-table .vtable-row', (rows) => rows.length);
            assert.ok(rendered > 10 && rendered < 80, `only visible rows are built (${rendered})`);
            const times = await page.$$eval('.packets-table .vtable-row .c-time', (cells) => cells.map((c) => c.textContent));
            assert.deepEqual([...times].sort().reverse(), times, 'newest first');
            await shot('packets-desktop');

            const adverts = expected.payload_types.find((t) => t.payload_type === 'ADVERT').transmissions;
            await applyFilter(page, 'type == ADVERT', adverts);
            const types = await page.$$eval('.packets-table .vtable-row .c-type', (cells) => cells.map((c) => c.textContent));
            assert.ok(types.length > 0 && types.every((t) => t === 'ADVERT'), `only adverts: ${types.slice(0, 5)}`);
            const groups = expected.payload_types.find((t) => t.payload_type === 'GRP_TXT').transmissions;
            await applyFilter(page, 'type == GRP_TXT || type == ADVERT', adverts + groups);
            await shot('packets-filtered');

            await page.fill('[data-testid="filter-input"]', 'type == ADVERT && snrr > 5');
            const error = await page.textContent('[data-testid="filter-error"]');
            assert.match(error, /unknown field `snrr` at column 19/);
            assert.match(error, /did you mean `snr`/);
            await shot('packets-filter-error');

            await page.goto(`${baseUrl}/packets?filter=${encodeURIComponent('hops >= 3')}`);
            assert.equal(await page.inputValue('[data-testid="filter-input"]'), 'hops >= 3', 'the filter comes from the URL');
        },
    },
    {
        name: 'a packet opens by keyboard with its dissection, and fields and bytes select each other',
        async run({ page, baseUrl, shot }) {
            await loadSample(page, baseUrl);
            await page.click('nav >> text=Packets');
            await applyFilter(page, 'type == ADVERT', analyze([SAMPLE]).payload_types.find((t) => t.payload_type === 'ADVERT').transmissions);
            await page.focus('.packets-table');
            await page.keyboard.press('ArrowDown');
            await page.keyboard.press('ArrowDown');
            const row = await page.$eval('.packets-table .vtable-row.selected .c-hash', (c) => c.textContent);
            await page.keyboard.press('Enter');
            await page.waitForURL(`**/packets/${row}`);
            await page.waitForSelector('[data-testid="field-tree"]');
            assert.equal(await page.textContent('[data-testid="packet-hash"]'), row);
            assert.equal(await page.textContent('[data-testid="packet-type"]'), 'ADVERT');
            const truth = decode(await dumpedHex(page, 'hex-view'));
            assert.equal(truth.packet_hash, row, 'the dumped bytes hash to the packet hash');
            assert.equal(truth.payload_type, 'ADVERT');
            await page.waitForSelector('[data-testid="hearings"] tbody tr');

            await page.click('[data-testid="field-tree"] button[data-field="path_len"]');
            const lit = await page.$$eval('[data-testid="hex-view"] .hexbyte.hl', (cells) => cells.map((c) => Number(c.dataset.offset)));
            assert.deepEqual(lit, [1], 'path_len is byte 1');
            await page.click('[data-testid="hex-view"] .hexbyte[data-offset="0"]');
            const selected = await page.$eval('[data-testid="field-tree"] button.selected', (b) => [Number(b.dataset.start), Number(b.dataset.end)]);
            assert.deepEqual(selected, [0, 1], 'byte 0 selects the header field');
            await shot('packet-detail-desktop');

            await page.reload();
            await page.waitForSelector('[data-testid="packet-missing"]');
            assert.match(await page.textContent('[data-testid="packet-missing"]'), new RegExp(row));
            await page.click('a[href="/sources"] >> nth=-1');
            await page.click('[data-testid="load-sample"]');
            await page.waitForSelector('[data-testid="ingest-outcome"]');
            await page.goBack();
            await page.waitForSelector('[data-testid="field-tree"]');
            assert.equal(await page.textContent('[data-testid="packet-hash"]'), row, 'the deep link shows the packet');
        },
    },
    {
        name: 'the decode box dissects a real packet without storing it',
        async run({ page, baseUrl, shot }) {
            const vector = JSON.parse(readFileSync('/work/shared/vectors/meshcore-vectors.json', 'utf8'))
                .find((v) => v.expect?.payloadTypeName === 'ADVERT' && v.reference_decode?.packetHash);
            await page.goto(`${baseUrl}/packets`);
            await page.click('[data-testid="decode-box"] summary');
            await page.fill('[data-testid="decode-input"]', vector.hex);
            await page.waitForSelector('[data-testid="decode-result"] [data-testid="field-tree"]');
            const summary = await page.textContent('[data-testid="decode-result"] [data-testid="dissect-summary"]');
            assert.match(summary, /ADVERT/i);
            assert.match(summary, new RegExp(vector.expect.name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
            assert.equal((await dumpedHex(page, 'hex-view')).toLowerCase(), vector.hex.toLowerCase());
            assert.ok(await page.$('[data-testid="packets-empty"]'), 'nothing was stored');
            await page.fill('[data-testid="decode-input"]', '11zz');
            await page.waitForSelector('[data-testid="decode-error"]');
            await page.fill('[data-testid="decode-input"]', vector.hex);
            await shot('packets-decode');
        },
    },
    {
        name: 'phone width: fewer columns, the packet page stacks',
        viewport: { width: 390, height: 844 },
        async run({ page, baseUrl, shot }) {
            await loadSample(page, baseUrl);
            await page.click('nav >> text=Packets');
            await page.waitForSelector('.packets-table .vtable-row');
            assert.equal(await page.isVisible('.packets-table .vtable-row .c-route'), false, 'the route column is hidden');
            const width = await page.evaluate(() => document.documentElement.scrollWidth);
            assert.ok(width <= 390, `no horizontal scroll (${width}px)`);
            await shot('packets-phone');
            await page.focus('.packets-table');
            await page.keyboard.press('ArrowDown');
            await page.keyboard.press('Enter');
            await page.waitForSelector('[data-testid="field-tree"]');
            await shot('packet-detail-phone', { fullPage: true });
        },
    },
];
