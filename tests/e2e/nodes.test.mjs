// The Nodes page and the node page: role counts against the CLI, search, sort, keyboard navigation, deep links,
// ambiguity of shared prefixes, contact QR code, and hostile names shown as text. Also exports the navigation
// helpers the map and channel tests share.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, openSources, root } from './support.mjs';

export const SAMPLE = join(root, 'www/sample/meshscope-sample.jsonl');
export const HOSTILE = join(root, 'tests/e2e/fixtures/hostile.jsonl');
export const HOSTILE_META = JSON.parse(readFileSync(join(root, 'tests/e2e/fixtures/hostile.meta.json'), 'utf8'));
export const PHONE = { width: 390, height: 844 };

/** Navigates inside the app (the store lives in the page: a reload would empty it). */
export async function go(page, path) {
    await page.evaluate((href) => {
        const link = document.createElement('a');
        link.href = href;
        document.body.append(link);
        link.click();
        link.remove();
    }, path);
    await page.waitForFunction((href) => location.pathname + location.search === href, path);
}

/** Loads the shipped sample on the Sources page and waits until the status line counts `observations`. */
export async function loadSample(page, baseUrl) {
    const expected = analyze([SAMPLE]);
    await openSources(page, baseUrl);
    await page.click('[data-testid="load-sample"]');
    await waitForObservations(page, expected.summary.observations);
    return expected;
}

/** Uploads `files` on the Sources page and waits until the store holds them all. */
export async function loadFiles(page, baseUrl, files, extra = []) {
    const expected = analyze(files, extra);
    await openSources(page, baseUrl);
    await page.setInputFiles('[data-testid="file-input"]', files);
    await waitForObservations(page, expected.summary.observations);
    return expected;
}

async function waitForObservations(page, count) {
    await page.waitForFunction((n) => {
        const text = document.querySelector('[data-testid="status-line"]')?.textContent ?? '';
        return Number(text.split(' ')[0].replaceAll(',', '')) === n;
    }, count, { timeout: 60_000 });
}

/** Fails the test on any alert: a hostile name that ran as HTML would raise one. */
export function forbidDialogs(page) {
    const dialogs = [];
    page.on('dialog', async (dialog) => {
        dialogs.push(dialog.message());
        await dialog.dismiss();
    });
    return dialogs;
}

/** The tab of each role name in `meshscope analyze --json`'s `nodes`. */
function tabOf(role) {
    return { REPEATER: 'repeaters', CHAT: 'companions', ROOM: 'rooms', SENSOR: 'sensors' }[role] ?? 'unknown';
}

async function tabCount(page, tab) {
    const text = await page.textContent(`[data-tab="${tab}"] .tab-count`);
    return Number(text.replaceAll(',', ''));
}

async function rowNames(page) {
    return page.$$eval('[data-testid="nodes-table"] tbody tr .row-link', (links) => links.map((a) => a.textContent));
}

