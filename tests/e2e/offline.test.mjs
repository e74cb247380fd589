// Trust, part one: the page runs under a strict Content-Security-Policy and opens with no network after the
// first visit, from its service worker's cache.
import assert from 'node:assert/strict';

export const tests = [
    {
        name: 'a Content-Security-Policy forbids inline and remote scripts, and the app runs under it',
        async run({ page, baseUrl }) {
            const violations = [];
            page.on('console', (message) => {
                if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
            });
            await page.goto(`${baseUrl}/`);
            await page.waitForSelector('.topbar');
            const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
            const scriptSrc = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
            assert.deepEqual(scriptSrc.split(' ').sort(), ["'self'", "'wasm-unsafe-eval'"]);
            assert.match(policy, /object-src 'none'/);
            assert.equal(await page.$$eval('script:not([src])', (scripts) => scripts.length), 0);
            // An inline script injected now must be refused.
            await page.evaluate(() => {
                const script = document.createElement('script');
                script.textContent = 'window.__inlineRan = true';
                document.head.append(script);
            });
            assert.equal(await page.evaluate(() => window.__inlineRan ?? false), false);
            assert.ok(violations.length >= 1, 'the refused script should be reported');
        },
        expectedConsoleErrors: [/inline script violates|Refused to execute inline script/],
    },
    {
        name: 'after one visit the app opens offline, on any deep link',
        async run({ page, context, baseUrl, shot }) {
            await page.goto(`${baseUrl}/`);
            await page.waitForSelector('.topbar');
            await page.evaluate(async () => {
                const registration = await navigator.serviceWorker.ready;
                return registration.active?.state;
            });
            // The worker takes control once activated; reload so this page is controlled too.
            await page.reload();
            await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
            await context.setOffline(true);
            try {
                await page.goto(`${baseUrl}/analytics`);
                await page.waitForSelector('.topbar');
                assert.equal(await page.textContent('main h1'), 'Analytics');
                await page.goto(`${baseUrl}/sources`);
                await page.click('[data-testid="load-sample"]');
                await page.waitForFunction(() =>
                    Number(document.querySelector('[data-testid="stat-observations"]')?.textContent) > 0);
                await shot('offline-sources');
            } finally {
                await context.setOffline(false);
            }
        },
    },
];
