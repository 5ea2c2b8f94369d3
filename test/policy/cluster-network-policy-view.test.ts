import { describe, expect, it } from 'vitest';
import { domainMatches, readClusterPolicy } from '../../src/policy/cluster-network-policy-view.js';

// Hand-written from the CRD schemas and CEL rules of policy.networking.k8s.io (v1alpha2; v1alpha1 at v0.1.7).
const spec = (extra: object) => ({ metadata: { name: 'p' }, spec: { tier: 'Admin', priority: 1, subject: { namespaces: {} }, ...extra } });
const paths = (obj: object, kind: 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' = 'ClusterNetworkPolicy') => {
  const r = readClusterPolicy(obj as Record<string, unknown>, kind);
  return 'issues' in r ? r.issues.map((i) => i.path) : [];
};

describe('ClusterNetworkPolicy validation (CRD schema and CEL)', () => {
  const INVALID: Array<[string, object, string]> = [
    ['tier is case-sensitive', spec({ tier: 'admin' }), 'spec.tier'],
    ['priority above 1000', spec({ priority: 1001 }), 'spec.priority'],
    ['priority not an integer', spec({ priority: 1.5 }), 'spec.priority'],
    ['subject needs exactly one field', spec({ subject: { namespaces: {}, pods: { podSelector: {} } } }), 'spec.subject'],
    ['subject pods needs a podSelector', spec({ subject: { pods: { namespaceSelector: {} } } }), 'spec.subject.pods.podSelector'],
    ['rule needs peers', spec({ egress: [{ action: 'Deny' }] }), 'spec.egress[0].to'],
    ['peers need at least one item', spec({ egress: [{ action: 'Deny', to: [] }] }), 'spec.egress[0].to'],
    ['Allow is v1alpha1 only', spec({ egress: [{ action: 'Allow', to: [{ namespaces: {} }] }] }), 'spec.egress[0].action'],
    ['ingress has no networks peer', spec({ ingress: [{ action: 'Deny', from: [{ networks: ['0.0.0.0/0'] }] }] }), 'spec.ingress[0].from[0].networks'],
    ['tcp needs a destinationPort', spec({ egress: [{ action: 'Deny', to: [{ namespaces: {} }], protocols: [{ tcp: {} }] }] }), 'spec.egress[0].protocols[0].tcp.destinationPort'],
    ['range start < end', spec({ egress: [{ action: 'Deny', to: [{ namespaces: {} }], protocols: [{ udp: { destinationPort: { range: { start: 5, end: 5 } } } }] }] }), 'spec.egress[0].protocols[0].udp.destinationPort.range'],
    ['port 0', spec({ egress: [{ action: 'Deny', to: [{ namespaces: {} }], protocols: [{ tcp: { destinationPort: { number: 0 } } }] }] }), 'spec.egress[0].protocols[0].tcp.destinationPort.number'],
    ['isCIDR rejects leading zeros', spec({ egress: [{ action: 'Deny', to: [{ networks: ['010.0.0.0/8'] }] }] }), 'spec.egress[0].to[0].networks[0]'],
    ['isCIDR rejects IPv4-mapped IPv6', spec({ egress: [{ action: 'Deny', to: [{ networks: ['::ffff:10.0.0.0/104'] }] }] }), 'spec.egress[0].to[0].networks[0]'],
    ['networks is a set', spec({ egress: [{ action: 'Deny', to: [{ networks: ['1.0.0.0/8', '1.0.0.0/8'] }] }] }), 'spec.egress[0].to[0].networks'],
    ['named port with a networks peer (E1)', spec({ egress: [{ action: 'Accept', to: [{ networks: ['1.0.0.0/8'] }], protocols: [{ destinationNamedPort: 'http' }] }] }), 'spec.egress[0]'],
    ['selector operator missing (the schema requires it)', spec({ subject: { namespaces: { matchExpressions: [{ key: 'a' }] } } }), 'spec.subject.namespaces.matchExpressions[0].operator'],
    ['selector values not strings (the schema types them)', spec({ subject: { namespaces: { matchExpressions: [{ key: 'a', operator: 'In', values: [1] }] } } }), 'spec.subject.namespaces.matchExpressions[0].values[0]'],
    ['more than 25 rules', spec({ egress: Array.from({ length: 26 }, () => ({ action: 'Deny', to: [{ namespaces: {} }] })) }), 'spec.egress'],
    ['BANP must be named default', { metadata: { name: 'x' }, spec: { subject: { namespaces: {} } } }, 'metadata.name'],
  ];
  it.each(INVALID)('%s', (name, obj, path) => {
    expect(paths(obj, name.startsWith('BANP') ? 'BaselineAdminNetworkPolicy' : 'ClusterNetworkPolicy')).toContain(path);
  });

  it('accepts host bits in networks (isCIDR) and reads them as the masked prefix', () => {
    const r = readClusterPolicy(spec({ egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.1/8'] }] }] }), 'ClusterNetworkPolicy');
    expect('view' in r && r.view.egress[0]!.peers[0]).toMatchObject({ cidrs: ['10.0.0.0/8'] });
  });

  it('maps v1alpha1: Allow to Accept, ports to protocols (protocol defaults to TCP), BANP to Baseline', () => {
    const anp = readClusterPolicy(
      { metadata: { name: 'a' }, spec: { priority: 4, subject: { namespaces: {} }, egress: [{ name: 'r', action: 'Allow', to: [{ networks: ['1.0.0.0/8'] }], ports: [{ portNumber: { port: 80 } }, { portRange: { protocol: 'UDP', start: 1, end: 9 } }] }] } },
      'AdminNetworkPolicy',
    );
    expect('view' in anp && anp.view).toMatchObject({ tier: 'Admin', priority: 4, egress: [{ name: 'r', action: 'Accept', protocols: [{ protocol: 'TCP', start: 80, end: 80 }, { protocol: 'UDP', start: 1, end: 9 }] }] });
    const banp = readClusterPolicy({ metadata: { name: 'default' }, spec: { subject: { namespaces: {} }, ingress: [{ action: 'Allow', from: [{ namespaces: {} }] }] } }, 'BaselineAdminNetworkPolicy');
    expect('view' in banp && banp.view).toMatchObject({ tier: 'Baseline', priority: 1000, ingress: [{ action: 'Accept' }] });
    expect(paths({ metadata: { name: 'default' }, spec: { subject: { namespaces: {} }, egress: [{ action: 'Pass', to: [{ namespaces: {} }] }] } }, 'BaselineAdminNetworkPolicy')).toContain('spec.egress[0].action');
  });
});

describe('domainNames matching', () => {
  const TABLE: Array<[string, string, boolean]> = [
    ['example.com', 'example.com', true],
    ['example.com', 'www.example.com', false],
    ['*.example.com', 'www.example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'badexample.com', false],
    ['Example.COM.', 'example.com', true],
    ['example.com', 'EXAMPLE.com.', true],
    ['*.github.com', 'api.github.com', true],
  ];
  it.each(TABLE)('%s ~ %s = %s', (pattern, name, expected) => expect(domainMatches(pattern, name)).toBe(expected));
});
