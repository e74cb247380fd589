// The Map page: one marker per located node (as the CLI counts them), role filters in the address, a popup per
// node, zoom and pan, a packet's route with its ambiguous hop unplaced, no network request unless the street
// map is turned on, and hostile names shown as text.
import assert from 'node:assert/strict';
import { HOSTILE, HOSTILE_META, PHONE, forbidDialogs, go, loadFiles, loadSample } from './nodes.test.mjs';

const markers = (page) => page.$$eval('.vector-map .marker', (m) => m.length);

export const tests = [
    {
        name: 'every located node has a marker, and role filters live in the address',
        async run({ page, baseUrl, shot }) {
            const tiles = [];
            page.on('request', (request) => { if (!request.url().startsWith(baseUrl)) tiles.push(request.url()); });
            const expected = await loadSample(page, baseUrl);
            const located = expected.nodes.filter((n) => n.lat !== null && n.lon !== null);
            await go(page, '/map');
            await page.waitForSelector('.vector-map .marker');
            await page.waitForFunction((n) => document.querySelectorAll('.vector-map .marker').length === n, located.length);
            // Repeaters that are also observers are drawn (and counted) as observers.
            const chip = Number(await page.textContent('[data-category="repeater"] .tab-count'));
            const repeaters = located.filter((n) => n.role === 'REPEATER').length;
            assert.ok(chip > 0 && chip <= repeaters, `${chip} repeater markers of ${repeaters} located repeaters`);
            const started = Date.now();
            await page.click('[data-category="repeater"]');
            await page.waitForFunction(() => new URLSearchParams(location.search).get('roles') !== null);
            await page.waitForFunction((n) => document.querySelectorAll('.vector-map .marker').length === n, located.length - chip);
            console.log(`     filter to ${await markers(page)} markers in ${Date.now() - started} ms`);
            await page.click('[data-category="repeater"]');
            await page.waitForFunction((n) => document.querySelectorAll('.vector-map .marker').length === n, located.length);
            assert.ok(await page.$('[data-testid="map-scale"] text'), 'a scale bar');
            assert.ok(await page.$('.graticule path'), 'a graticule');
            await shot('map-desktop');
            assert.deepEqual(tiles, [], 'no request leaves the site while the street map is off');
        },
    },
    {
        name: 'a marker opens a popup with a link to its node; keys and buttons zoom',
        async run({ page, baseUrl, shot }) {
            const expected = await loadSample(page, baseUrl);
            await go(page, '/map');
            await page.waitForSelector('.vector-map .marker');
            const key = await page.getAttribute('.vector-map .marker', 'data-id');
            await page.click(`.vector-map .marker[data-id="${key}"]`);
            await page.waitForSelector('[data-testid="map-popup"]');
            const node = expected.nodes.find((n) => n.public_key === key);
            assert.equal(await page.textContent('.popup-name'), node.name ?? '(unnamed)');
            const scale = () => page.textContent('[data-testid="map-scale"] text');
            const before = await scale();
            await page.focus('.vector-map');
            await page.keyboard.press('+');
            await page.keyboard.press('+');
            await page.waitForFunction((text) => document.querySelector('[data-testid="map-scale"] text').textContent !== text, before);
            await page.keyboard.press('ArrowLeft');
            await shot('map-popup-zoomed');
            await page.click('[data-testid="map-fit"]');
            await page.waitForFunction((text) => document.querySelector('[data-testid="map-scale"] text').textContent === text, before);
            const box = await page.$eval('.map-canvas', (svg) => svg.getBoundingClientRect().toJSON());
            await page.mouse.move(box.x + 100, box.y + 100);
            await page.mouse.down();
            await page.mouse.move(box.x + 180, box.y + 140, { steps: 4 });
            await page.mouse.up();
            await page.click(`a[href="/nodes/${key}"]`);
            await page.waitForFunction((k) => location.pathname === `/nodes/${k}`, key);
        },
    },
    {
        name: 'a packet route is drawn hop by hop, with an ambiguous hop unplaced; names stay text',
        async run({ page, baseUrl, shot }) {
            const dialogs = forbidDialogs(page);
            const meta = HOSTILE_META;
            await loadFiles(page, baseUrl, [HOSTILE]);
            await go(page, `/map?packet=${meta.route_packet}`);
            await page.waitForSelector('[data-testid="route-panel"]');
            assert.equal(await markers(page), meta.located_nodes);
            assert.equal(await page.getAttribute('[data-testid="route-unplaced"]', 'data-count'), '1');
            const steps = await page.$$eval('.route-steps li', (items) => items.map((i) => i.textContent));
            assert.equal(steps.length, 3, JSON.stringify(steps));
            assert.ok(steps[1].includes(meta.a_prefix) && steps[1].includes('ambiguous'), steps[1]);
            const gap = await page.getAttribute('path.route.gap', 'd');
            assert.ok(gap && gap.startsWith('M'), 'the route crosses the unplaced hop as a dashed line');
            await page.click(`.vector-map .marker[data-id="${meta.node_b}"]`);
            await page.waitForSelector('[data-testid="map-popup"]');
            assert.equal(await page.textContent('.popup-name'), meta.node_b_name);
            assert.equal(await page.$$eval('.vector-map b, .vector-map img', (e) => e.length), 0);
            await shot('map-route');
            assert.deepEqual(dialogs, []);
        },
    },
    {
        name: 'the street map is opt-in: tiles are requested only once it is turned on',
        async run({ page, baseUrl }) {
            const requested = [];
            await page.route('https://tile.openstreetmap.org/**', (route) => {
                requested.push(route.request().url());
                route.fulfill({ status: 200, contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"/>' });
            });
            await loadSample(page, baseUrl);
            await go(page, '/map');
            await page.waitForSelector('.vector-map .marker');
            await page.waitForTimeout(300);
            assert.equal(requested.length, 0);
            await page.check('[data-testid="map-tiles"]');
            await page.waitForSelector('.vector-map image.tile');
            await page.waitForFunction(() => document.querySelector('.map-attribution'));
            await page.waitForTimeout(300);
            assert.ok(requested.length > 0 && requested.every((url) => /\/\d+\/\d+\/\d+\.png$/.test(url)), requested.join(' '));
        },
    },
    {
        name: 'phone width: the map fills the screen',
        viewport: PHONE,
        async run({ page, baseUrl, shot }) {
            await loadSample(page, baseUrl);
            await go(page, '/map');
            await page.waitForSelector('.vector-map .marker');
            await shot('map-phone');
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
        },
    },
];
