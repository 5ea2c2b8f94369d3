import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export interface TemplateFixture {
  file: string;
  description: string;
  options?: Record<string, unknown>;
  template: Record<string, unknown>;
  expect:
    | { networkPolicy: unknown; podLabels: Record<string, string>; podSpec: unknown }
    | { error: Array<{ path: string; message: string }> };
}

export function templateFixtures(): TemplateFixture[] {
  const dir = join(FIXTURES, 'templates');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, ...(parse(readFileSync(join(dir, file), 'utf8')) as Omit<TemplateFixture, 'file'>) }));
}

/** Recursively freezes a value (test inputs: any write into them throws). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** A copy of `value` with every object's keys in a different order, driven by `seed`. */
export function shuffleKeys(value: unknown, seed: number): unknown {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = walk((v as Record<string, unknown>)[k]);
    return out;
  };
  return walk(value);
}

export const baseTemplate = (spec: Record<string, unknown> = {}, name = 'sandbox'): Record<string, unknown> => ({
  apiVersion: 'extensions.agents.x-k8s.io/v1beta1',
  kind: 'SandboxTemplate',
  metadata: { name, namespace: 'default', uid: 'uid-1' },
  spec,
});

export interface SandboxPodFixture {
  file: string;
  source: string;
  template: Record<string, unknown>;
  expect: {
    podLabels: Array<{ options: Record<string, string>; labels: Record<string, string> }>;
    dnsConfig: unknown;
    patchAt: string[];
    patch: unknown[];
    findings: string[];
  };
}

/** test/fixtures/sandbox-pods: upstream's example templates (and one hand-written) with hand-derived pods. */
export function sandboxPodFixtures(): SandboxPodFixture[] {
  const dir = join(FIXTURES, 'sandbox-pods');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, ...(parse(readFileSync(join(dir, file), 'utf8')) as Omit<SandboxPodFixture, 'file'>) }));
}

/** `value` placed at `path` inside nested objects: `nestAt(['spec'], x)` is `{ spec: x }`. */
export function nestAt(path: readonly string[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => Object.defineProperty({}, key, { value: inner, enumerable: true, writable: true, configurable: true }), value);
}
