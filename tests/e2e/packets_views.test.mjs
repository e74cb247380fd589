// The Packets page beyond the list (issue 4's CSV export, issue 7's per-observation rows and resolved paths,
// issue 9.4's "who heard it"), against the native CLI: the downloaded CSV equals `meshscope analyze --csv`,
// per-observation counts and observation-level filters match the CLI's rows, path chips follow the CLI's
// packet_detail resolution, channel keys the user added decrypt in the dissection.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, cli, generated, openSources, root, scratch, waitForStat } from './support.mjs';
import { PHONE, go, loadFiles } from './nodes.test.mjs';

const SAMPLE = join(root, 'www/sample/meshscope-sample.jsonl');
const CHANNEL_DUMP = ['--seed', '21', '--nodes', '40', '--observers', '4', '--hours', '6', '--observations', '20000'];

/** Loads the sample on the Sources page, then opens `path` inside the app. */
async function sampleAt(page, baseUrl, path) {
    const expected = analyze([SAMPLE]);
    await openSources(page, baseUrl);
    await page.click('[data-testid="load-sample"]');
    await waitForStat(page, 'stat-transmissions', expected.summary.transmissions);
    await go(page, path);
    return expected;
}

/** The CLI's CSV of `files` (`--csv` or `--csv-observations`), as text. */
function cliCsv(files, flag) {
    mkdirSync(scratch, { recursive: true });
    const out = join(scratch, `cli${flag}.csv`);
    cli(['analyze', flag, out, ...files]);
    return readFileSync(out, 'utf8');
}

