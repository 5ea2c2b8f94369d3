import { describe, expect, it } from 'vitest';
import { networkPolicyFor, networkPolicyNeedsUpdate } from '../src/index.js';
import { baseTemplate, shuffleKeys } from './helpers.js';

const desired = networkPolicyFor(baseTemplate({ networkPolicy: { egress: [{ ports: [{ port: 443 }], to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] } }))!;

describe('networkPolicyNeedsUpdate', () => {
  it('false for the same spec in any key order', () => {
    for (let seed = 1; seed < 20; seed++) expect(networkPolicyNeedsUpdate(shuffleKeys(desired, seed) as never, desired)).toBe(false);
  });
  it('false when the server added defaults and metadata (no write on every reconcile)', () => {
    const fromServer = structuredClone(desired) as Record<string, any>;
    fromServer.metadata.resourceVersion = '123';
    fromServer.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
    fromServer.spec.egress[0].ports[0].protocol = 'TCP';
    fromServer.spec.ingress = [];
    fromServer.spec.egress[0].to[0].ipBlock.except = [];
    expect(networkPolicyNeedsUpdate(fromServer, desired)).toBe(false);
  });
  it('nil equals empty for lists and maps, but not for a peer selector (nil pointer vs {})', () => {
    const a = { podSelector: { matchLabels: {} }, egress: [{ to: [{ podSelector: {} }] }], policyTypes: ['Egress'] };
    const b = { podSelector: {}, egress: [{ to: [{ podSelector: { matchLabels: {} } }], ports: [] }], policyTypes: ['Egress'] };
    expect(networkPolicyNeedsUpdate(a, b)).toBe(false);
    const c = { podSelector: {}, egress: [{ to: [{ namespaceSelector: {} }] }], policyTypes: ['Egress'] };
    expect(networkPolicyNeedsUpdate(a, c)).toBe(true);
  });
  it('true when a rule, an except or a policy type differs', () => {
    const changed = structuredClone(desired) as Record<string, any>;
    changed.spec.egress[0].to[0].ipBlock.except = ['10.0.0.0/8'];
    expect(networkPolicyNeedsUpdate(changed, desired)).toBe(true);
    const ports = structuredClone(desired) as Record<string, any>;
    ports.spec.egress[0].ports[0].port = 80;
    expect(networkPolicyNeedsUpdate(ports, desired)).toBe(true);
    const types = structuredClone(desired) as Record<string, any>;
    types.spec.policyTypes = ['Ingress'];
    expect(networkPolicyNeedsUpdate(types, desired)).toBe(true);
  });
  it('true when a port number became a string (IntOrString types differ)', () => {
    const s = structuredClone(desired) as Record<string, any>;
    s.spec.egress[0].ports[0].port = '443';
    expect(networkPolicyNeedsUpdate(s, desired)).toBe(true);
  });
  it('true when the existing policy is missing, false when nothing is desired', () => {
    expect(networkPolicyNeedsUpdate(null, desired)).toBe(true);
    expect(networkPolicyNeedsUpdate(undefined, desired)).toBe(true);
    expect(networkPolicyNeedsUpdate(desired, null)).toBe(false);
  });
  it('compares specs and whole objects alike, ignoring metadata', () => {
    expect(networkPolicyNeedsUpdate(desired.spec!, desired)).toBe(false);
    expect(networkPolicyNeedsUpdate({ ...desired, metadata: { name: 'other', labels: { a: 'b' } } }, desired.spec!)).toBe(false);
  });
  it('a field this library does not model counts as drift', () => {
    expect(networkPolicyNeedsUpdate({ ...desired.spec!, futureField: true } as never, desired)).toBe(true);
  });
});
