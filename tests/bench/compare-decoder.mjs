// Compares MeshScope's decoder with the reference TypeScript decoder (@michaelhart/meshcore-decoder) on the same
// packets: hex text in, a decoded packet out, one thread each. MeshScope must be at least 20 times faster.
//
//   npm ci --prefix tests
//   cargo build --release --bin meshscope
//   node tests/bench/compare-decoder.mjs [--packets N] [--seconds S] [--bin target/release/meshscope] [--corpus FILE]
//
// Without --corpus it writes `meshscope decode --bench-corpus N` (default 20000 packets, about 80 bytes each) to a
// temporary file. It prints both rates and their ratio, and exits with status 1 if the ratio is below 20.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const require = createRequire(join(root, 'tests', 'package.json'));
const { MeshCoreDecoder } = require('@michaelhart/meshcore-decoder');

const REQUIRED_RATIO = 20;

function options(argv) {
  const opts = { packets: 20000, seconds: 3, bin: join(root, 'target', 'release', 'meshscope'), corpus: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--packets') opts.packets = Number(value);
    else if (flag === '--seconds') opts.seconds = Number(value);
    else if (flag === '--bin') opts.bin = resolve(value);
    else if (flag === '--corpus') opts.corpus = resolve(value);
    else throw new Error(`unknown option ${flag}`);
  }
  return opts;
}

function corpusFile(opts) {
  if (opts.corpus) return opts.corpus;
  const file = join(mkdtempSync(join(tmpdir(), 'meshscope-')), 'corpus.hex');
  const hex = execFileSync(opts.bin, ['decode', '--bench-corpus', String(opts.packets)], { maxBuffer: 1 << 30 });
  writeFileSync(file, hex);
  return file;
}

// Packets per second of the reference decoder over `lines`, repeated for at least `seconds`.
function referenceRate(lines, seconds) {
  let failures = 0;
  const pass = () => {
    for (const line of lines) {
      try {
        MeshCoreDecoder.decode(line);
      } catch {
        failures += 1;
      }
    }
  };
  pass(); // warm up the JIT
  const start = process.hrtime.bigint();
  let passes = 0;
  let elapsed = 0;
  while (elapsed < seconds) {
    pass();
    passes += 1;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { rate: (passes * lines.length) / elapsed, failures };
}

const opts = options(process.argv.slice(2));
const file = corpusFile(opts);
const lines = readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
const ours = JSON.parse(execFileSync(opts.bin, ['bench', 'decode', file, '--seconds', String(opts.seconds)], { encoding: 'utf8' }));
const reference = referenceRate(lines, opts.seconds);
const ratio = ours.hex_decode_hash_per_s / reference.rate;

const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(12);
console.log(`corpus: ${file} (${lines.length} packets, mean ${ours.mean_bytes} bytes)`);
console.log(`@michaelhart/meshcore-decoder  ${fmt(reference.rate)} packets/s  (hex -> decode)`);
console.log(`meshscope                      ${fmt(ours.hex_decode_hash_per_s)} packets/s  (hex -> decode + packet hash)`);
console.log(`meshscope, bytes in            ${fmt(ours.decode_hash_per_s)} packets/s  (decode + packet hash)`);
console.log(`ratio                          ${ratio.toFixed(1).padStart(12)}x  (required: ${REQUIRED_RATIO}x)`);
if (reference.failures > 0) console.log(`reference decoder threw on ${reference.failures} packet decodes`);
process.exit(ratio >= REQUIRED_RATIO ? 0 : 1);
