// The Go differential inside `npm test`: 20,000 generated inputs (seed 1, or GO_DIFF_SEED)
// compared with Kubernetes' Go code. `npm run test:go` runs it on >= 100,000 inputs with a fresh
// seed. Skipped, with a notice, only when `go` is not installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { buildGoProgram, describeMismatches, goUnicodeAdjust, hasGo, runDifferential, seedFromEnv } from './differential.js';
import { generateInputs } from './generate.js';

const goInstalled = hasGo();
if (!goInstalled) {
  console.warn('NOTICE: `go` is not installed; skipping the differential test against Kubernetes\' Go code (apt-get install -y golang-go golang-k8s-utils-dev).');
}

describe('generator', () => {
  it('is deterministic per seed and covers the input classes', () => {
    const a = generateInputs(7, 3000);
    expect(generateInputs(7, 3000)).toEqual(a);
    expect(generateInputs(8, 50)).not.toEqual(a.slice(0, 50));
    const cidrs = a.map((i) => i.cidr);
    expect(cidrs.some((c) => /\/0\d/.test(c))).toBe(true); // prefix with leading zeros
    expect(cidrs.some((c) => /(^|[.:])0\d/.test(c.split('/')[0]!))).toBe(true); // address with leading zeros
    expect(cidrs.some((c) => c.toLowerCase().includes('::ffff:'))).toBe(true); // IPv4-mapped
    expect(cidrs.some((c) => c.includes('%'))).toBe(true); // zones
    expect(cidrs.some((c) => /\s/.test(c))).toBe(true); // whitespace
    expect(cidrs.some((c) => /[\u0660-\u0669\uff10-\uff19]/.test(c))).toBe(true); // Unicode digits
    expect(cidrs.some((c) => c.length > 1000)).toBe(true); // very long
    for (let p = 0; p <= 128; p++) expect(cidrs.some((c) => c.split('/')[1] === String(p))).toBe(true); // every prefix length
    // the %q class: code points outside the BMP and outside the fixed list of stable ones
    expect(cidrs.some((c) => [...c].some((ch) => ch.codePointAt(0)! > 0xffff && !/[\u{1d7ce}\u{1f600}\u{10ffff}\u{e0001}]/u.test(ch)))).toBe(true);
  });
});

describe.skipIf(!goInstalled)("the differential knows the local Go's Unicode tables", () => {
  it('rewrites exactly the code points whose IsPrint differs from Go 1.21-1.26 (Unicode 15.0.0)', () => {
    const goroot = spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).stdout.trim();
    const version = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).stdout.trim();
    const adjust = goUnicodeAdjust(goroot);
    if (/^go1\.(19|20)\b/.test(version)) {
      // Go 1.19/1.20 know Unicode 13.0.0: U+1E4D0 (Nag Mundari, 15.0) is not printable there.
      expect(adjust!('"\u{1e4d0}\\u0378é"')).toBe('"\\U0001e4d0\\u0378é"');
    } else if (/^go1\.(2[1-6])\b/.test(version)) {
      expect(adjust).toBeNull(); // the library's own tables
    }
  });
});

describe.skipIf(!goInstalled)("differential against Kubernetes' Go code", () => {
  let program: ReturnType<typeof buildGoProgram>;
  beforeAll(() => {
    program = buildGoProgram();
  }, 300_000);
  afterAll(() => program?.cleanup());

  it('agrees on ParseCIDRSloppy, net.ParseCIDR, ParseIPSloppy, Contains, ValidateIPBlock and its warnings', () => {
    const seed = seedFromEnv(1);
    console.log(`go differential: seed ${seed}`);
    const result = runDifferential(program.binary, seed, 20_000);
    expect(result.mismatches, describeMismatches(result)).toEqual([]);
  }, 300_000);
});
