// The benchmarks' shared set-up: a generated dump of `observations` (120 nodes, 8 observers, 24 h), the CLI's
// summary of it, the built site served on `port` (dist/, or the directory in $DIST: e.g. a build whose wasm keeps
// its function names for profiles), and Debian's Chromium (with any flags in $CHROMIUM_FLAGS) with one
// desktop-sized page.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { analyze, generated, root } from '../e2e/support.mjs';

export async function openBenchSite(observations, port) {
    const file = generated(`bench-${observations}.jsonl`, ['--seed', '9', '--nodes', '120', '--observers', '8',
        '--hours', '24', '--observations', String(observations)]);
    const expected = analyze([file]).summary;
    const server = spawn('python3', [join(root, '.ci/static_server.py'), process.env.DIST ?? join(root, 'dist'), String(port)],
        { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 800));
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
            ...(process.env.CHROMIUM_FLAGS ?? '').split(' ').filter(Boolean)] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    return { file, expected, server, browser, page, baseUrl: `http://127.0.0.1:${port}` };
}
