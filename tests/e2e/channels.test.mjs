// The Channels page: message counts per channel against the CLI, adding a #hashtag channel decrypts what was
// encrypted (counts before and after as the CLI without and with --channel), bad secrets, deep links, and
// hostile senders and texts shown as text.
import assert from 'node:assert/strict';
import { generated } from './support.mjs';
import { HOSTILE, HOSTILE_META, PHONE, forbidDialogs, go, loadFiles, loadSample } from './nodes.test.mjs';

const DUMP_ARGS = ['--seed', '21', '--nodes', '40', '--observers', '4', '--hours', '6', '--observations', '20000'];

/** The message count the list shows for channel `name`. */
async function listed(page, name) {
    return Number(await page.getAttribute(`[data-testid="channel-list"] [data-channel="${name}"]`, 'data-messages'));
}

async function channelHashes(page) {
    return page.$$eval('[data-testid="encrypted-list"] [data-hash]', (items) =>
        Object.fromEntries(items.map((i) => [i.dataset.hash, Number(i.dataset.packets)])));
}

export const tests = [
    {
        name: 'the channel list counts messages as the CLI does, and a channel shows them newest last',
        async run({ page, baseUrl, shot }) {
            const expected = await loadSample(page, baseUrl);
            await go(page, '/channels');
            await page.waitForSelector('[data-testid="channel-list"] [data-channel]');
            for (const channel of expected.channels.filter((c) => !c.encrypted)) {
                assert.equal(await listed(page, channel.name), channel.messages, channel.name);
                await page.waitForFunction(({ name, senders }) => document.querySelector(
                    `[data-testid="channel-list"] [data-channel="${name}"]`)?.dataset.senders === String(senders), channel);
            }
            await page.click('[data-testid="channel-list"] [data-channel="Public"] a');
            await page.waitForFunction(() => location.pathname === '/channels/Public');
            await page.waitForSelector('[data-testid="channel-messages"] .message');
            const shown = await page.$$eval('[data-testid="channel-messages"] .message', (m) => m.length);
            assert.equal(shown, Math.min(100, expected.channels[0].messages));
            const scrolled = await page.$eval('[data-testid="channel-messages"]', (list) =>
                list.scrollHeight <= list.clientHeight || list.scrollTop + list.clientHeight >= list.scrollHeight - 2);
            assert.ok(scrolled, 'the newest message is in view');
            await shot('channels-desktop');
        },
    },
    {
        name: 'adding #test decrypts its stored messages: counts before and after match the CLI',
        async run({ page, baseUrl, shot }) {
            const dump = generated('channels.jsonl', DUMP_ARGS);
            const before = await loadFiles(page, baseUrl, [dump]);
            const after = (await import('./support.mjs')).analyze([dump], ['--channel', '#test']);
            const test = after.channels.find((c) => c.name === '#test');
            assert.ok(test && test.messages > 10, 'the dump should carry #test traffic');
            await go(page, '/channels');
            await page.waitForSelector('[data-testid="channel-list"] [data-channel="Public"]');
            for (const channel of before.channels.filter((c) => !c.encrypted)) assert.equal(await listed(page, channel.name), channel.messages);
            const encrypted = await channelHashes(page);
            assert.ok(encrypted[test.hash] >= test.messages, `hash ${test.hash} lists ${encrypted[test.hash]} packets`);
            await shot('channels-before-test');

            await page.fill('[data-testid="channel-input"]', '#test');
            await page.click('[data-testid="channel-add"]');
            await page.waitForSelector('[data-testid="channel-added"]');
            assert.equal(Number(await page.getAttribute('[data-testid="channel-added"]', 'data-decrypted')), test.messages);
            await page.waitForFunction(() => decodeURIComponent(location.pathname) === '/channels/#test');
            await page.waitForSelector('[data-testid="channel-list"] [data-channel="#test"]');
            for (const channel of after.channels.filter((c) => !c.encrypted)) assert.equal(await listed(page, channel.name), channel.messages, channel.name);
            const left = (await channelHashes(page))[test.hash] ?? 0;
            assert.equal(left, encrypted[test.hash] - test.messages);
            assert.equal(Number((await page.textContent('[data-testid="channel-total"]')).replaceAll(',', '')), test.messages);
            await page.waitForSelector('[data-testid="channel-messages"] .message');
            await shot('channels-after-test');
        },
    },
    {
        name: 'a bad secret or link is refused with a reason beside the form',
        async run({ page, baseUrl }) {
            await page.goto(`${baseUrl}/channels`);
            await page.waitForSelector('[data-testid="channel-input"]');
            for (const text of ['not a key!', 'AAAA', 'meshcore://channel/add?name=x', 'abcd'.repeat(5)]) {
                await page.fill('[data-testid="channel-input"]', text);
                await page.click('[data-testid="channel-add"]');
                await page.waitForSelector('[data-testid="channel-error"]');
                const reason = await page.textContent('[data-testid="channel-error"]');
                assert.ok(reason.length > 5, `${text}: "${reason}"`);
                assert.equal(await page.getAttribute('[data-testid="channel-input"]', 'aria-invalid'), 'true');
            }
            await page.fill('[data-testid="channel-input"]', '8b3387e9c5cdea6ac9e5edbaa115cd72');
            await page.fill('[data-testid="channel-name-input"]', 'Same as Public');
            await page.click('[data-testid="channel-add"]');
            await page.waitForSelector('[data-testid="channel-added"]');
            assert.ok((await page.textContent('[data-testid="channel-added"]')).includes('already known'));
        },
    },
    {
        name: 'a #hashtag deep link survives a reload and adds the channel in one click',
        async run({ page, baseUrl, shot }) {
            const dialogs = forbidDialogs(page);
            await page.goto(`${baseUrl}/channels/%23test`);
            await page.waitForSelector('[data-testid="channel-not-added"]');
            await page.reload();
            await page.waitForSelector('[data-testid="channel-not-added"]');
            await loadFiles(page, baseUrl, [HOSTILE]);
            await go(page, '/channels/%23test');
            await page.waitForSelector('[data-testid="channel-add-named"]');
            await page.click('[data-testid="channel-add-named"]');
            await page.waitForSelector('[data-testid="channel-view"]');
            await page.waitForFunction((n) => document.querySelectorAll('[data-testid="channel-messages"] .message').length === n,
                HOSTILE_META.test_messages);
            await go(page, '/channels/Public');
            await page.waitForSelector('[data-testid="channel-messages"] .message');
            assert.equal(await page.textContent('[data-testid="message-sender"]'), HOSTILE_META.public_sender);
            assert.equal(await page.textContent('[data-testid="message-text"]'), HOSTILE_META.public_text);
            assert.equal(await page.$$eval('[data-testid="channel-messages"] img, [data-testid="channel-messages"] script', (e) => e.length), 0);
            await shot('channels-hostile');
            assert.deepEqual(dialogs, []);
        },
    },
    {
        name: 'phone width: channel list and messages stack',
        viewport: PHONE,
        async run({ page, baseUrl, shot }) {
            await loadSample(page, baseUrl);
            await go(page, '/channels/Public');
            await page.waitForSelector('[data-testid="channel-messages"] .message');
            await shot('channels-phone');
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
        },
    },
];
