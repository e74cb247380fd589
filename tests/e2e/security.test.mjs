// Trust, part two: nothing leaves the page except to the sources the user configured, and what a radio
// says about itself is shown as text, never run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deviceInfo, selfInfo } from './fixtures/radio-frames.mjs';
import { startWsReplay } from './fixtures/servers.mjs';
import { analyze, generated, openSources, root, waitForStat } from './support.mjs';

const HOSTILE = '<img src=x onerror="window.__xss=1">';

export const tests = [
    {
        name: 'every request goes to the site itself or to the feed the user configured',
        expectedConsoleErrors: [/WebSocket connection to .* failed/],
        async run({ page, baseUrl }) {
            const requests = [];
            const sockets = [];
            page.on('request', (request) => requests.push(request.url()));
            page.on('websocket', (socket) => sockets.push(socket.url()));
            const file = generated('security-feed.jsonl', ['--seed', '41', '--nodes', '10', '--observers', '1',
                '--hours', '1', '--observations', '60', '--duplicates', '0']);
            const feed = await startWsReplay({ file, rate: 200 });
            try {
                await openSources(page, baseUrl);
                await page.click('[data-testid="load-sample"]');
                const sample = analyze([join(root, 'www/sample/meshscope-sample.jsonl')]).summary;
                await waitForStat(page, 'stat-observations', sample.observations);
                for (const link of ['Packets', 'Nodes', 'Map', 'Channels', 'Analytics', 'Sources']) {
                    await page.click(`nav >> text=${link}`);
                    await page.waitForTimeout(300);
                }
                await page.fill('[data-testid="ws-url"]', feed.url);
                await page.click('[data-testid="ws-connect"]');
                await waitForStat(page, 'stat-observations', sample.observations + analyze([file]).summary.observations);
            } finally {
                await feed.stop();
            }
            const origin = new URL(baseUrl).origin;
            const elsewhere = requests.filter((url) => new URL(url).origin !== origin);
            assert.deepEqual(elsewhere, [], 'requests left the site');
            assert.ok(requests.length > 3, 'the page should have loaded its files');
            assert.deepEqual([...new Set(sockets)].map((url) => url.replace(/\/$/, '')), [feed.url]);
        },
    },
    {
        name: 'a radio named with markup shows the markup as text',
        async run({ page, baseUrl, shot }) {
            const file = generated('security-radio.serial', ['--seed', '42', '--nodes', '8', '--observers', '1',
                '--hours', '1', '--observations', '20', '--format', 'serial']);
            const capture = [...readFileSync(file)];
            await page.addInitScript({ path: join(import.meta.dirname, 'fixtures/scripted-serial.js') });
            await page.addInitScript((script) => {
                installScriptedSerial(createScriptedSerialPort(script));
            }, { deviceInfo: deviceInfo(), selfInfo: selfInfo(HOSTILE), capture });
            await openSources(page, baseUrl);
            await page.click('[data-testid="radio-connect"]');
            await page.waitForSelector('[data-testid="radio-name"]');
            await page.waitForFunction(
                (name) => document.querySelector('[data-testid="radio-name"]').textContent === name, HOSTILE);
            assert.equal(await page.$$eval('.radio-info img', (images) => images.length), 0);
            assert.equal(await page.evaluate(() => window.__xss ?? 0), 0);
            await shot('security-radio-name');
        },
    },
];
