// Helpers for tests that read the app's tables and wait for snapshots to refresh.
import assert from 'node:assert/strict';

/** The cells of each body row of the table `testid`, as text. */
export async function rows(page, testid) {
    await page.waitForSelector(`[data-testid="${testid}"] tbody tr`);
    return page.$$eval(`[data-testid="${testid}"] tbody tr`, (trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
}

/** Waits until `read()` deep-equals `expected` (snapshots refresh on their interval), then returns it. */
export async function settle(read, expected, timeout = 20_000) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
        last = await read().catch(() => undefined);
        try {
            assert.deepEqual(last, expected);
            return last;
        } catch {
            await new Promise((r) => setTimeout(r, 200));
        }
    }
    assert.deepEqual(last, expected);
    return last;
}
