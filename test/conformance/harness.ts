/**
 * Runs a ported conformance suite (test/conformance/data/*.json) through `evaluateTraffic` in
 * snapshot mode: each case's objects are joined to the suite's base objects once, then every
 * connection of the case is decided and compared to the upstream assertion. A failing case lists
 * each disagreeing connection with its upstream file and line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateTraffic, type ConnectionEndpoint } from '../../src/index.js';

/** A pod of the snapshot by namespace and name, or an address. */
export type PortedEndpoint = { readonly namespace: string; readonly name: string } | { readonly ip: string };

/** One upstream assertion. */
export interface PortedConnection {
  /** The upstream line of the assertion; null where the stored copy gives none (the case name locates it). */
  readonly line: number | null;
  readonly from: PortedEndpoint;
  readonly to: PortedEndpoint;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly port: number;
  /** The upstream asserted outcome. */
  readonly allowed: boolean;
}

/** One state of the cluster and the assertions made in it. */
export interface PortedCase {
  readonly name: string;
  readonly path: string;
  readonly line: number | null;
  readonly objects: readonly unknown[];
  readonly connections: readonly PortedConnection[];
}

/** A data file. */
export interface PortedSuite {
  readonly about: string;
  readonly repo: string;
  readonly commit: string;
  readonly base: readonly unknown[];
  readonly cases: readonly PortedCase[];
}

export const DATA = join(__dirname, 'data');

/** Reads a data file of test/conformance/data. */
export function loadSuite(file: string): PortedSuite {
  return JSON.parse(readFileSync(join(DATA, file), 'utf8')) as PortedSuite;
}

const endpoint = (e: PortedEndpoint): ConnectionEndpoint => ('ip' in e ? { ip: e.ip } : { target: { kind: 'Pod', namespace: e.namespace, name: e.name } });
const show = (e: PortedEndpoint) => ('ip' in e ? e.ip : `${e.namespace}/${e.name}`);

/** Decides every connection of a case; returns one line per disagreement with upstream. */
export function disagreements(suite: PortedSuite, c: PortedCase): string[] {
  const objects = Object.freeze([...suite.base, ...c.objects]);
  const out: string[] = [];
  for (const k of c.connections) {
    let ours: string;
    try {
      const v = evaluateTraffic(objects, { from: endpoint(k.from), to: endpoint(k.to), port: k.port, protocol: k.protocol });
      if (v.allowed === k.allowed) continue;
      ours = `${v.allowed ? 'allowed' : 'denied'} (${v.explanation})`;
    } catch (e) {
      ours = `threw ${(e as Error).message}`;
    }
    out.push(`${suite.repo}@${suite.commit.slice(0, 12)} ${c.path}${k.line === null ? ` "${c.name}"` : `:${k.line}`} ${show(k.from)} -> ${show(k.to)} ${k.protocol}/${k.port}: upstream ${k.allowed ? 'allowed' : 'denied'}, ours ${ours}`);
  }
  return out;
}

/** Counts the connections of a suite. */
export const connectionCount = (suite: PortedSuite): number => suite.cases.reduce((n, c) => n + c.connections.length, 0);

/** Declares the suite's tests: one per case, named with its upstream location and connection count. */
export function describeSuite(title: string, suite: PortedSuite): void {
  describe(`${title} (${connectionCount(suite)} connections, ${suite.cases.length} cases, ${suite.repo}@${suite.commit.slice(0, 12)})`, () => {
    it('is well-formed: every case has connections, every pod endpoint is a Pod of the case', () => {
      const problems: string[] = [];
      for (const c of suite.cases) {
        if (c.connections.length === 0) problems.push(`${c.name}: no connections`);
        const pods = new Set(
          [...suite.base, ...c.objects].flatMap((o) => {
            const m = (o as { kind?: unknown; metadata?: { namespace?: unknown; name?: unknown } }).metadata;
            return (o as { kind?: unknown }).kind === 'Pod' && m ? [`${String(m.namespace)}/${String(m.name)}`] : [];
          }),
        );
        for (const k of c.connections) {
          for (const e of [k.from, k.to]) if (!('ip' in e) && !pods.has(`${e.namespace}/${e.name}`)) problems.push(`${c.name}: no Pod ${e.namespace}/${e.name}`);
          if (!['TCP', 'UDP', 'SCTP'].includes(k.protocol) || !Number.isInteger(k.port) || k.port < 1 || k.port > 65535) problems.push(`${c.name}: bad ${k.protocol}/${k.port}`);
          if (typeof k.allowed !== 'boolean') problems.push(`${c.name}: no asserted outcome`);
        }
      }
      expect(problems).toEqual([]);
      expect(suite.cases.length).toBeGreaterThan(0);
    });
    it.each(suite.cases.map((c) => [`${c.name} [${c.path}${c.line === null ? '' : `:${c.line}`}] (${c.connections.length} connections)`, c] as const))('%s', (_, c) => {
      expect(disagreements(suite, c)).toEqual([]);
    });
  });
}
