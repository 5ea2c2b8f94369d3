/**
 * Differential test against Kubernetes' own Go code: builds test/go/cidrdiff (k8s.io/utils/net
 * from Debian's golang-k8s-utils-dev, plus apimachinery's CIDR rules reproduced there), feeds it
 * generated inputs and compares every answer with the library's. Used by `npm run test:go`
 * (test/go/run.ts) and by `npm test` (test/go/go-differential.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CidrSet, parseCidr, validateNetworkPolicySpec, type ParsedCidr } from '../../src/index.js';
import { formatAddress, parseAddress } from '../../src/cidr/address.js';
import { generateInputs, type DiffInput } from './generate.js';
import { printableRanges, TABLE_FILE } from '../../scripts/generate-go-isprint.js';

/** Where Debian's golang-k8s-utils-dev puts its sources (override with K8S_UTILS_GOPATH). */
export const GOPATH = process.env.K8S_UTILS_GOPATH ?? '/usr/share/gocode';

interface GoParsed {
  ip: string;
  net: string;
  ones: number;
  bits: number;
}
interface GoIssue {
  path: string;
  message: string;
}
interface GoOutput {
  sloppy: GoParsed | null;
  std: GoParsed | null;
  addr: string | null;
  contains: boolean | null;
  strict: GoIssue[] | null;
  legacy: GoIssue[] | null;
  warnings: GoIssue[] | null;
}

/** One disagreement: the input, what was compared, and both answers. */
export interface Mismatch {
  readonly input: DiffInput;
  readonly check: string;
  readonly go: unknown;
  readonly ours: unknown;
}

/** True when a `go` binary is on the PATH. */
export function hasGo(): boolean {
  return spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
}

/**
 * Builds the Go program offline in GOPATH mode into a fresh temporary directory and returns the
 * binary's path and a cleanup function. Throws with Go's output when the build fails (for example
 * when golang-k8s-utils-dev is missing).
 */
export function buildGoProgram(): { binary: string; cleanup: () => void } {
  if (!existsSync(join(GOPATH, 'src/k8s.io/utils/net'))) {
    throw new Error(`k8s.io/utils not found under ${GOPATH}: apt-get install -y golang-k8s-utils-dev (or set K8S_UTILS_GOPATH)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'cidrdiff-'));
  const binary = join(dir, 'cidrdiff');
  const env = { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '', GOCACHE: process.env.GOCACHE ?? join(tmpdir(), 'cidrdiff-gocache') };
  const build = spawnSync('go', ['build', '-o', binary, '.'], { cwd: join(import.meta.dirname, 'cidrdiff'), env, encoding: 'utf8' });
  if (build.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`go build failed:\n${build.stdout}${build.stderr}`);
  }
  return { binary, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the Go program on the inputs (one JSON line each) and returns its answers in order. */
function runGo(binary: string, inputs: readonly DiffInput[]): GoOutput[] {
  const stdin = inputs.map((i) => JSON.stringify(i)).join('\n') + '\n';
  const run = spawnSync(binary, [], { input: stdin, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`cidrdiff failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.split('\n').filter((l) => l !== '');
  if (lines.length !== inputs.length) throw new Error(`cidrdiff answered ${lines.length} of ${inputs.length} inputs`);
  return lines.map((l) => JSON.parse(l) as GoOutput);
}

/** Go's `net.IP.String()`: like netip's, except that an IPv4-mapped address prints as dotted-quad. */
function goIpString(text: string): string | null {
  const a = parseAddress(text);
  if (a === null) return null;
  if (a.textFamily === 6 && a.value >> 32n === 0xffffn) return formatAddress(4, a.value & 0xffffffffn);
  return formatAddress(a.textFamily, a.value);
}

function addressPart(text: string): string {
  return text.slice(0, text.indexOf('/'));
}

/** What the sloppy parse should print, from our parse. */
function expectedSloppy(p: ParsedCidr): GoParsed {
  const textBits = p.family === 4 && p.rawPrefix === p.prefix ? 32 : 128;
  return { ip: goIpString(addressPart(p.text))!, net: p.canonical, ones: p.rawPrefix, bits: textBits };
}

const STRICT_FORMAT_ERRORS = /: must not have (leading 0s in IP or prefix length|an IPv4-mapped IPv6 address|bits set beyond the prefix length)$/;

const issues = (list: readonly { path: string; message: string }[] | null): GoIssue[] => (list ?? []).map(({ path, message }) => ({ path, message }));

function ourValidation(input: DiffInput, strictCidr: boolean): { errors: GoIssue[]; warnings: GoIssue[] } {
  const spec = { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: input.cidr, except: [...input.except] } }] }] };
  const all = validateNetworkPolicySpec(spec, { strictCidr });
  return { errors: issues(all.filter((i) => i.severity === 'error')), warnings: issues(all.filter((i) => i.severity === 'warning')) };
}

/** Printability by a Go isprint.go's tables: a lookup over its half-open ranges. */
function printableBy(text: string): (cp: number) => boolean {
  const ranges = printableRanges(text);
  return (cp) => {
    let lo = 0;
    let hi = ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid]![1] <= cp) lo = mid + 1;
      else hi = mid;
    }
    return lo < ranges.length && ranges[lo]![0] <= cp;
  };
}

/**
 * How the local Go's `%q` differs from the library's, whose tables are Go 1.21-1.26's (Unicode
 * 15.0.0): Debian's Go 1.19 knows Unicode 13.0.0, so it escapes what 14.0 and 15.0 added. Returns
 * a function that rewrites the library's text as the local Go prints exactly those code points
 * (raw <-> `\uXXXX`/`\UXXXXXXXX`), so every other character is still compared byte for byte.
 * Null when the local Go's tables are the library's.
 */
