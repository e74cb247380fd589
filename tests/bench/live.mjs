// Live ingest benchmark: a WebSocket feed at a sustained rate into the built site (dist/) in Chromium, with the
// Packets page open. Reports what was sent, what the store holds, dropped counts, every task over 50 ms and the
// longest gap between frames, the wasm heap, and each stored batch's time (and of those that evicted) in wasm.
//
// Usage: cargo build --release --bin meshscope && trunk build --release --offline &&
//        node tests/bench/live.mjs [messages per second, default 2000] [seconds, default 20] [budget MB]
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startWsReplay } from '../e2e/fixtures/servers.mjs';
import { generated, root } from '../e2e/support.mjs';

const rate = Number(process.argv[2] ?? 2000);
const seconds = Number(process.argv[3] ?? 20);
const budget = process.argv[4];
const port = 8798;
const file = generated(`live-bench-${rate * seconds}.jsonl`, ['--seed', '17', '--nodes', '150', '--observers', '10',
    '--hours', '6', '--observations', String(rate * seconds), '--duplicates', '0']);
const server = spawn('python3', [join(root, '.ci/static_server.py'), join(root, 'dist'), String(port)],
    { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const feed = await startWsReplay({ file, rate });
const figures = { rate, seconds, console_errors: [] };
page.on('console', (message) => {
    if (message.type() === 'error') figures.console_errors.push(message.text().slice(0, 4000));
});
page.on('pageerror', (error) => figures.console_errors.push(String(error.message).slice(0, 300)));
try {
    await page.goto(`http://127.0.0.1:${port}/sources`);
    await page.waitForSelector('[data-testid="ws-url"]');
    if (budget) {
        await page.fill('[data-testid="memory-budget"]', budget);
        await page.dispatchEvent('[data-testid="memory-budget"]', 'change');
    }
    await page.fill('[data-testid="ws-url"]', feed.url);
    await page.click('[data-testid="ws-connect"]');
    await page.click('nav >> text=Packets');
    await page.evaluate(() => {
        window.longTasks = [];
        new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) window.longTasks.push(Math.round(entry.duration));
        }).observe({ type: 'longtask' });
        window.maxFrameGap = 0;
        let last = performance.now();
        const tick = (now) => { window.maxFrameGap = Math.max(window.maxFrameGap, now - last); last = now; requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
    });
    const started = Date.now();
    // A page that cannot keep up makes the server queue: the figures are taken either way.
    await feed.waitFor('done', (seconds + 120) * 1000).catch(() => { figures.send_unfinished = true; });
    figures.sent = feed.sent();
    figures.send_seconds = (Date.now() - started) / 1000;
    await page.waitForTimeout(3000);
    figures.long_tasks_ms = await page.evaluate(() => window.longTasks);
    figures.max_frame_gap_ms = Math.round(await page.evaluate(() => window.maxFrameGap));
    await page.click('nav >> text=Sources');
    await page.waitForSelector('[data-testid="source-counters"]');
    // What the page had not read when the server finished is still in the socket: wait for it, and say how long
    // the page took to catch up (its sustained rate is messages / (send + drain) seconds).
    const messages = async () => Number(((await page.textContent('[data-testid="source-counters"]'))
        .match(/([\d,]+) messages/)?.[1] ?? '0').replaceAll(',', ''));
    const drainStarted = Date.now();
    while (await messages() < figures.sent && Date.now() - drainStarted < 180_000) await page.waitForTimeout(500);
    figures.received = await messages();
    figures.drain_seconds = (Date.now() - drainStarted) / 1000;
    figures.page_rate_per_s = Math.round(figures.received / (figures.send_seconds + figures.drain_seconds));
    await page.waitForTimeout(1500);
    figures.counters = await page.textContent('[data-testid="source-counters"]');
    figures.stored = Number((await page.textContent('[data-testid="stat-observations"]')).replaceAll(',', ''));
    figures.memory = await page.textContent('[data-testid="store-memory"]');
    figures.evicted = await page.textContent('[data-testid="store-evicted"]');
    // Each stored batch's time in wasm, and of the batches that evicted, from the Sources page's engine panel.
    figures.ingest_ms = Object.fromEntries(await page.$$eval(
        '[data-testid="engine-timings"] tbody tr[data-analytic^="ingest"]', (rows) => rows.map((row) => {
            const cells = [...row.querySelectorAll('td')].map((td) => td.textContent);
            return [cells[0], { last: Number(cells[1]), max: Number(cells[2]), batches: Number(cells[3]) }];
        })));
} catch (error) {
    await page.screenshot({ path: join(root, 'tests/e2e/artifacts/live-bench-failure.png') });
    figures.error = String(error.message ?? error).split('\n')[0];
} finally {
    await feed.stop();
    await browser.close();
    server.kill();
}
console.log(JSON.stringify(figures, null, 2));
