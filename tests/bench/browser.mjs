// In-browser benchmark: loads a generated dump into the built site (dist/) in Debian's Chromium, then measures
// what a user feels: load time, page switches, frames while scrolling the packet table, the time to apply a
// filter, and every analytic's compute time in wasm (from the Sources page's engine panel).
//
// Usage: cargo build --release --bin meshscope && trunk build --release --offline &&
//        node tests/bench/browser.mjs [observations, default 300000]
// Prints one JSON object. Figures, not assertions: timing targets belong here, not in tests.
import { openBenchSite } from './site.mjs';
import { timedSwitch } from './page_switch.mjs';

const observations = Number(process.argv[2] ?? 300_000);
const port = 8797;

const { file, expected, server, browser, page, baseUrl } = await openBenchSite(observations, port);
const number = async (selector) => Number((await page.textContent(selector)).replaceAll(',', '').trim());
const figures = { observations: expected.observations, transmissions: expected.transmissions };
try {
    await page.goto(`${baseUrl}/sources`);
    await page.waitForSelector('[data-testid="file-input"]');
    let started = Date.now();
    await page.setInputFiles('[data-testid="file-input"]', file);
    await page.waitForFunction((n) =>
        Number(document.querySelector('[data-testid="stat-observations"]').textContent.replaceAll(',', '')) === n,
    expected.observations, { timeout: 600_000, polling: 100 });
    figures.load_s = (Date.now() - started) / 1000;
    await page.waitForTimeout(3000);

    // Each page's first visit (its code and its on-view analytics run for the first time), then the median of
    // three more rounds.
    const pages = ['Packets', 'Nodes', 'Map', 'Channels', 'Analytics', 'Sources'];
    const rounds = [];
    for (let round = 0; round < 4; round++) {
        const times = {};
        for (const link of pages) {
            await page.waitForTimeout(300);
            times[link] = Math.round(await timedSwitch(page, link));
        }
        rounds.push(times);
    }
    const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    figures.page_switch_ms = Object.fromEntries(pages.map((link) => [link, rounds[0][link]]));
    figures.page_switch_again_ms = Object.fromEntries(pages.map((link) =>
        [link, median(rounds.slice(1).map((times) => times[link]))]));

    await page.click('nav >> text=Analytics');
    for (const tab of ['Overview', 'Hash sizes', 'Hash issues', 'Prefix tool', 'RF', 'Observers', 'Topology',
        'Distance', 'Airtime', 'Anomalies', 'Neighbor signal']) {
        await page.click(`.tabs >> text="${tab}"`);
        await page.waitForTimeout(2500);
    }

    await page.click('nav >> text=Packets');
    await page.waitForSelector('.vtable-body');
    figures.frames_while_scrolling_ms = await page.evaluate(async () => {
        const body = document.querySelector('.vtable-body');
        const frames = [];
        let last = performance.now();
        let running = true;
        const tick = (now) => { frames.push(now - last); last = now; if (running) requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
        for (let i = 0; i < 120; i++) {
            body.scrollTop += 900;
            await new Promise((r) => setTimeout(r, 16));
        }
        running = false;
        frames.sort((a, b) => a - b);
        return { frames: frames.length, p50: frames[Math.floor(frames.length / 2)],
            p95: frames[Math.floor(frames.length * 0.95)], max: frames.at(-1) };
    });

    const before = await number('[data-testid="packets-count"]');
    started = Date.now();
    await page.fill('[data-testid="filter-input"]', 'type == ADVERT && hops >= 1');
    await page.press('[data-testid="filter-input"]', 'Enter');
    await page.waitForFunction((n) =>
        Number(document.querySelector('[data-testid="packets-count"]').textContent.replaceAll(',', '')) !== n
        && !document.querySelector('[data-testid="filter-progress"]')?.textContent.includes('%'),
    before, { timeout: 60_000, polling: 20 });
    figures.filter_apply_ms = Date.now() - started;

    await page.click('nav >> text=Sources');
    await page.waitForTimeout(1200);
    figures.analytics_ms = Object.fromEntries(await page.$$eval('[data-testid="engine-timings"] tbody tr',
        (rows) => rows.map((row) => {
            const cells = [...row.querySelectorAll('td')].map((td) => td.textContent);
            return [cells[0], {
                last: Number(cells[1]), max: Number(cells[2]), computes: Number(cells[3]),
                slices: Number(cells[4]), max_slice: Number(cells[5]),
            }];
        })));
    figures.wasm_heap_text = await page.textContent('[data-testid="store-memory"]');
} finally {
    await browser.close();
    server.kill();
}
console.log(JSON.stringify(figures, null, 2));