export function goUnicodeAdjust(goroot: string): ((text: string) => string) | null {
  const local = printableBy(readFileSync(join(goroot, 'src/strconv/isprint.go'), 'utf8'));
  const ours = printableBy(readFileSync(join(import.meta.dirname, '..', '..', TABLE_FILE), 'utf8'));
  const differs = (cp: number) => cp >= 0x80 && local(cp) !== ours(cp);
  let any = false;
  for (let cp = 0x80; cp < 0x110000 && !any; cp++) any = differs(cp);
  if (!any) return null;
  const escape = (cp: number) => (cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`);
  return (text) =>
    text
      // escapes of ours the local Go prints raw
      .replace(/(?<=(?:^|[^\\])(?:\\\\)*)(?:\\u([0-9a-f]{4})|\\U([0-9a-f]{8}))/g, (m, a: string | undefined, b: string | undefined) => {
        const cp = Number.parseInt(a ?? b!, 16);
        return differs(cp) && local(cp) ? String.fromCodePoint(cp) : m;
      })
      // raw characters of ours the local Go escapes
      .replace(/[^\u0000-\u007f]/gu, (ch) => {
        const cp = ch.codePointAt(0)!;
        return differs(cp) && !local(cp) ? escape(cp) : ch;
      });
}

/** The local Go's GOROOT. */
function goroot(): string {
  return spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).stdout.trim();
}

/** Compares one input's answers; pushes each disagreement. */
function compare(input: DiffInput, go: GoOutput, out: Mismatch[], adjust: ((text: string) => string) | null): void {
  const push = (check: string, goValue: unknown, ours: unknown) => {
    const text = JSON.stringify(ours);
    const oursAsLocalGo = adjust === null || typeof ours !== 'object' ? text : JSON.stringify(JSON.parse(text, (k, v) => (k === 'message' && typeof v === 'string' ? adjust(v) : v)));
    if (JSON.stringify(goValue) !== oursAsLocalGo) out.push({ input, check, go: goValue, ours });
  };
  const ours = parseCidr(input.cidr);
  // 1. netutils.ParseCIDRSloppy: the same inputs accepted, the same address, network and mask.
  push('ParseCIDRSloppy', go.sloppy, ours === null ? null : expectedSloppy(ours));
  // 2. net.ParseCIDR (current Go): accepts exactly what sloppy accepts without leading zeros in
  //    the address (it reads prefix lengths with dtoi too), with the same result.
  const stdOk = ours !== null && !parseAddress(addressPart(input.cidr))!.leadingZeros;
  push('net.ParseCIDR', go.std, stdOk ? expectedSloppy(ours) : null);
  // 3. netutils.ParseIPSloppy and IPNet.Contains (IPv4-mapped addresses count as IPv4).
  push('ParseIPSloppy', go.addr, goIpString(input.ip));
  if (go.contains !== null && ours !== null) {
    push('IPNet.Contains', go.contains, CidrSet.from([input.cidr], { mode: 'legacy' }).contains(input.ip));
  }
  // 4. ValidateIPBlock errors in both modes, and GetWarningsForCIDR. In strict mode the library
  //    does not repeat as a warning what it already reports as an error on the same field.
  const legacy = ourValidation(input, false);
  push('ValidateIPBlock legacy errors', issues(go.legacy), legacy.errors);
  push('GetWarningsForCIDR', issues(go.warnings), legacy.warnings);
  const strict = ourValidation(input, true);
  push('ValidateIPBlock strict errors', issues(go.strict), strict.errors);
  const rejected = new Set(issues(go.strict).filter((e) => STRICT_FORMAT_ERRORS.test(e.message)).map((e) => e.path));
  push('GetWarningsForCIDR (strict)', issues(go.warnings).filter((w) => !rejected.has(w.path)), strict.warnings);
}

/** Result of one differential run. */
export interface DiffResult {
  readonly seed: number;
  readonly checked: number;
  readonly mismatches: readonly Mismatch[];
}

/** Generates `count` inputs from `seed`, runs both sides and returns the disagreements. */
export function runDifferential(binary: string, seed: number, count: number): DiffResult {
  const mismatches: Mismatch[] = [];
  const adjust = goUnicodeAdjust(goroot());
  const batch = 20_000;
  for (let start = 0; start < count; start += batch) {
    // Batches share one seed stream: generate all, then slice, so a seed means the same inputs.
    const inputs = generateInputs(seed + start, Math.min(batch, count - start));
    const answers = runGo(binary, inputs);
    inputs.forEach((input, i) => compare(input, answers[i]!, mismatches, adjust));
  }
  return { seed, checked: count, mismatches };
}

/** The seed from GO_DIFF_SEED, or `fallback`. */
export function seedFromEnv(fallback: number): number {
  const s = process.env.GO_DIFF_SEED;
  if (s === undefined || s === '') return fallback;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`GO_DIFF_SEED must be an integer in [0, 2^32), got ${s}`);
  return n;
}

/** A readable summary of the first few disagreements. */
export function describeMismatches(result: DiffResult, max = 10): string {
  const byCheck = new Map<string, number>();
  for (const m of result.mismatches) byCheck.set(m.check, (byCheck.get(m.check) ?? 0) + 1);
  const lines = [`${result.mismatches.length} disagreement(s) in ${result.checked} inputs (seed ${result.seed}):`];
  for (const [check, n] of byCheck) lines.push(`  ${check}: ${n}`);
  for (const m of result.mismatches.slice(0, max)) {
    lines.push(`- ${m.check} on ${JSON.stringify(m.input).slice(0, 300)}`, `    go:   ${JSON.stringify(m.go).slice(0, 600)}`, `    ours: ${JSON.stringify(m.ours).slice(0, 600)}`);
  }
  return lines.join('\n');
}
