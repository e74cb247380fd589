// Faults in file input: a dump that ends in the middle of a record, an upload cancelled half way, and a flood of
// forged adverts that fills the node table. Each must leave the store consistent (equal to what the native CLI
// reads from the same bytes) and say what happened.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, generated, openSources, scratch, stat, waitForStat } from './support.mjs';

/** Waits until the upload's outcome line appears and matches `pattern`; returns it. */
async function waitForOutcome(page, pattern, timeout = 60_000) {
    const handle = await page.waitForFunction((source) => {
        const text = document.querySelector('[data-testid="ingest-outcome"]')?.textContent ?? '';
        return new RegExp(source).test(text) ? text : null;
    }, pattern.source, { timeout });
    return handle.jsonValue();
}

/** An observer-format line carrying `hex`, heard at second `second` of the day. */
function line(hex, second) {
    const time = new Date(Date.UTC(2026, 0, 1) + second * 1000).toISOString().replace('Z', '+00:00');
    return JSON.stringify({
        timestamp: time, type: 'PACKET', direction: 'rx', SNR: '5.5', RSSI: '-90', raw: hex,
        origin: 'flood-watch', origin_id: 'AB'.repeat(32),
    });
}

/** A flood-routed ADVERT from a random key, with a random (invalid) signature and a companion role, no name. */
function forgedAdvert(second) {
    const timestamp = Buffer.alloc(4);
    timestamp.writeUInt32LE(1767225600 + second);
    return Buffer.concat([Buffer.from([0x11, 0x00]), randomBytes(32), timestamp, randomBytes(64), Buffer.from([0x01])])
        .toString('hex').toUpperCase();
}

export const tests = [
    {
        name: 'a dump that ends in the middle of a record keeps every whole record and names the cut line',
        async run({ page, baseUrl, shot }) {
            const whole = generated('faults-whole.jsonl', ['--seed', '31', '--nodes', '15', '--hours', '1',
                '--observations', '600']);
            const bytes = readFileSync(whole);
            const cut = join(scratch, 'faults-cut.jsonl');
            writeFileSync(cut, bytes.subarray(0, bytes.length - 120));
            const expected = analyze([cut]);
            assert.equal(expected.summary.bad_records, 1, 'the CLI should count the cut record as bad');
            const cutLine = expected.errors[0].line;
            await openSources(page, baseUrl);
            await page.setInputFiles('[data-testid="file-input"]', cut);
            await waitForStat(page, 'stat-observations', expected.summary.observations);
            assert.equal(await stat(page, 'stat-transmissions'), expected.summary.transmissions);
            assert.equal(await stat(page, 'stat-bad-records'), 1);
            await waitForOutcome(page, /1 bad/);
            const listed = await page.$$eval('[data-testid="bad-records"] li', (items) => items.map((i) => i.textContent));
            assert.equal(listed.length, 1);
            assert.match(listed[0], new RegExp(`line ${cutLine}\\b.*truncated`));
            await shot('faults-cut-file');
        },
    },
    {
        name: 'a cancelled upload keeps what was read, says so, and reading the file again completes the store',
        async run({ page, baseUrl, shot }) {
            const file = generated('faults-cancel.jsonl', ['--seed', '32', '--nodes', '60', '--observers', '4',
                '--hours', '12', '--observations', '120000', '--duplicates', '0']);
            assert.ok(statSync(file).size > 40e6, 'the file should take a few seconds to read');
            const expected = analyze([file]).summary;
            await openSources(page, baseUrl);
            await page.setInputFiles('[data-testid="file-input"]', file);
            await page.waitForFunction(() => {
                const text = document.querySelector('[data-testid="status-line"]')?.textContent ?? '';
                return Number(text.split(' ')[0].replaceAll(',', '')) > 1000;
            }, null, { timeout: 30_000 });
            await page.click('[data-testid="ingest-cancel"]');
            const outcome = await waitForOutcome(page, /cancelled/);
            assert.match(outcome, /what was read is kept/);
            assert.equal(await page.$('[data-testid="ingest-progress"]'), null, 'the progress bar should go');
            // The store settles on a part of the file: neither empty nor the whole.
            await page.waitForTimeout(1200);
            const kept = await stat(page, 'stat-observations');
            const repeatsBefore = await stat(page, 'stat-repeats');
            await page.waitForTimeout(1200);
            assert.equal(await stat(page, 'stat-observations'), kept, 'nothing is read after the cancel');
            assert.ok(kept > 1000 && kept < expected.observations, `kept ${kept} of ${expected.observations}`);
            await shot('faults-cancelled');

            // Reading the whole file again adds exactly the rest: what the first read stored is recognised as
            // repeats (the file's own repeats count once per read).
            await page.setInputFiles('[data-testid="file-input"]', file);
            await waitForOutcome(page, /bad, in [\d.]+ s$/);
            await waitForStat(page, 'stat-observations', expected.observations, 60_000);
            assert.equal(await stat(page, 'stat-transmissions'), expected.transmissions);
            assert.equal(await stat(page, 'stat-nodes'), expected.nodes);
            assert.equal(await stat(page, 'stat-repeats'), repeatsBefore + kept + expected.repeats);
        },
    },
    {
        name: 'a flood of forged adverts fills the node table to its cap and the store says how many were refused',
        async run({ page, baseUrl, shot }) {
            const count = 50_250;
            const lines = [];
            for (let index = 0; index < count; index++) lines.push(line(forgedAdvert(index), index));
            const file = join(scratch, 'faults-flood.jsonl');
            writeFileSync(file, `${lines.join('\n')}\n`);
            const expected = analyze([file]).summary;
            assert.equal(expected.nodes, 50_000, 'the CLI caps the node table');
            assert.equal(expected.nodes_refused, count - 50_000);
            await openSources(page, baseUrl);
            await page.setInputFiles('[data-testid="file-input"]', file);
            await waitForStat(page, 'stat-observations', count, 90_000);
            await waitForStat(page, 'stat-nodes', 50_000);
            const refused = await page.textContent('[data-testid="store-nodes-refused"]');
            assert.match(refused, /node table is full \(50,000 nodes\): 250 packets from new keys were not added/);
            await shot('faults-node-flood');
        },
    },
];
