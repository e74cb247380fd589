// Live sources end to end: the Sources page connects to a real WebSocket replay server (which drops its
// clients and restarts), to a real Mosquitto broker over its WebSocket listener, and to a scripted
// serial port playing a companion radio (unplugged mid-capture, then reconnected). Each time the store
// must end up holding exactly what the native CLI reads from the same file.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deviceInfo, frameEnds, selfInfo } from './fixtures/radio-frames.mjs';
import { startMosquitto, startPublisher, startWsReplay } from './fixtures/servers.mjs';
import { analyze, generated, openSources, scratch, stat, waitForStat } from './support.mjs';

const here = import.meta.dirname;

/** The state line of the first connection card, once it matches `pattern`. */
async function waitForState(page, pattern, timeout = 20_000) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
        last = await page.textContent('[data-testid="source-state"]').catch(() => undefined);
        if (last && pattern.test(last)) return last;
        await page.waitForTimeout(100);
    }
    throw new Error(`source state is "${last}", expected ${pattern}`);
}

export const tests = [
    {
        name: 'a WebSocket feed that drops its clients is reconnected and nothing is lost',
        expectedConsoleErrors: [/WebSocket connection to .* failed/],
        async run({ page, baseUrl, shot }) {
            const file = generated('live-ws.jsonl', ['--seed', '21', '--nodes', '20', '--observers', '2',
                '--hours', '1', '--observations', '400', '--duplicates', '0']);
            const lines = readFileSync(file, 'utf8').trim().split('\n');
            const head = join(scratch, 'live-ws-head.jsonl');
            writeFileSync(head, `${lines.slice(0, 150).join('\n')}\n`);
            const beforeDrop = analyze([head]).summary;
            const expected = analyze([file]).summary;
            const first = await startWsReplay({ file, rate: 400, exitAfter: 150 });
            let second;
            try {
                await openSources(page, baseUrl);
                await page.fill('[data-testid="ws-url"]', first.url);
                await page.click('[data-testid="ws-connect"]');
                await waitForStat(page, 'stat-observations', beforeDrop.observations);
                await first.exited;
                await waitForState(page, /^retry/);
                await shot('live-ws-retrying');
                second = await first.restart({ skip: 150, rate: 400 });
                await waitForStat(page, 'stat-observations', expected.observations);
                assert.equal(second.sent(), lines.length - 150);
                assert.equal(await stat(page, 'stat-transmissions'), expected.transmissions);
                assert.equal(await stat(page, 'stat-nodes'), expected.nodes);
                await waitForState(page, /^live/);
                const counters = await page.textContent('[data-testid="source-counters"]');
                assert.match(counters, /2 connections/);
                await shot('live-ws');
            } finally {
                await first.stop();
                await second?.stop();
            }
        },
    },
    {
        name: 'an MQTT broker over WebSocket delivers the observers\' packets, across a broker restart',
        expectedConsoleErrors: [/WebSocket connection to .* failed/],
        async run({ page, baseUrl, shot }) {
            const file = generated('live-mqtt.jsonl', ['--seed', '22', '--nodes', '20', '--observers', '3',
                '--hours', '1', '--observations', '300', '--duplicates', '0']);
            const lines = readFileSync(file, 'utf8').trim().split('\n');
            const head = join(scratch, 'live-mqtt-head.jsonl');
            writeFileSync(head, `${lines.slice(0, 150).join('\n')}\n`);
            const beforeRestart = analyze([head]).summary;
            const expected = analyze([file]).summary;
            let broker = await startMosquitto();
            let publisher;
            try {
                await openSources(page, baseUrl);
                await page.fill('[data-testid="mqtt-url"]', broker.wsUrl);
                await page.fill('[data-testid="mqtt-topic"]', 'meshcore/+/+/packets');
                await page.click('[data-testid="mqtt-connect"]');
                await waitForState(page, /^live/);
                publisher = await startPublisher({ tcpPort: broker.tcpPort, file, rate: 300, count: 150, status: false });
                assert.equal(await publisher.done, 150);
                await waitForStat(page, 'stat-observations', beforeRestart.observations);
                await broker.stop();
                await waitForState(page, /^retry/);
                broker = await startMosquitto({ tcpPort: broker.tcpPort, wsPort: broker.wsPort });
                await waitForState(page, /^live/, 30_000);
                publisher = await startPublisher({ tcpPort: broker.tcpPort, file, rate: 300, skip: 150, status: false });
                assert.equal(await publisher.done, lines.length - 150);
                await waitForStat(page, 'stat-observations', expected.observations);
                assert.equal(await stat(page, 'stat-transmissions'), expected.transmissions);
                assert.equal(await stat(page, 'stat-observers'), expected.observers);
                assert.match(await page.textContent('[data-testid="source-counters"]'), /2 connections/);
                await shot('live-mqtt');
            } finally {
                await publisher?.stop();
                await broker.stop();
            }
        },
    },
    {
        name: 'a USB radio unplugged mid-capture is reconnected and its packets are all kept',
        async run({ page, baseUrl, shot }) {
            const file = generated('live-radio.serial', ['--seed', '23', '--nodes', '15', '--observers', '1',
                '--hours', '1', '--observations', '200', '--duplicates', '0', '--format', 'serial']);
            const capture = [...readFileSync(file)];
            const expected = analyze([file]).summary;
            const ends = frameEnds(capture);
            assert.equal(ends.at(-1), capture.length, 'the capture should be whole frames');
            const half = ends[Math.floor(ends.length / 2)];
            await page.addInitScript({ path: join(here, 'fixtures/scripted-serial.js') });
            await page.addInitScript((script) => {
                window.scriptedPort = createScriptedSerialPort(script);
                installScriptedSerial(window.scriptedPort);
            }, { deviceInfo: deviceInfo(), selfInfo: selfInfo(), capture, unplugAfter: half });
            await openSources(page, baseUrl);
            await page.click('[data-testid="radio-connect"]');
            await waitForState(page, /^unplugged/);
            assert.equal(await page.textContent('[data-testid="radio-name"]'), 'Hilltop');
            // What the radio delivered before the unplug reaches the store with the next drain and summary.
            let before = 0;
            for (let i = 0; i < 50 && before === 0; i++) {
                await page.waitForTimeout(100);
                before = await stat(page, 'stat-observations');
            }
            assert.ok(before > 0 && before < expected.observations, `${before} observations before the unplug`);
            await shot('live-radio-unplugged');
            await page.click('[data-testid="source-retry"]');
            await waitForStat(page, 'stat-observations', expected.observations);
            assert.equal(await stat(page, 'stat-transmissions'), expected.transmissions);
            assert.equal(await page.evaluate(() => window.scriptedPort.opens), 2);
            await shot('live-radio');
        },
    },
    {
        name: 'a feed named in the query string connects on load, and keeps running while other pages show',
        expectedConsoleErrors: [/WebSocket connection to .* failed/],
        async run({ page, baseUrl }) {
            const file = generated('live-query.jsonl', ['--seed', '24', '--nodes', '10', '--observers', '1',
                '--hours', '1', '--observations', '50', '--duplicates', '0']);
            const expected = analyze([file]).summary;
            const feed = await startWsReplay({ file, rate: 40 });
            try {
                await page.goto(`${baseUrl}/sources?ws=${encodeURIComponent(feed.url)}`);
                await page.waitForSelector('[data-testid="connection"]');
                // Sources outlive the page that started them: leave it while data flows, and come back.
                await page.click('nav >> text=Packets');
                await page.waitForTimeout(500);
                await page.click('nav >> text=Sources');
                await waitForStat(page, 'stat-observations', expected.observations);
                assert.match(await page.textContent('[data-testid="connection"]'), new RegExp(feed.url));
            } finally {
                await feed.stop();
            }
        },
    },
];
