// Profiles page switches: loads a generated dump into the built site (dist/) in Debian's Chromium, then records
// a CPU profile (Chrome DevTools Protocol) around each switch and prints the functions with the most self
// time, wasm and JavaScript alike (the browser's own work shows as "(program)"), then a trace of the same
// switches with the time of the renderer's main-thread tasks by kind (script, style, layout, paint...).
//
// Usage: cargo build --release --bin meshscope && trunk build --release --offline &&
//        node tests/bench/profile-switch.mjs [observations, default 300000] [pages, default Packets,Nodes]
import { openBenchSite } from './site.mjs';
import { timedSwitch } from './page_switch.mjs';

const observations = Number(process.argv[2] ?? 300_000);
const pages = (process.argv[3] ?? 'Packets,Nodes').split(',');
const port = 8798;
const { file, expected, server, browser, page } = await openBenchSite(observations, port);
try {
    await page.goto(`http://127.0.0.1:${port}/sources`);
    await page.setInputFiles('[data-testid="file-input"]', file);
    await page.waitForFunction((n) =>
        Number(document.querySelector('[data-testid="stat-observations"]').textContent.replaceAll(',', '')) === n,
    expected.observations, { timeout: 600_000, polling: 100 });
    await page.waitForTimeout(3000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    for (const link of [...pages, 'Sources', ...pages]) {
        await page.waitForTimeout(500);
        await cdp.send('Profiler.start');
        const ms = await timedSwitch(page, link);
        const { profile } = await cdp.send('Profiler.stop');
        const self = new Map();
        const byId = new Map(profile.nodes.map((n) => [n.id, n]));
        const dt = profile.timeDeltas;
        profile.samples.forEach((id, i) => {
            const node = byId.get(id);
            const name = node.callFrame.functionName || `(${node.callFrame.url.split('/').pop()})`;
            self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
        });
        const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
        console.log(`\n== ${link}: ${ms.toFixed(0)} ms`);
        for (const [name, t] of top) console.log(`${t.toFixed(1).padStart(7)} ms  ${name.slice(0, 140)}`);
    }
    const trace = await page.context().newCDPSession(page);
    for (const link of [...pages, 'Sources', ...pages]) {
        await page.waitForTimeout(500);
        const events = [];
        trace.on('Tracing.dataCollected', ({ value }) => events.push(...value));
        const complete = new Promise((resolve) => trace.once('Tracing.tracingComplete', resolve));
        await trace.send('Tracing.start', { categories: 'devtools.timeline,v8.execute,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
        const ms = await timedSwitch(page, link);
        await trace.send('Tracing.end');
        await complete;
        trace.removeAllListeners('Tracing.dataCollected');
        const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
        const byName = new Map();
        for (const e of events) {
            if (e.ph !== 'X' || !e.dur || (main && (e.pid !== main.pid || e.tid !== main.tid))) continue;
            byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
        }
        const top = [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14);
        console.log(`\n== trace ${link}: ${ms.toFixed(0)} ms (inclusive times of main-thread events)`);
        for (const [name, t] of top) console.log(`${t.toFixed(1).padStart(7)} ms  ${name}`);
    }
} finally {
    await browser.close();
    server.kill();
}
