// The Analytics tabs built on the RF, observer, graph and insights snapshots: each tab opened by clicking it
// shows the figures the native CLI computes for the same sample.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze, openSources, root, waitForStat } from './support.mjs';
import { rows, settle as settleWithin } from './tables.mjs';

const SAMPLE = join(root, 'www/sample/meshscope-sample.jsonl');

/** The bar counts of the histogram `testid`. */
async function barCounts(page, testid) {
    await page.waitForSelector(`[data-testid="${testid}"] rect`);
    return page.$$eval(`[data-testid="${testid}"] rect`, (rects) => rects.map((r) => Number(r.dataset.count)));
}

const number = (text) => Number(text.replaceAll(',', '').replace('%', ''));
const fixed = (value, digits) => value.toFixed(digits);

/** [`settle`] with the longer wait these tabs need (the graph and insights compute only once opened). */
const settle = (read, expected, timeout = 30_000) => settleWithin(read, expected, timeout);

async function loadSample(page, baseUrl) {
    const expected = analyze([SAMPLE]);
    await openSources(page, baseUrl);
    await page.click('[data-testid="load-sample"]');
    await waitForStat(page, 'stat-observations', expected.summary.observations);
    await page.click('nav >> text=Analytics');
    return expected;
}

async function openTab(page, title) {
    await page.click(`.tabs >> text="${title}"`);
}

