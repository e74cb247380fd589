// Checks the end-to-end test servers themselves, without a browser: the WebSocket replay (rate,
// --exit-after, restart on the same port, binary frames) and Mosquitto with the publisher (status
// retained, packets on per-observer topics, restart with --skip).
// Usage: node tests/servers/selftest.mjs   (prints "N passed, N failed")
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startMosquitto, startPublisher, startWsReplay } from '../e2e/fixtures/servers.mjs';

const KEYS = ['7E7662676F7F0850A8A355BAAFBFC1EB7B4174C340442D7D7161C9474A2C9400', 'AB'.repeat(32)];
const dir = mkdtempSync(join(tmpdir(), 'servers-selftest-'));
const dump = join(dir, 'dump.jsonl');
const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({
    origin: `obs${i % 2}`, origin_id: KEYS[i % 2], timestamp: new Date(Date.UTC(2024, 0, 1, 12, 0, i)).toISOString(),
    type: 'PACKET', raw: `0D04B891647EBB40BA${(i + 16).toString(16).toUpperCase()}`, SNR: '12.5', RSSI: '-75',
}));
writeFileSync(dump, `${lines.join('\n')}\n`);
const hexDump = join(dir, 'dump.hex');
writeFileSync(hexDump, '0D04B891647EBB40BA70\n0D04B891647EBB40BA71\n');

/** Collects the messages of one WebSocket client until it closes or `count` arrive. */
function collect(url, count, timeoutMs = 10_000) {
    return new Promise((resolveAll, reject) => {
        const socket = new WebSocket(url);
        const got = [];
        const timer = setTimeout(() => { socket.terminate(); reject(new Error(`only ${got.length} messages`)); }, timeoutMs);
        socket.on('message', (data, isBinary) => {
            got.push(isBinary ? Buffer.from(data).toString('hex').toUpperCase() : data.toString());
            if (got.length === count) { clearTimeout(timer); socket.close(); resolveAll({ got, code: null }); }
        });
        socket.on('close', (code) => { clearTimeout(timer); resolveAll({ got, code }); });
        socket.on('error', () => {});
    });
}

/** Subscribes with mosquitto_sub and returns `count` "topic payload" lines. */
function subscribe(port, filter, count) {
    return new Promise((resolveAll, reject) => {
        const sub = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(port), '-t', filter, '-v', '-C', String(count), '-W', '10']);
        let out = '';
        sub.stdout.on('data', (d) => { out += d; });
        sub.on('exit', (code) => (code === 0 ? resolveAll(out.trim().split('\n')) : reject(new Error(`mosquitto_sub exit ${code}: ${out}`))));
    });
}

const tests = [
    ['ws replay streams every line, exits after N and restarts on the same port', async () => {
        const feed = await startWsReplay({ file: dump, rate: 200, exitAfter: 12 });
        const first = await collect(feed.url, 100);
        assert.equal(first.got.length, 12);
        assert.equal(first.code, 1006, 'dropped abruptly');
        assert.equal(await feed.exited, 0);
        assert.equal(feed.sent(), 12);
        assert.deepEqual(JSON.parse(first.got[3]).raw, JSON.parse(lines[3]).raw);
        const again = await feed.restart({ skip: 12 });
        assert.equal(again.port, feed.port);
        const rest = await collect(again.url, 18);
        assert.equal(rest.got[0], lines[12]);
        assert.equal(again.sent(), 18);
        await again.stop();
    }],
    ['ws replay sends hex lines as binary frames when asked', async () => {
        const feed = await startWsReplay({ file: hexDump, rate: 100, binary: true });
        const { got } = await collect(feed.url, 2);
        assert.deepEqual(got, ['0D04B891647EBB40BA70', '0D04B891647EBB40BA71']);
        await feed.stop();
    }],
    ['mosquitto with the publisher: retained statuses, packets per observer topic, restart', async () => {
        const broker = await startMosquitto();
        try {
            const publisher = await startPublisher({ tcpPort: broker.tcpPort, file: dump, rate: 200, count: 10 });
            assert.equal(await publisher.done, 10);
            const statuses = await subscribe(broker.tcpPort, 'meshcore/+/+/status', 2);
            assert.deepEqual(statuses.map((line) => line.split(' ')[0]).sort(),
                KEYS.map((key) => `meshcore/SEA/${key}/status`).sort());
            const packets = subscribe(broker.tcpPort, 'meshcore/SEA/+/packets', 5);
            await new Promise((r) => setTimeout(r, 300));
            const more = await startPublisher({ tcpPort: broker.tcpPort, file: dump, rate: 200, skip: 10, count: 5, status: false });
            assert.equal(await more.done, 5);
            const got = await packets;
            assert.equal(got[0], `meshcore/SEA/${KEYS[0]}/packets ${lines[10]}`);
            assert.equal(got[1], `meshcore/SEA/${KEYS[1]}/packets ${lines[11]}`);
        } finally {
            await broker.stop();
        }
    }],
];

let failed = 0;
for (const [name, run] of tests) {
    try {
        await run();
        console.log(`ok   ${name}`);
    } catch (error) {
        failed++;
        console.log(`FAIL ${name}\n     ${error.stack}`);
    }
}
console.log(`${tests.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
