// End-to-end test runner: serves the built site (dist/), drives Debian's Chromium with playwright-core and
// runs every `*.test.mjs` beside this file. A test fails on a thrown error, a browser console error or an
// uncaught page exception (unless it matches one of the test's `expectedConsoleErrors` patterns). Screenshots go to tests/e2e/artifacts/ (not in git).
//
// Usage: node tests/e2e/run.mjs [name-filter...]
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const artifacts = join(here, 'artifacts');
const port = Number(process.env.E2E_PORT ?? 8787);
const baseUrl = `http://127.0.0.1:${port}`;
const filters = process.argv.slice(2);

const CHROMIUM_ARGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage',
];

/** Starts the same static server the README's run command uses, and waits until it answers. */
async function startServer() {
    const server = spawn('python3', [join(root, '.ci/static_server.py'), join(root, 'dist'), String(port)], {
        stdio: ['ignore', 'inherit', 'inherit'],
    });
    for (let i = 0; i < 100; i++) {
        try {
            const response = await fetch(`${baseUrl}/`);
            if (response.ok) return server;
        } catch {
            // not listening yet
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    server.kill();
    throw new Error(`static server did not start on port ${port}`);
}

/** Collects every `tests` export of the test files, in file order. */
async function loadTests() {
    const files = readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort();
    const all = [];
    for (const file of files) {
        const module = await import(join(here, file));
        for (const test of module.tests) all.push({ ...test, file });
    }
    return all.filter((t) => filters.length === 0 || filters.some((f) => `${t.file} ${t.name}`.includes(f)));
}

async function runOne(browser, test) {
    const context = await browser.newContext({ viewport: test.viewport ?? { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
    const shot = async (name, options = {}) => {
        await page.screenshot({ path: join(artifacts, `${name}.png`), ...options });
    };
    try {
        await test.run({ page, context, baseUrl, shot, root });
        // A test may expect some errors (a refused script, a server it killed): it lists their patterns.
        const expected = test.expectedConsoleErrors ?? [];
        const unexpected = problems.filter((problem) => !expected.some((pattern) => pattern.test(problem)));
        if (unexpected.length) throw new Error(unexpected.join('\n'));
    } finally {
        await context.close();
    }
}

async function main() {
    mkdirSync(artifacts, { recursive: true });
    const tests = await loadTests();
    if (tests.length === 0) throw new Error('no end-to-end test matched');
    const server = await startServer();
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    let failed = 0;
    try {
        for (const test of tests) {
            const started = performance.now();
            try {
                await runOne(browser, test);
                console.log(`ok   ${test.file} > ${test.name} (${Math.round(performance.now() - started)} ms)`);
            } catch (error) {
                failed++;
                console.log(`FAIL ${test.file} > ${test.name}\n     ${String(error.stack ?? error).replaceAll('\n', '\n     ')}`);
            }
        }
    } finally {
        await browser.close();
        server.kill();
    }
    console.log(`\n${tests.length - failed} passed, ${failed} failed; screenshots in ${artifacts}`);
    process.exit(failed ? 1 : 0);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