export const tests = [
    {
        name: 'the RF and Observers tabs show the CLI figures',
        async run({ page, baseUrl, shot }) {
            const expected = await loadSample(page, baseUrl);
            const rf = expected.rf;

            await openTab(page, 'RF');
            await settle(async () => (await rows(page, 'rf-summary')).slice(0, 2).map((cells) => [number(cells[1]), cells[3], cells[4]]),
                [rf.snr, rf.rssi].map((s) => [s.count, fixed(s.median, 1), fixed(s.mean, 1)]));
            assert.deepEqual(await barCounts(page, 'rf-snr-histogram'), rf.snr_histogram.bins.map((b) => b.count));
            assert.deepEqual(await barCounts(page, 'rf-rssi-histogram'), rf.rssi_histogram.bins.map((b) => b.count));
            assert.deepEqual((await rows(page, 'rf-by-type')).map((cells) => [cells[0], number(cells[1]), cells[2]]),
                rf.snr_by_type.map((t) => [t.payload_type, t.snr.count, fixed(t.snr.mean, 1)]));
            await shot('analytics-tab-rf', { fullPage: true });

            await openTab(page, 'Observers');
            const name = (o) => o.name ?? o.id ?? 'unnamed';
            await settle(async () => (await rows(page, 'observer-status')).map((cells) => [cells[0], number(cells[4]), number(cells[5])]),
                expected.observers.map((o) => [name(o), o.observations, o.unique_transmissions]));
            if (expected.clock_skew.observers.length > 0) {
                assert.deepEqual((await rows(page, 'observer-skew')).map((cells) => [cells[0], cells[1], number(cells[2])]),
                    expected.clock_skew.observers.map((o) => [name(o), `${o.offset_s >= 0 ? '+' : ''}${fixed(o.offset_s, 1)}`, o.samples]));
            } else {
                await page.waitForSelector('[data-testid="observer-skew-empty"]');
            }
            await shot('analytics-tab-observers', { fullPage: true });
        },
    },
    {
        name: 'the Topology and Distance tabs compute on opening and show the CLI figures',
        async run({ page, baseUrl, shot }) {
            const expected = await loadSample(page, baseUrl);

            await openTab(page, 'Topology');
            const topology = expected.topology;
            await settle(async () => (await rows(page, 'hop-distribution')).map((cells) => [number(cells[0]), number(cells[1])]),
                topology.hop_distribution.map((h) => [h.hops, h.count]));
            assert.deepEqual(await barCounts(page, 'hop-histogram'), topology.hop_distribution.map((h) => h.count));
            assert.deepEqual((await rows(page, 'repeater-degrees')).map((cells) => number(cells[2])),
                topology.top_degree.map((d) => d.neighbors));
            const hops = await rows(page, 'topology-hops');
            topology.top_hops.forEach((hop, i) => {
                assert.equal(hops[i][0], hop.hop);
                if (hop.candidates.length > 1) assert.equal(hops[i][1], `ambiguous: ${hop.candidates.length} candidates`);
            });
            const pairs = expected.route_patterns.groups[0].patterns;
            if (pairs.length > 0) {
                assert.deepEqual((await rows(page, 'route-patterns-2')).map((cells) => number(cells[1])), pairs.map((p) => p.count));
            }
            await shot('analytics-tab-topology', { fullPage: true });

            await openTab(page, 'Distance');
            const distance = expected.distance;
            await settle(async () => (await rows(page, 'distance-summary')).slice(0, 4).map((cells) => cells[1]),
                [String(distance.summary.legs), String(distance.summary.paths), fixed(distance.summary.avg_km, 2), fixed(distance.summary.max_km, 2)]
                    .map((text) => text.replace(/\B(?=(\d{3})+(?!\d))/g, ',')));
            assert.deepEqual((await rows(page, 'distance-link-types')).map((cells) => [cells[0], number(cells[1]), cells[3]]),
                distance.by_link_type.map((l) => [l.link_type, l.count, fixed(l.median_km, 2)]));
            assert.deepEqual(await barCounts(page, 'distance-histogram'), distance.histogram.map((b) => b.count));
            assert.deepEqual((await rows(page, 'distance-links')).map((cells) => [cells[3], cells[7]]),
                distance.longest_links.map((l) => [fixed(l.km, 2), l.hash]));
            await shot('analytics-tab-distance', { fullPage: true });
        },
    },
    {
        name: 'the Airtime, Anomalies and Neighbor signal tabs show the CLI figures, evidence linking to packets',
        async run({ page, baseUrl, shot }) {
            const expected = await loadSample(page, baseUrl);

            await openTab(page, 'Airtime');
            const airtime = expected.airtime;
            await settle(async () => (await rows(page, 'airtime-observers')).map((cells) => [number(cells[1]), cells[3]]),
                airtime.observers.map((o) => [o.hearings, `${fixed(o.utilisation_pct, 2)}%`]));
            assert.deepEqual((await rows(page, 'airtime-nodes')).map((cells) => [number(cells[1]), cells[2]]),
                airtime.nodes.map((n) => [n.emissions, fixed(n.airtime_ms / 1000, 1)]));
            assert.match(await page.textContent('[data-testid="airtime-radio"]'),
                new RegExp(`SF${airtime.radio.spreading_factor}, CR 4/${airtime.radio.coding_rate}`));
            if (airtime.warning_count > 0) {
                assert.equal((await rows(page, 'airtime-warnings')).length, airtime.warnings.length);
            } else {
                await page.waitForSelector('[data-testid="airtime-no-warnings"]');
            }
            await shot('analytics-tab-airtime', { fullPage: true });

            await openTab(page, 'Anomalies');
            const anomalies = expected.anomalies;
            const kinds = { loop: 'loop', likely_prefix_collision: 'likely prefix collision' };
            // Each list is a table, or says none was found.
            for (const [testid, list] of [['anomaly-repeated', anomalies.repeated_hops], ['anomaly-long', anomalies.long_paths],
                ['anomaly-storms', anomalies.storms], ['anomaly-silent', anomalies.silent_repeaters]]) {
                await page.waitForSelector(`[data-testid="${testid}${list.length > 0 ? '' : '-none'}"]`);
                assert.equal(await page.$$eval(`[data-testid="${testid}"] tbody tr`, (trs) => trs.length), list.length);
            }
            if (anomalies.repeated_hops.length > 0) {
                assert.deepEqual((await rows(page, 'anomaly-repeated')).map((cells) => [cells[0], cells[1], number(cells[3])]),
                    anomalies.repeated_hops.map((h) => [h.hop, kinds[h.kind], h.observations]));
            }
            const evidence = [...anomalies.repeated_hops, ...anomalies.long_paths, ...anomalies.silent_repeaters]
                .flatMap((entry) => entry.evidence);
            const links = await page.$$eval('.evidence a', (as) => as.map((a) => a.getAttribute('href')));
            assert.deepEqual(links, evidence.map((hash) => `/packets/${hash}`));
            await shot('analytics-tab-anomalies', { fullPage: true });

            await openTab(page, 'Neighbor signal');
            const signal = expected.neighbor_signal;
            if (signal.observers.length === 0) {
                await page.waitForSelector('[data-testid="neighbor-signal-empty"]');
            } else {
                await page.waitForSelector('[data-testid="neighbor-table"]');
                const tables = await page.$$eval('[data-testid="neighbor-table"]', (tables) => tables.map((table) =>
                    [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()))));
                assert.deepEqual(tables.map((table) => table.map((cells) => [number(cells[1]), number(cells[2]), cells[5]])),
                    signal.observers.map((o) => o.neighbors.map((n) => [n.zero_hop, n.last_hop, n.trend.direction])));
                assert.equal(await page.$$eval('[data-testid="neighbor-table"] svg.sparkline', (s) => s.length),
                    signal.observers.reduce((sum, o) => sum + o.neighbors.length, 0));
            }
            await shot('analytics-tab-neighbor-signal', { fullPage: true });
        },
    },
    {
        name: 'the Airtime tab\'s radio settings and duty limit change the figures as the CLI\'s do, and survive a reload',
        async run({ page, baseUrl, shot }) {
            await loadSample(page, baseUrl);
            const airtimeRows = async () => (await rows(page, 'airtime-nodes')).map((cells) => [number(cells[1]), cells[2]]);
            const expectedRows = (airtime) => airtime.nodes.map((n) => [n.emissions, fixed(n.airtime_ms / 1000, 1)]);
            await openTab(page, 'Airtime');
            await settle(airtimeRows, expectedRows(analyze([SAMPLE]).airtime));

            await page.selectOption('[data-testid="airtime-preset"]', 'USA/Canada (Recommended)');
            const usa = analyze([SAMPLE], ['--radio', '910.525,62.5,7,5']).airtime;
            await settle(airtimeRows, expectedRows(usa));
            assert.match(await page.textContent('[data-testid="airtime-radio"]'), /910\.525 MHz, 62\.5 kHz bandwidth, SF7, CR 4\/5/);

            await page.fill('[data-testid="airtime-duty-limit"]', '0.1');
            await page.dispatchEvent('[data-testid="airtime-duty-limit"]', 'change');
            const strict = analyze([SAMPLE], ['--radio', '910.525,62.5,7,5', '--duty-limit', '0.1']).airtime;
            assert.ok(strict.warning_count > 0, 'a 0.1 % limit should warn on the sample');
            await settle(async () => (await rows(page, 'airtime-warnings')).length, strict.warnings.length);

            await page.fill('[data-testid="airtime-radio-text"]', '910.525,62.5');
            await page.dispatchEvent('[data-testid="airtime-radio-text"]', 'change');
            assert.match(await page.textContent('[data-testid="airtime-settings-error"]'), /expected MHZ,KHZ,SF,CR/);
            await shot('analytics-tab-airtime-settings', { fullPage: true });

            // The choice is saved with the store: a reload restores both.
            await page.waitForTimeout(800);
            await page.reload();
            await page.click('.tabs >> text="Airtime"').catch(() => {});
            await page.waitForSelector('[data-testid="airtime-preset"]', { timeout: 30_000 });
            await settle(async () => page.$eval('[data-testid="airtime-preset"]', (select) => select.value),
                'USA/Canada (Recommended)');
            await settle(async () => (await rows(page, 'airtime-warnings')).length, strict.warnings.length);
        },
    },
    {
        name: 'the Channels and Neighbor graph tabs show the CLI figures; CoreScope\'s tab names are deep links',
        async run({ page, baseUrl, shot }) {
            const expected = await loadSample(page, baseUrl);
            await openTab(page, 'Channels');
            const active = expected.channels.filter((c) => c.messages > 0);
            await settle(async () => (await rows(page, 'channels-table')).map((cells) => [cells[0], cells[1], number(cells[2])]),
                active.map((c) => [c.name, c.hash, c.messages]));
            const encrypted = await page.$$eval('[data-testid="channels-table"] tbody tr',
                (trs) => trs.map((tr) => tr.dataset.encrypted === 'true'));
            assert.deepEqual(encrypted, active.map((c) => c.encrypted));
            await shot('analytics-tab-channels', { fullPage: true });

            await openTab(page, 'Neighbor graph');
            const stats = expected.neighbors.stats;
            const statsLine = await page.waitForSelector('[data-testid="graph-stats"]', { timeout: 30_000 });
            const figures = (await statsLine.textContent()).match(/\d[\d,]*(\.\d+)?/g).map(number);
            assert.deepEqual(figures.slice(0, 3), [stats.nodes, stats.edges, stats.jaccard_edges]);
            assert.equal(fixed(figures[3], 2), fixed(stats.average_degree, 2));
            assert.deepEqual(figures.slice(4, 6), [stats.ambiguous_edges, stats.unknown_edges]);
            const edges = await rows(page, 'graph-edges');
            assert.equal(edges.length, Math.min(300, expected.neighbors.edges.length));
            assert.deepEqual(edges.map((cells) => number(cells[3])),
                expected.neighbors.edges.slice(0, 300).map((e) => e.observations));
            await shot('analytics-tab-neighbor-graph', { fullPage: true });

            // CoreScope's names for what a tab shows open that tab (client-side, the store stays).
            for (const [alias, title] of [['collisions', 'Hash issues'], ['route-patterns', 'Topology'],
                ['clock-skew', 'Observers']]) {
                await page.evaluate((href) => {
                    const link = document.createElement('a');
                    link.href = href;
                    document.body.append(link);
                    link.click();
                    link.remove();
                }, `/analytics/${alias}`);
                await page.waitForFunction((t) => document.querySelector('.tabs [data-current="true"]')?.textContent === t,
                    title);
            }
        },
    },
    {
        name: 'the analytics tabs fit a phone: tables scroll inside their panel',
        viewport: { width: 390, height: 844 },
        async run({ page, baseUrl, shot }) {
            const expected = await loadSample(page, baseUrl);
            await openTab(page, 'RF');
            await page.waitForSelector('[data-testid="rf-snr-histogram"] rect');
            await shot('analytics-tab-rf-phone', { fullPage: false });
            await openTab(page, 'Neighbor signal');
            await page.waitForSelector(expected.neighbor_signal.observers.length > 0
                ? '[data-testid="neighbor-table"]' : '[data-testid="neighbor-signal-empty"]');
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`);
            await shot('analytics-tab-neighbor-signal-phone', { fullPage: false });
        },
    },
];
