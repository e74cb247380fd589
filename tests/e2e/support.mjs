// Helpers shared by the end-to-end tests: the native CLI (the same engine) as the source of truth, generated
// dumps, and reading figures off the page.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '../..');
/** Generated inputs live here, outside git. */
export const scratch = join(here, 'artifacts', 'data');

/** The native `meshscope` built by `.ci/test` (debug profile, shared with `cargo test`), or the one in
 * $MESHSCOPE_CLI (e.g. target/release/meshscope for benchmarks of ten million observations). */
export function cli(args, options = {}) {
    const binary = process.env.MESHSCOPE_CLI ?? join(root, 'target/debug/meshscope');
    if (!existsSync(binary)) throw new Error(`${binary} is missing: run cargo build --bin meshscope`);
    return execFileSync(binary, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
}

/** `meshscope analyze --json` of `files`: what the page must show for the same input. */
export function analyze(files, extra = []) {
    return JSON.parse(cli(['analyze', '--json', ...extra, ...files]));
}

/** Generates a dump once per run (same arguments, same file) and returns its path. */
export function generated(name, args) {
    mkdirSync(scratch, { recursive: true });
    const path = join(scratch, name);
    if (!existsSync(path)) cli(['generate', ...args, '--out', path]);
    return path;
}

/** The integer shown by `[data-testid=id]`. */
export async function stat(page, id) {
    const text = await page.textContent(`[data-testid="${id}"]`);
    const value = Number(text.replaceAll(',', '').trim());
    if (!Number.isInteger(value)) throw new Error(`${id} reads "${text}", not an integer`);
    return value;
}

/** Waits until `[data-testid=id]` shows `expected`, then returns it; fails with what it showed last. */
export async function waitForStat(page, id, expected, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
        last = await stat(page, id).catch(() => undefined);
        if (last === expected) return last;
        await page.waitForTimeout(100);
    }
    throw new Error(`${id} shows ${last}, expected ${expected}`);
}

/** Opens the Sources page and waits for the app to be ready. */
export async function openSources(page, baseUrl) {
    await page.goto(`${baseUrl}/sources`);
    await page.waitForSelector('[data-testid="file-input"]');
}
