/**
 * Runs one input through kubectl and through the CLI's input layer, for the differential test.
 * kubectl (`label --local -f FILE k=v -o json`) reads files offline with the same builder as
 * `kubectl apply`: the same YAML/JSON decoder, the same `-R` walk, the same list flattening.
 * Its objects carry the label it adds; the CLI's objects get the same label before comparing.
 */
import { spawnSync } from 'node:child_process';
import { UsageError } from '../../src/cli/args.js';
import { parseInputs } from '../../src/cli/input/documents.js';
import { DEFAULT_MAX_INPUT_BYTES, readSources } from '../../src/cli/input/sources.js';

/** The label kubectl adds to every object it reads. */
export const PROBE_KEY = 'kubectl-differential.test/probe';

/** kubectl's reading: its objects, or that it failed (exit code not 0). */
export type KubectlReading = { readonly ok: true; readonly objects: unknown[] } | { readonly ok: false; readonly stderr: string };
/** The CLI's reading: its objects, or that it refuses the input (the CLI exits 2). */
export type CliReading = { readonly ok: true; readonly objects: unknown[] } | { readonly ok: false; readonly messages: string[] };

/** The kubectl on PATH, or null when there is none. */
export function kubectlVersion(): string | null {
  const r = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/nonexistent/kubeconfig' } });
  if (r.error || r.status !== 0) return null;
  return r.stdout.split('\n')[0] ?? '';
}

/** Splits kubectl's `-o json` output (one pretty-printed object after another) into values. */
export function jsonStream(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth++ === 0) start = i;
    } else if ((c === '}' || c === ']') && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)) as unknown);
  }
  return out;
}

/** `kubectl label --local -f PATH... PROBE -o json` (with `-R` when `recursive`), from `cwd`. */
export function kubectlRead(paths: readonly string[], recursive: boolean, cwd: string): KubectlReading {
  const args = ['label', '--local', '-o', 'json', ...(recursive ? ['-R'] : []), ...paths.flatMap((p) => ['-f', p]), `${PROBE_KEY}=1`];
  const r = spawnSync('kubectl', args, { cwd, encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/nonexistent/kubeconfig' }, timeout: 20_000 });
  if (r.status !== 0) return { ok: false, stderr: `${r.stderr}${r.error ? String(r.error) : ''}` };
  return { ok: true, objects: jsonStream(r.stdout) };
}

const noStdin = { isTTY: false, chunks: async function* (): AsyncIterable<Uint8Array> {} };

/** The CLI's input layer on the same paths: the objects every command would receive, or its refusal. */
export async function cliRead(paths: readonly string[]): Promise<CliReading> {
  try {
    const read = await readSources(paths, noStdin, DEFAULT_MAX_INPUT_BYTES, () => {});
    const input = parseInputs(read.sources, read.failures);
    if (input.failures.length > 0) return { ok: false, messages: input.failures.map((f) => f.message) };
    return { ok: true, objects: input.documents.map((d) => withProbe(d.value)) };
  } catch (err) {
    if (err instanceof UsageError) return { ok: false, messages: [err.message] };
    throw err;
  }
}

/** The object with kubectl's probe label added (a copy; metadata and labels created when absent). */
export function withProbe(value: unknown): unknown {
  const o = value as Record<string, unknown>;
  const metadata = (o.metadata ?? {}) as Record<string, unknown>;
  const labels = (metadata.labels ?? {}) as Record<string, unknown>;
  return { ...o, metadata: { ...metadata, labels: { ...labels, [PROBE_KEY]: '1' } } };
}

/** JSON text with object keys sorted, to compare readings whatever the key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** How the two readings of one input relate. `different` is the one outcome the test forbids. */
export type Outcome = 'same' | 'both-refused' | 'cli-refused' | 'different';

/** Compares kubectl's reading with the CLI's. */
export function compare(k: KubectlReading, c: CliReading): Outcome {
  if (!c.ok) return k.ok ? 'cli-refused' : 'both-refused';
  if (!k.ok) return 'different';
  return canonical(k.objects) === canonical(c.objects) ? 'same' : 'different';
}
