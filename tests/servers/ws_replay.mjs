// A WebSocket server for end-to-end tests: streams a dump file's lines (F.1 JSON, export lines or hex)
// to each client, one message per line, at a given rate.
//
// Usage: node tests/servers/ws_replay.mjs --file DUMP [--port 0] [--rate 50] [--skip 0]
//            [--exit-after N] [--binary] [--count-file PATH]
//   --port        port on 127.0.0.1 (0: any free port; the one chosen is reported)
//   --rate        messages per second per client
//   --skip        lines to skip at the start of the file (to resume after a restart)
//   --exit-after  after N messages in total, drop every client abruptly (close code 1006) and exit 0:
//                 the test restarts the server on the same port to check reconnection
//   --binary      send hex lines as binary frames (the packet bytes) instead of text
//   --count-file  keep the total of messages sent in this file (updated as they go)
// Reports on stdout, one JSON object per line:
//   {"event":"listening","port":P}  {"event":"client"}  {"event":"done","sent":N}  {"event":"exit","sent":N}
import { createReadStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { WebSocketServer } from 'ws';

function parseArgs(argv) {
    const options = { port: 0, rate: 50, skip: 0, exitAfter: null, binary: false, countFile: null, file: null };
    for (let i = 0; i < argv.length; i++) {
        const name = argv[i];
        const value = () => argv[++i];
        switch (name) {
            case '--file': options.file = value(); break;
            case '--port': options.port = Number(value()); break;
            case '--rate': options.rate = Number(value()); break;
            case '--skip': options.skip = Number(value()); break;
            case '--exit-after': options.exitAfter = Number(value()); break;
            case '--binary': options.binary = true; break;
            case '--count-file': options.countFile = value(); break;
            default: throw new Error(`unknown argument ${name}`);
        }
    }
    if (!options.file) throw new Error('--file is required');
    if (!(options.rate > 0)) throw new Error('--rate must be positive');
    return options;
}

/** The file's non-empty lines after the first `skip`, read as a stream (a long dump is bigger than a string). */
async function readLines(file, skip) {
    const lines = [];
    let seen = 0;
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
        const text = line.trim();
        if (text.length === 0) continue;
        if (seen++ >= skip) lines.push(text);
    }
    return lines;
}

const options = parseArgs(process.argv.slice(2));
const lines = await readLines(options.file, options.skip);
const report = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);
let sent = 0;

function recordCount() {
    if (options.countFile) writeFileSync(options.countFile, `${sent}\n`);
}

/** The frame for one line: hex as bytes when --binary, else the text. */
function frameOf(line) {
    if (options.binary && /^[0-9a-fA-F]+$/.test(line) && line.length % 2 === 0) {
        return Buffer.from(line, 'hex');
    }
    return line;
}

const server = new WebSocketServer({ host: '127.0.0.1', port: options.port });

function exit() {
    recordCount();
    report({ event: 'exit', sent });
    for (const client of server.clients) client.terminate();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 500).unref();
}

server.on('listening', () => report({ event: 'listening', port: server.address().port }));
server.on('connection', (socket) => {
    report({ event: 'client' });
    let next = 0;
    // Paced by the clock, not by the timer: Node's timers fire late under load, so each tick sends what the rate
    // allows since the client connected (at most a tenth of a second's worth at once).
    const started = performance.now();
    const timer = setInterval(() => {
        const due = Math.floor(((performance.now() - started) * options.rate) / 1000);
        const burst = Math.min(due - next, Math.ceil(options.rate / 10));
        for (let i = 0; i < burst; i++) {
            if (next >= lines.length) {
                clearInterval(timer);
                report({ event: 'done', sent });
                return;
            }
            socket.send(frameOf(lines[next++]));
            sent += 1;
            if (options.exitAfter !== null && sent >= options.exitAfter) {
                recordCount();
                clearInterval(timer);
                exit();
                return;
            }
        }
        recordCount();
    }, Math.min(5, 1000 / options.rate));
    socket.on('close', () => clearInterval(timer));
    socket.on('error', () => clearInterval(timer));
});

process.on('SIGTERM', exit);
process.on('SIGINT', exit);
