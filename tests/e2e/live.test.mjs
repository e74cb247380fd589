// Live sources end to end: the Sources page connects to a real WebSocket replay server (which drops its
// clients and restarts), to a real Mosquitto broker over its WebSocket listener, and to a scripted
// serial port playing a companion radio (unplugged mid-capture, then reconnected). Each time the store
// must end up holding exactly what the native CLI reads from the same file.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deviceInfo, frameEnds, selfInfo } from './fixtures/radio-frames.mjs';
import { startMosquitto, startPublisher, startWsReplay } from './fixtures/servers.mjs';
import { analyze, generated, openSources, scratch, stat, waitForStat } from './support.mjs';

const here = import.meta.dirname;

/** Subscribes to `filter` on the broker's plain port; returns { messages: [{topic, payload}], stop() }. */
async function subscribe(tcpPort, filter) {
    const child = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(tcpPort), '-t', filter, '-v'],
        { stdio: ['ignore', 'pipe', 'inherit'] });
    const messages = [];
    let rest = '';
    child.stdout.on('data', (chunk) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop();
        for (const line of lines) {
            const space = line.indexOf(' ');
            messages.push({ topic: line.slice(0, space), payload: line.slice(space + 1) });
        }
    });
    const exited = new Promise((r) => child.on('exit', r));
    await new Promise((r) => setTimeout(r, 500));
    return { messages, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

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
                // The counters are redrawn on the panel's own tick, which may come after the stats'.
                const messages = `${lines.length.toLocaleString('en-US')} messages`;
                await page.waitForFunction((want) => {
                    const text = document.querySelector('[data-testid="source-counters"]')?.textContent ?? '';
                    return text.includes(want) && text.includes('2 connections');
                }, messages, { timeout: 10_000 }).catch(() => {});
                const counters = await page.textContent('[data-testid="source-counters"]');
                assert.match(counters, /2 connections/);
                assert.ok(counters.includes(messages), `${messages} in ${counters}`);
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
        name: 'a USB radio unplugged mid-frame is reconnected; every whole frame is kept, the cut one dropped',
        async run({ page, baseUrl, shot }) {
            const file = generated('live-radio.serial', ['--seed', '23', '--nodes', '15', '--observers', '1',
                '--hours', '1', '--observations', '200', '--duplicates', '0', '--format', 'serial']);
            const capture = [...readFileSync(file)];
            const expected = analyze([file]).summary;
            const ends = frameEnds(capture);
            assert.equal(ends.at(-1), capture.length, 'the capture should be whole frames');
            // Unplugged in the middle of a frame: that frame is lost (the radio reboots and starts on a new
            // one), every other frame is kept.
            const cut = Math.floor(ends.length / 2);
            const cutStart = ends[cut - 1];
            const unplugAfter = cutStart + Math.floor((ends[cut] - cutStart) / 2);
            const withoutCut = join(scratch, 'live-radio-without-cut.serial');
            writeFileSync(withoutCut, Buffer.from([...capture.slice(0, cutStart), ...capture.slice(ends[cut])]));
            const kept = analyze([withoutCut]).summary;
            assert.equal(expected.observations - kept.observations, 1, 'the cut frame is one observation');
            await page.addInitScript({ path: join(here, 'fixtures/scripted-serial.js') });
            await page.addInitScript((script) => {
                window.scriptedPort = createScriptedSerialPort(script);
                installScriptedSerial(window.scriptedPort);
            }, { deviceInfo: deviceInfo(), selfInfo: selfInfo(), capture, unplugAfter, resumeAt: ends[cut] });
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
            await waitForStat(page, 'stat-observations', kept.observations);
            assert.equal(await stat(page, 'stat-transmissions'), kept.transmissions);
            assert.equal(await page.evaluate(() => window.scriptedPort.opens), 2);
            await shot('live-radio');
        },
    },
    {
        name: 'be an observer: what the radio hears is republished to the broker in the community format',
        async run({ page, baseUrl, shot }) {
            const file = generated('live-observer.serial', ['--seed', '25', '--nodes', '15', '--observers', '1',
                '--hours', '1', '--observations', '120', '--duplicates', '0', '--format', 'serial']);
            const capture = [...readFileSync(file)];
            const ends = frameEnds(capture);
            const half = ends[Math.floor(ends.length / 2)];
            // What the radio hears after publishing starts: the frames past the unplug.
            const secondHalf = join(scratch, 'live-observer-rest.serial');
            writeFileSync(secondHalf, Buffer.from(capture.slice(half)));
            const expected = analyze([secondHalf]).summary;
            assert.ok(expected.observations > 20);
            // An observer publishes every hearing its radio reports, repeats included (the store counts those).
            const hearings = expected.observations + expected.repeats;
            const broker = await startMosquitto();
            const subscriber = await subscribe(broker.tcpPort, 'meshcore/#');
            try {
                await page.addInitScript({ path: join(here, 'fixtures/scripted-serial.js') });
                await page.addInitScript((script) => {
                    window.scriptedPort = createScriptedSerialPort(script);
                    installScriptedSerial(window.scriptedPort);
                }, { deviceInfo: deviceInfo(), selfInfo: selfInfo(), capture, unplugAfter: half });
                await openSources(page, baseUrl);
                await page.click('[data-testid="radio-connect"]');
                await waitForState(page, /^unplugged/);
                assert.equal(subscriber.messages.length, 0, 'nothing is published before the user asks');

                await page.click('.republish summary');
                await page.fill('[data-testid="republish-url"]', broker.wsUrl);
                await page.fill('[data-testid="republish-iata"]', 'tst');
                await page.click('[data-testid="republish-start"]');
                await page.waitForSelector('[data-testid="republish-state"] .state.live');
                await page.click('[data-testid="source-retry"]');
                await page.waitForFunction((n) => document.querySelector('[data-testid="republish-count"]')
                    ?.textContent === String(n), hearings, { timeout: 20_000 }).catch(async (error) => {
                    const card = await page.textContent('[data-testid="connection"]');
                    throw new Error(`${error.message}; expected ${hearings} published; the card reads: ${card}`);
                });
                assert.equal(await page.textContent('[data-testid="republish-unsent"]'), '0');
                await shot('live-observer');

                const deadline = Date.now() + 10_000;
                const packets = () => subscriber.messages.filter((m) => m.topic.endsWith('/packets'));
                while (packets().length < hearings && Date.now() < deadline) {
                    await page.waitForTimeout(100);
                }
                const topics = new Set(subscriber.messages.map((m) => m.topic));
                const key = [...topics][0].split('/')[2];
                assert.match(key, /^[0-9A-F]{64}$/);
                assert.deepEqual([...topics].sort(), [`meshcore/TST/${key}/packets`, `meshcore/TST/${key}/status`]);
                const status = JSON.parse(subscriber.messages.find((m) => m.topic.endsWith('/status')).payload);
                assert.equal(status.status, 'online');
                assert.equal(status.origin, 'Hilltop');
                assert.equal(status.radio, '910.525,62.5,7,5');
                // The published lines read back, by the CLI, as exactly what the radio heard.
                const published = join(scratch, 'live-observer-published.jsonl');
                writeFileSync(published, `${packets().map((m) => m.payload).join('\n')}\n`);
                const readBack = analyze([published]);
                assert.equal(readBack.summary.bad_records, 0);
                assert.equal(packets().length, hearings);
                assert.equal(readBack.summary.observations, expected.observations);
                assert.equal(readBack.summary.repeats, expected.repeats);
                assert.equal(readBack.summary.transmissions, expected.transmissions);
                assert.deepEqual(readBack.observers.map((o) => o.name), ['Hilltop']);

                await page.click('[data-testid="republish-stop"]');
                await page.waitForSelector('[data-testid="republish-start"]');
            } finally {
                await subscriber.stop();
                await broker.stop();
            }
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