export const tests = [
    {
        name: 'role tabs count the nodes as the CLI does, and each tab lists its own',
        async run({ page, baseUrl, shot }) {
            const expected = await loadSample(page, baseUrl);
            await go(page, '/nodes');
            await page.waitForSelector('[data-testid="nodes-table"] tbody tr');
            const counts = { all: expected.nodes.length, repeaters: 0, companions: 0, rooms: 0, sensors: 0, unknown: 0 };
            for (const node of expected.nodes) counts[tabOf(node.role)]++;
            await page.waitForFunction((n) => document.querySelector('[data-testid="node-count"]')?.textContent === `${n} nodes`,
                expected.nodes.length);
            for (const [tab, count] of Object.entries(counts)) {
                assert.equal(await tabCount(page, tab), count, `${tab} count`);
            }
            await page.click('[data-tab="repeaters"]');
            await page.waitForFunction(() => location.search === '?tab=repeaters');
            const names = await rowNames(page);
            assert.equal(names.length, counts.repeaters);
            const repeaters = expected.nodes.filter((n) => n.role === 'REPEATER').map((n) => n.name ?? '(unnamed)');
            assert.deepEqual([...names].sort(), [...repeaters].sort());
            await shot('nodes-repeaters');
        },
    },
    {
        name: 'search by name or key prefix, sort by a header, both in the address',
        async run({ page, baseUrl, shot }) {
            const expected = await loadSample(page, baseUrl);
            await go(page, '/nodes');
            await page.waitForSelector('[data-testid="nodes-table"] tbody tr');
            const named = expected.nodes.find((n) => n.name && n.name.length > 4);
            const word = named.name.slice(0, 4).toLowerCase();
            await page.fill('[data-testid="node-search"]', word);
            await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, word);
            const matching = expected.nodes.filter((n) => (n.name ?? '').toLowerCase().includes(word)
                || (n.public_key ?? '').startsWith(word));
            await page.waitForFunction((n) => document.querySelectorAll('[data-testid="nodes-table"] tbody tr').length === n,
                matching.length);
            const key = expected.nodes.filter((n) => n.public_key)[3].public_key;
            // The name search may itself have left one row: wait for the key search to reach the address first.
            const prefix = key.slice(0, 6).toUpperCase();
            await page.fill('[data-testid="node-search"]', prefix);
            await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, prefix);
            await page.waitForFunction((k) => {
                const rows = document.querySelectorAll('[data-testid="nodes-table"] tbody tr');
                return rows.length === 1 && rows[0].dataset.key === k;
            }, key);
            await page.fill('[data-testid="node-search"]', '');
            await page.waitForFunction((n) => document.querySelectorAll('[data-testid="nodes-table"] tbody tr').length === n,
                expected.nodes.length);

            await page.click('th[data-column="adverts"] a');
            await page.waitForFunction(() => new URLSearchParams(location.search).get('sort') === '-adverts');
            const most = Math.max(...expected.nodes.map((n) => n.adverts));
            const first = await page.textContent('[data-testid="nodes-table"] tbody tr td[data-column="adverts"]');
            assert.equal(Number(first), most);
            assert.equal(await page.getAttribute('th[data-column="adverts"]', 'aria-sort'), 'descending');
            await page.click('th[data-column="adverts"] a');
            await page.waitForFunction(() => new URLSearchParams(location.search).get('sort') === 'adverts');
            const least = Math.min(...expected.nodes.map((n) => n.adverts));
            assert.equal(Number(await page.textContent('[data-testid="nodes-table"] tbody tr td[data-column="adverts"]')), least);

            await page.click('th[data-column="name"] a');
            await page.waitForFunction(() => new URLSearchParams(location.search).get('sort') === null);
            const names = (await rowNames(page)).filter((n) => n !== '(unnamed)');
            const sorted = [...names].sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
            assert.deepEqual(names, sorted, 'names A to Z');
            await shot('nodes-desktop');
        },
    },
    {
        name: 'arrow keys walk the rows and Enter opens the node page',
        async run({ page, baseUrl }) {
            await loadSample(page, baseUrl);
            await go(page, '/nodes?sort=key');
            await page.waitForSelector('[data-testid="nodes-table"] tbody tr');
            const keys = await page.$$eval('[data-testid="nodes-table"] tbody tr', (rows) => rows.map((r) => r.dataset.key));
            await page.focus('[data-testid="node-search"]');
            await page.keyboard.press('ArrowDown');
            await page.keyboard.press('ArrowDown');
            await page.keyboard.press('ArrowDown');
            await page.keyboard.press('ArrowUp');
            const focused = await page.evaluate(() => document.activeElement.closest('tr')?.dataset.key);
            assert.equal(focused, keys[1]);
            await page.keyboard.press('Enter');
            await page.waitForFunction((key) => location.pathname === `/nodes/${key}`, keys[1]);
            await page.waitForSelector('[data-testid="node-key"]');
            assert.equal(await page.textContent('[data-testid="node-key"]'), keys[1]);
        },
    },
    {
        name: 'node page: identity, contact link and QR code, activity, and a deep link on reload',
        async run({ page, baseUrl, shot }) {
            const expected = await loadSample(page, baseUrl);
            const node = expected.nodes.find((n) => n.role === 'REPEATER' && n.lat !== null);
            await go(page, `/nodes/${node.public_key}`);
            await page.waitForSelector('[data-testid="node-name"]');
            assert.equal((await page.textContent('[data-testid="node-name"]')).trim(), node.name);
            assert.equal(await page.textContent('[data-testid="node-role"]'), 'Repeater');
            assert.equal(Number(await page.textContent('[data-testid="node-adverts"]')), node.adverts);
            const link = await page.getAttribute('[data-testid="contact-link"]', 'href');
            assert.ok(link.startsWith('meshcore://contact/add?name='), link);
            assert.ok(link.endsWith(`&public_key=${node.public_key}&type=2`), link);
            const modules = Number(await page.getAttribute('svg.qr', 'data-modules'));
            assert.ok(modules >= 21 + 8 && (modules - 8 - 17) % 4 === 0, `a QR code of a valid size, not ${modules}`);
            assert.equal(await page.$$eval('.node-map .marker', (m) => m.length) >= 1, true);
            await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="node-activity"] rect.bar')]
                .some((bar) => Number(bar.getAttribute('height')) > 0));
            await page.waitForSelector('[data-testid="node-heard-by"] tbody tr');
            await shot('node-desktop');

            await page.reload();
            await page.waitForSelector('[data-testid="node-no-data"]');
            assert.ok((await page.textContent('[data-testid="node-no-data"]')).includes(node.public_key));
            await page.goto(`${baseUrl}/nodes/${'0'.repeat(64)}`);
            await page.waitForSelector('[data-testid="node-no-data"]');
        },
    },
    {
        name: 'unknown and malformed keys say so',
        async run({ page, baseUrl }) {
            await loadSample(page, baseUrl);
            await go(page, `/nodes/${'0'.repeat(64)}`);
            await page.waitForSelector('[data-testid="node-unknown"]');
            await go(page, '/nodes/not-a-key');
            await page.waitForSelector('[data-testid="node-invalid"]');
        },
    },
    {
        name: 'hostile names render as text, and a shared prefix is shown as ambiguous',
        async run({ page, baseUrl, shot }) {
            const dialogs = forbidDialogs(page);
            const meta = HOSTILE_META;
            await loadFiles(page, baseUrl, [HOSTILE]);
            await go(page, '/nodes');
            await page.waitForSelector('[data-testid="nodes-table"] tbody tr');
            const names = await rowNames(page);
            assert.ok(names.includes(meta.hostile_node), JSON.stringify(names));
            assert.ok(names.includes(meta.node_b_name), JSON.stringify(names));
            assert.equal(await page.$$eval('[data-testid="nodes-table"] img, [data-testid="nodes-table"] b', (e) => e.length), 0);
            await go(page, `/nodes/${meta.node_a}`);
            await page.waitForSelector('[data-testid="node-name"]');
            assert.equal((await page.textContent('[data-testid="node-name"]')).trim(), meta.hostile_node);
            const ambiguity = await page.textContent('[data-testid="node-prefixes"]');
            assert.ok(ambiguity.includes('Ambiguous'), ambiguity);
            assert.ok(await page.$(`[data-testid="node-prefixes"] a[href="/nodes/${meta.node_c}"]`), 'the other node is listed');
            await shot('node-hostile');
            await go(page, `/nodes/${meta.a_prefix}`);
            await page.waitForSelector('[data-testid="prefix-candidates"]');
            assert.equal(await page.$$eval('[data-testid="prefix-candidates"] li', (l) => l.length), 2);
            assert.deepEqual(dialogs, []);
        },
    },
    {
        name: 'phone width: the node list and a node page stay usable',
        viewport: PHONE,
        async run({ page, baseUrl, shot }) {
            const expected = await loadSample(page, baseUrl);
            await go(page, '/nodes');
            await page.waitForSelector('[data-testid="nodes-table"] tbody tr');
            await shot('nodes-phone');
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
            const node = expected.nodes.find((n) => n.lat !== null);
            await go(page, `/nodes/${node.public_key}`);
            await page.waitForSelector('[data-testid="node-name"]');
            await shot('node-phone', { fullPage: true });
            const nodeOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            assert.ok(nodeOverflow <= 0, `the node page scrolls sideways by ${nodeOverflow} px`);
        },
    },
];