/** Clicks Export CSV and returns the downloaded file's name and text. */
async function download(page) {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

/** The records of an RFC 4180 text (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text) {
    const rows = [];
    let row = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quoted) {
            if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
            else if (c === '"') quoted = false;
            else field += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') { row.push(field); field = ''; }
        else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
        else field += c;
    }
    return rows;
}

/** `rows` (header first) as objects. */
function records(rows) {
    const [header, ...body] = rows;
    return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** The page's "after first" text of a delay (observations.rs). */
function delayText(ms) {
    if (ms === 0) return 'first';
    if (ms < 1000) return `+${ms} ms`;
    if (ms < 120000) return `+${(ms / 1000).toFixed(2)} s`;
    return `+${(ms / 60000).toFixed(1)} min`;
}

export const tests = [
    {
        name: 'CSV export downloads exactly the rows shown, grouped and per observation, as the CLI writes them',
        async run({ page, baseUrl, shot }) {
            const expected = await sampleAt(page, baseUrl, '/packets');
            await waitForStat(page, 'packets-count', expected.summary.transmissions);
            const grouped = await download(page);
            assert.equal(grouped.name, 'meshscope-packets.csv');
            assert.equal(grouped.text, cliCsv([SAMPLE], '--csv'), 'the browser and the CLI write the same grouped CSV');
            const groupedRows = records(parseCsv(grouped.text));
            assert.equal(groupedRows.length, expected.summary.transmissions);
            for (const entry of expected.payload_types) {
                assert.equal(groupedRows.filter((r) => r.type === entry.payload_type).length, entry.transmissions, entry.payload_type);
            }
            assert.equal(groupedRows.reduce((sum, r) => sum + Number(r.observations), 0), expected.summary.observations);

            await page.click('[data-testid="view-observations"]');
            await page.waitForURL((url) => url.searchParams.get('view') === 'observations');
            await waitForStat(page, 'packets-count', expected.summary.observations);
            assert.match(await page.textContent('.packets-table .vtable-head'), /Observer.*SNR.*RSSI/);
            await shot('packets-observations-desktop');
            const perObservation = await download(page);
            assert.equal(perObservation.name, 'meshscope-observations.csv');
            assert.equal(perObservation.text, cliCsv([SAMPLE], '--csv-observations'));
            const observations = records(parseCsv(perObservation.text));
            assert.equal(observations.length, expected.summary.observations);

            const adverts = expected.payload_types.find((t) => t.payload_type === 'ADVERT');
            await page.fill('[data-testid="filter-input"]', 'type == ADVERT');
            await page.press('[data-testid="filter-input"]', 'Enter');
            await page.waitForURL((url) => url.searchParams.get('filter') === 'type == ADVERT' && url.searchParams.get('view') === 'observations');
            await waitForStat(page, 'packets-count', adverts.observations);
            const filtered = records(parseCsv((await download(page)).text));
            assert.equal(filtered.length, adverts.observations);
            assert.ok(filtered.every((r) => r.type === 'ADVERT'));
            assert.deepEqual(filtered, observations.filter((r) => r.type === 'ADVERT'), 'the same rows in the same order');
        },
    },
    {
        name: 'per-observation rows: observation conditions are tested on each hearing, grouped rows on any',
        async run({ page, baseUrl, shot }) {
            await sampleAt(page, baseUrl, '/packets');
            const observations = records(parseCsv(cliCsv([SAMPLE], '--csv-observations')));
            const filter = 'snr > 5';
            const strong = observations.filter((r) => r.snr !== '' && Number(r.snr) > 5);
            const strongTx = new Set(strong.map((r) => r.hash)).size;
            assert.ok(strong.length > 0 && strong.length < observations.length, 'the sample has both');
            await go(page, `/packets?filter=${encodeURIComponent(filter)}`);
            await waitForStat(page, 'packets-count', strongTx);

            await page.click('[data-testid="view-observations"]');
            await page.waitForURL((url) => url.searchParams.get('view') === 'observations' && url.searchParams.get('filter') === filter);
            await waitForStat(page, 'packets-count', strong.length);
            assert.equal(await page.getAttribute('[data-testid="view-observations"]', 'aria-current'), 'true');
            const snrs = await page.$$eval('.packets-table .vtable-row .c-snr', (cells) => cells.map((c) => Number(c.textContent)));
            assert.ok(snrs.length > 0 && snrs.every((snr) => snr > 5), `every row's own SNR is above 5: ${snrs.slice(0, 8)}`);
            await shot('packets-observations-filtered');

            await page.click('[data-testid="view-grouped"]');
            await page.waitForURL((url) => !url.searchParams.has('view') && url.searchParams.get('filter') === filter);
            await waitForStat(page, 'packets-count', strongTx);

            await page.goto(`${baseUrl}/packets?view=observations&filter=${encodeURIComponent('hops >= 2')}`);
            await page.waitForSelector('[data-testid="packets-empty"]');
            assert.equal(await page.inputValue('[data-testid="filter-input"]'), 'hops >= 2', 'the filter survives a reload');
        },
    },
    {
        name: 'paths are resolved by the shared resolver: names link to nodes, ambiguous hops list their candidates',
        async run({ page, baseUrl, shot }) {
            await sampleAt(page, baseUrl, '/packets?view=observations');
            await page.waitForSelector('.packets-table .vtable-row .c-path a.hop.named');
            const link = await page.$eval('.packets-table .c-path a.hop.named', (a) => ({ href: a.getAttribute('href'), title: a.title }));
            assert.match(link.href, /^\/nodes\/[0-9a-f]{64}$/);
            assert.match(link.title, /\((unique|neighbor evidence|geography), confidence \d+%\)/);
            const grouped = records(parseCsv(cliCsv([SAMPLE], '--csv')));
            const longest = grouped.filter((r) => r.type !== 'TRACE')
                .reduce((best, r) => (Number(r.hops) > Number(best.hops) ? r : best));
            assert.ok(Number(longest.hops) >= 2, 'a packet relayed at least twice');
            const truth = analyze([SAMPLE], ['--packet', longest.hash]).packet_detail;
            const heard = truth.heard.find((h) => h.longest) ?? truth.heard[0];
            await go(page, `/packets/${longest.hash}`);
            await page.waitForSelector('[data-testid="hearings"] tbody tr');
            const rows = await page.$$('[data-testid="hearings"] tbody tr');
            assert.equal(rows.length, truth.heard.length);
            const index = truth.heard.indexOf(heard);
            const chips = await rows[index].$$eval('.path .hop', (hops) => hops.map((h) => ({ named: h.tagName === 'A', text: h.textContent, title: h.title })));
            assert.equal(chips.length, heard.hops.length, 'one chip per hop');
            heard.hops.forEach((hop, i) => {
                const decided = ['unique', 'neighbor_evidence', 'geography'].includes(hop.method);
                assert.equal(chips[i].named, decided, `hop ${i} (${hop.method})`);
                if (hop.method === 'ambiguous') {
                    assert.match(chips[i].text, new RegExp(`\\(${hop.candidates.length} candidates\\)`));
                    assert.match(chips[i].title, new RegExp(`${hop.candidates.length} candidates: `));
                }
            });
            await shot('packet-paths-desktop');
        },
    },
    {
        name: 'who heard it: every observer with delay, signal and path, and a map of the located ones',
        async run({ page, baseUrl, shot }) {
            await sampleAt(page, baseUrl, '/packets');
            const grouped = records(parseCsv(cliCsv([SAMPLE], '--csv')));
            const widest = grouped.reduce((best, r) => (Number(r.observers) > Number(best.observers) ? r : best));
            const truth = analyze([SAMPLE], ['--packet', widest.hash]).packet_detail;
            assert.ok(truth.observers >= 2, 'a packet heard by several observers');
            await go(page, `/packets/${widest.hash}`);
            await page.waitForSelector('[data-testid="heard-summary"]');
            assert.equal(Number(await page.textContent('[data-testid="heard-observers"]')), truth.observers);
            const cells = await page.$$eval('[data-testid="hearings"] tbody tr', (rows) =>
                rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim())));
            assert.equal(cells.length, truth.heard.length);
            truth.heard.forEach((h, i) => {
                assert.equal(cells[i][0], h.observer.name ?? h.observer.public_key.slice(0, 8).toUpperCase(), `observer ${i}`);
                assert.equal(cells[i][2], delayText(h.delay_ms), `delay ${i}`);
                assert.equal(cells[i][3], h.snr_db === null ? '' : h.snr_db.toFixed(2));
                assert.equal(cells[i][4], h.rssi_dbm === null ? '' : String(h.rssi_dbm));
            });
            const located = truth.heard.some((h) => h.legs.length > 0) || truth.originator?.lat != null;
            if (located) {
                await page.waitForSelector('[data-testid="who-heard-map"] svg');
                const lines = truth.heard.flatMap((h) => h.legs).length;
                if (lines > 0) assert.ok(await page.$('[data-testid="who-heard-map"] path.route'), 'route legs are drawn');
            }
            await shot('packet-who-heard-desktop', { fullPage: true });
        },
    },
    {
        name: 'who heard it at phone width: the table and map stack without horizontal scroll',
        viewport: PHONE,
        async run({ page, baseUrl, shot }) {
            await sampleAt(page, baseUrl, '/packets?view=observations');
            await page.waitForSelector('.packets-table .vtable-row');
            await shot('packets-observations-phone');
            const grouped = records(parseCsv(cliCsv([SAMPLE], '--csv')));
            const widest = grouped.reduce((best, r) => (Number(r.observers) > Number(best.observers) ? r : best));
            await go(page, `/packets/${widest.hash}`);
            await page.waitForSelector('[data-testid="heard-summary"]');
            const width = await page.evaluate(() => document.documentElement.scrollWidth);
            assert.ok(width <= 390, `no horizontal scroll (${width}px)`);
            await shot('packet-who-heard-phone', { fullPage: true });
        },
    },
    {
        name: 'a channel added on the Channels page decrypts its packets in the dissection',
        async run({ page, baseUrl, shot }) {
            const dump = generated('channels.jsonl', CHANNEL_DUMP);
            await loadFiles(page, baseUrl, [dump]);
            const truth = analyze([dump], ['--channel', '#test', '--messages']).channel_messages.find((c) => c.name === '#test');
            assert.ok(truth && truth.messages.length > 0, 'the dump carries #test messages');
            const message = truth.messages.find((m) => m.text.length > 3) ?? truth.messages[0];
            await go(page, `/packets/${message.hash}`);
            await page.waitForSelector('[data-testid="field-tree"]');
            assert.equal(await page.$('[data-testid="field-tree"] button[data-field="text"]'), null, 'no key, no text');
            await go(page, '/channels');
            await page.fill('[data-testid="channel-input"]', '#test');
            await page.click('[data-testid="channel-add"]');
            await page.waitForSelector('[data-testid="channel-added"]');
            await go(page, `/packets/${message.hash}`);
            await page.waitForSelector('[data-testid="field-tree"] button[data-field="text"]');
            const text = await page.textContent('[data-testid="field-tree"] button[data-field="text"]');
            assert.ok(text.includes(message.text), `the dissection shows "${message.text}": ${text}`);
            assert.ok(await page.$('[data-testid="field-tree"] button[data-field="timestamp"]'), 'and the sender timestamp');
            assert.ok(await page.$('[data-testid="plain-view"]'), 'and the decrypted bytes');
            await shot('packet-decrypted-desktop');
        },
    },
];
