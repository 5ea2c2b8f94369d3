import { describe, expect, it } from 'vitest';
import { SandboxPolicyError, evaluateTraffic, explainNetworkPolicy, networkPolicyFor, sandboxPodLabels, parseSandboxTemplate, type Traffic } from '../src/index.js';
import { baseTemplate } from './helpers.js';

const NS = 'agents';
const pol = (name: string, spec: Record<string, unknown>, namespace = NS) => ({ kind: 'NetworkPolicy', metadata: { name, namespace }, spec: { podSelector: {}, ...spec } });
const web = { namespace: NS, labels: { app: 'web' } };
const db = { namespace: NS, labels: { app: 'db' }, ports: [{ name: 'pg', containerPort: 5432 }, { name: 'dns', containerPort: 53, protocol: 'UDP' as const }] };
const router = { namespace: 'agent-sandbox-system', labels: { app: 'sandbox-router' } };
const otherNs = { namespace: 'other', labels: { app: 'web' } };
const teamNs = { namespace: 'team', labels: { app: 'web' }, namespaceLabels: { team: 'a', 'kubernetes.io/metadata.name': 'team' } };
const ingress = (peer: Traffic['peer'], port = 80, protocol?: Traffic['protocol'], pod: Traffic['pod'] = db): Traffic => ({ direction: 'ingress', pod, peer, port, ...(protocol ? { protocol } : {}) });
const egress = (peer: Traffic['peer'], port = 443, protocol?: Traffic['protocol'], pod: Traffic['pod'] = web): Traffic => ({ direction: 'egress', pod, peer, port, ...(protocol ? { protocol } : {}) });

const denyAll = pol('deny-all', { policyTypes: ['Ingress', 'Egress'] });
const ingressOnly = pol('ingress-only', { ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });
const dbOnly = pol('db-only', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }], policyTypes: ['Ingress'] });
const andPeer = pol('and', { ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { app: 'web' } } }] }], policyTypes: ['Ingress'] });
const orPeers = pol('or', { ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }, { podSelector: { matchLabels: { app: 'web' } } }] }], policyTypes: ['Ingress'] });
const named = pol('named', { ingress: [{ ports: [{ port: 'pg' }] }, { ports: [{ port: 'dns', protocol: 'UDP' }] }], policyTypes: ['Ingress'] });
const sctp = pol('sctp', { ingress: [{ ports: [{ protocol: 'SCTP', port: 9000 }] }], policyTypes: ['Ingress'] });
const range = pol('range', { egress: [{ ports: [{ port: 8000, endPort: 8100 }], to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }], policyTypes: ['Egress'] });
const v6 = pol('v6', { egress: [{ to: [{ ipBlock: { cidr: '2000::/3', except: ['2001:db8::/32'] } }] }], policyTypes: ['Egress'] });
const web443 = pol('web-443', { podSelector: { matchLabels: { app: 'web' } }, egress: [{ ports: [{ port: 443 }] }], policyTypes: ['Egress'] });
const webDns = pol('web-dns', { podSelector: { matchLabels: { app: 'web' } }, egress: [{ ports: [{ port: 53, protocol: 'UDP' }], to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }] }], policyTypes: ['Egress'] });
const exprs = pol('exprs', { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['db', 'cache'] }, { key: 'legacy', operator: 'DoesNotExist' }] }, ingress: [], policyTypes: ['Ingress'] });
const notIn = pol('not-in', { ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] } }] }], policyTypes: ['Ingress'] });
const exists = pol('exists', { ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'trusted', operator: 'Exists' }] } }] }], policyTypes: ['Ingress'] });
const elsewhere = pol('elsewhere', { policyTypes: ['Ingress', 'Egress'] }, 'other');
const ipIngress = pol('ip-in', { ingress: [{ from: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] } }] }], policyTypes: ['Ingress'] });
const egressNoTo = pol('no-to', { egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }], policyTypes: ['Egress'] });
const template = parseSandboxTemplate(baseTemplate());
const sandboxDefault = networkPolicyFor(template)!;
const sandbox = { namespace: 'default', labels: sandboxPodLabels(template) };

// [case, policies, traffic, allowed, reason]
const TRUTH: Array<[string, unknown[], Traffic, boolean, string]> = [
  ['no policies: ingress allowed', [], ingress({ ip: '1.2.3.4' }), true, 'not-isolated'],
  ['no policies: egress allowed', [], egress({ ip: '1.2.3.4' }), true, 'not-isolated'],
  ['deny-all blocks ingress', [denyAll], ingress({ ip: '1.2.3.4' }), false, 'denied'],
  ['deny-all blocks egress', [denyAll], egress({ ip: '1.2.3.4' }), false, 'denied'],
  ['deny-all blocks pod-to-pod', [denyAll], ingress(web), false, 'denied'],
  ['ingress-only: ingress from web allowed', [ingressOnly], ingress(web), true, 'allowed'],
  ['ingress-only: ingress from db denied', [ingressOnly], ingress(db, 80, undefined, web), false, 'denied'],
  ['ingress-only: egress unrestricted', [ingressOnly], egress({ ip: '169.254.169.254' }), true, 'not-isolated'],
  ['ingress-only: podSelector alone means same namespace', [ingressOnly], ingress(otherNs), false, 'denied'],
  ['policy selects db only: web unaffected', [dbOnly], ingress({ ip: '1.2.3.4' }, 80, undefined, web), true, 'not-isolated'],
  ['db-only: web to db 5432 allowed', [dbOnly], ingress(web, 5432), true, 'allowed'],
  ['db-only: web to db 80 denied', [dbOnly], ingress(web, 80), false, 'denied'],
  ['db-only: web to db 5432 UDP denied (protocol defaults to TCP)', [dbOnly], ingress(web, 5432, 'UDP'), false, 'denied'],
  ['union: deny-all + db-only allows 5432', [denyAll, dbOnly], ingress(web, 5432), true, 'allowed'],
  ['union: deny-all + db-only still denies 80', [denyAll, dbOnly], ingress(web, 80), false, 'denied'],
  ['union: order does not matter', [dbOnly, denyAll], ingress(web, 5432), true, 'allowed'],
  ['union: two egress policies add up (443)', [web443, webDns], egress({ ip: '8.8.8.8' }, 443), true, 'allowed'],
  ['union: two egress policies add up (DNS to kube-system)', [web443, webDns], egress({ namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }, 53, 'UDP'), true, 'allowed'],
  ['union: DNS rule does not allow 53 to the internet', [webDns], egress({ ip: '8.8.8.8' }, 53, 'UDP'), false, 'denied'],
  ['union: 80 allowed by neither', [web443, webDns], egress({ ip: '8.8.8.8' }, 80), false, 'denied'],
  ['AND peer: right namespace and pod', [andPeer], ingress(teamNs), true, 'allowed'],
  ['AND peer: right namespace, wrong pod', [andPeer], ingress({ ...teamNs, labels: { app: 'db' } }), false, 'denied'],
  ['AND peer: right pod, wrong namespace', [andPeer], ingress(web), false, 'denied'],
  ['OR peers: right namespace, any pod', [orPeers], ingress({ ...teamNs, labels: { app: 'db' } }), true, 'allowed'],
  ['OR peers: right pod in the policy namespace', [orPeers], ingress(web), true, 'allowed'],
  ['OR peers: right pod, unrelated namespace', [orPeers], ingress(otherNs), false, 'denied'],
  ['namespaceSelector by metadata.name default label', [pol('ns', { ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } }] }], policyTypes: ['Ingress'] })], ingress(otherNs), true, 'allowed'],
  ['named port resolves on the destination pod', [named], ingress(web, 5432), true, 'allowed'],
  ['named port: wrong number', [named], ingress(web, 5433), false, 'denied'],
  ['named port: UDP dns', [named], ingress(web, 53, 'UDP'), true, 'allowed'],
  ['named port: TCP does not match a UDP container port', [named], ingress(web, 53, 'TCP'), false, 'denied'],
  ['named port: destination without ports does not match', [named], ingress(db, 5432, undefined, web), false, 'denied'],
  ['named port on egress resolves on the peer pod', [pol('en', { egress: [{ ports: [{ port: 'pg' }] }], policyTypes: ['Egress'] })], egress(db, 5432), true, 'allowed'],
  ['named port on egress to an IP never matches', [pol('en', { egress: [{ ports: [{ port: 'pg' }] }], policyTypes: ['Egress'] })], egress({ ip: '10.0.0.5' }, 5432), false, 'denied'],
  ['SCTP port allowed', [sctp], ingress(web, 9000, 'SCTP'), true, 'allowed'],
  ['SCTP rule does not allow TCP', [sctp], ingress(web, 9000, 'TCP'), false, 'denied'],
  ['SCTP rule: other port', [sctp], ingress(web, 9001, 'SCTP'), false, 'denied'],
  ['endPort: lower bound', [range], egress({ ip: '8.8.8.8' }, 8000), true, 'allowed'],
  ['endPort: upper bound', [range], egress({ ip: '8.8.8.8' }, 8100), true, 'allowed'],
  ['endPort: inside', [range], egress({ ip: '8.8.8.8' }, 8050), true, 'allowed'],
  ['endPort: below', [range], egress({ ip: '8.8.8.8' }, 7999), false, 'denied'],
  ['endPort: above', [range], egress({ ip: '8.8.8.8' }, 8101), false, 'denied'],
  ['IPv6 global unicast allowed', [v6], egress({ ip: '2600:1f18::1' }), true, 'allowed'],
  ['IPv6 except applies', [v6], egress({ ip: '2001:db8::1' }), false, 'denied'],
  ['IPv6 ULA outside 2000::/3', [v6], egress({ ip: 'fd00:ec2::254' }), false, 'denied'],
  ['IPv6 link-local outside 2000::/3', [v6], egress({ ip: 'fe80::a9fe:a9fe' }), false, 'denied'],
  ['IPv4 to an IPv6-only rule', [v6], egress({ ip: '8.8.8.8' }), false, 'denied'],
  ['IPv4-mapped peer judged as IPv4', [pol('m', { egress: [{ to: [{ ipBlock: { cidr: '8.8.8.0/24' } }] }], policyTypes: ['Egress'] })], egress({ ip: '::ffff:8.8.8.8' }), true, 'allowed'],
  ['ipBlock ingress: inside cidr', [ipIngress], ingress({ ip: '203.0.113.5' }), true, 'allowed'],
  ['ipBlock ingress: in except', [ipIngress], ingress({ ip: '203.0.113.200' }), false, 'denied'],
  ['ipBlock ingress: outside', [ipIngress], ingress({ ip: '198.51.100.1' }), false, 'denied'],
  ['ipBlock matches a pod by its IP when given', [ipIngress], ingress({ ...web, ip: '203.0.113.7' }), true, 'allowed'],
  ['ipBlock does not match a pod without an IP', [ipIngress], ingress(web), false, 'denied'],
  ['selectors never match an external IP', [ingressOnly], ingress({ ip: '10.0.0.9' }), false, 'denied'],
  ['egress rule with no to: any destination on its ports', [egressNoTo], egress({ ip: '1.1.1.1' }, 53, 'UDP'), true, 'allowed'],
  ['egress rule with no to: other ports denied', [egressNoTo], egress({ ip: '1.1.1.1' }, 443), false, 'denied'],
  ['matchExpressions In + DoesNotExist select db', [exprs], ingress(web), false, 'denied'],
  ['matchExpressions: a legacy db is not selected', [exprs], ingress(web, 80, undefined, { ...db, labels: { app: 'db', legacy: 'yes' } }), true, 'not-isolated'],
  ['matchExpressions: web is not selected', [exprs], ingress(db, 80, undefined, web), true, 'not-isolated'],
  ['NotIn: absent label matches', [notIn], ingress({ namespace: NS, labels: {} }), true, 'allowed'],
  ['NotIn: excluded value', [notIn], ingress(web), false, 'denied'],
  ['Exists', [exists], ingress({ namespace: NS, labels: { trusted: '' } }), true, 'allowed'],
  ['Exists: absent', [exists], ingress(web), false, 'denied'],
  ['a policy in another namespace does not select the pod', [elsewhere], egress({ ip: '1.1.1.1' }), true, 'not-isolated'],
  ['policyTypes omitted: Egress only with egress rules', [pol('implicit', { ingress: [] })], egress({ ip: '1.1.1.1' }), true, 'not-isolated'],
  ['policyTypes omitted: Ingress always', [pol('implicit', { ingress: [] })], ingress(web), false, 'denied'],
  ['sandbox default: router may connect', [sandboxDefault], { direction: 'ingress', pod: sandbox, peer: router, port: 8888 }, true, 'allowed'],
  ['sandbox default: same-namespace pod may not', [sandboxDefault], { direction: 'ingress', pod: sandbox, peer: { namespace: 'default', labels: { app: 'sandbox-router' } }, port: 8888 }, false, 'denied'],
  ['sandbox default: metadata blocked', [sandboxDefault], { direction: 'egress', pod: sandbox, peer: { ip: '169.254.169.254' }, port: 80 }, false, 'denied'],
  ['sandbox default: cluster DNS blocked', [sandboxDefault], { direction: 'egress', pod: sandbox, peer: { ip: '10.96.0.10' }, port: 53, protocol: 'UDP' }, false, 'denied'],
  ['sandbox default: public DNS allowed', [sandboxDefault], { direction: 'egress', pod: sandbox, peer: { ip: '8.8.8.8' }, port: 53, protocol: 'UDP' }, true, 'allowed'],
  ['sandbox default: Alibaba metadata is reachable (a known gap)', [sandboxDefault], { direction: 'egress', pod: sandbox, peer: { ip: '100.100.100.200' }, port: 80 }, true, 'allowed'],
  ['sandbox default: another template\'s pod is not selected', [sandboxDefault], { direction: 'egress', pod: { namespace: 'default', labels: {} }, peer: { ip: '10.0.0.1' }, port: 80 }, true, 'not-isolated'],
];

describe('evaluateTraffic truth table', () => {
  it('has at least 60 cases', () => expect(TRUTH.length).toBeGreaterThanOrEqual(60));
  for (const [name, policies, traffic, allowed, reason] of TRUTH) {
    it(name, () => {
      const v = evaluateTraffic(policies, traffic);
      expect({ allowed: v.allowed, reason: v.reason }).toEqual({ allowed, reason });
    });
  }
  it('says which policy and rule allowed it', () => {
    const v = evaluateTraffic([denyAll, dbOnly], ingress(web, 5432));
    expect(v.matchedRule).toEqual({ policy: 'db-only', path: 'spec.ingress[0].from[0]' });
    expect(v.selectingPolicies).toEqual(['deny-all', 'db-only']);
    expect(v.explanation).toBe('allowed by db-only spec.ingress[0].from[0]');
  });
  it('says why it was denied', () => {
    expect(evaluateTraffic([denyAll], egress({ ip: '1.1.1.1' })).explanation).toContain('isolated for egress by deny-all');
  });
  it.each([
    ['no namespace', { direction: 'egress', pod: {}, peer: { ip: '1.1.1.1' }, port: 1 }, 'traffic.pod.namespace'],
    ['bad IP', { direction: 'egress', pod: { namespace: 'a' }, peer: { ip: '1.1.1' }, port: 1 }, 'traffic.peer.ip'],
    ['port 0', { direction: 'egress', pod: { namespace: 'a' }, peer: { ip: '1.1.1.1' }, port: 0 }, 'traffic.port'],
    ['bad direction', { direction: 'out', pod: { namespace: 'a' }, peer: { ip: '1.1.1.1' }, port: 1 }, 'traffic.direction'],
    ['bad protocol', { direction: 'egress', pod: { namespace: 'a' }, peer: { ip: '1.1.1.1' }, port: 1, protocol: 'ICMP' }, 'traffic.protocol'],
  ])('rejects traffic with %s', (_, traffic, path) => {
    expect(() => evaluateTraffic([], traffic as never)).toThrowError(new RegExp(path.replace(/\./g, '\\.')));
  });
});

describe('explainNetworkPolicy', () => {
  it('describes the default policy', () => {
    expect(explainNetworkPolicy(sandboxDefault)).toBe(
      [
        'NetworkPolicy sandbox-network-policy applies to pods with agents.x-k8s.io/sandbox-template-ref-hash=da1fd924.',
        'Incoming: allowed only',
        '  from pods with app=sandbox-router in namespaces with kubernetes.io/metadata.name=agent-sandbox-system, on all ports',
        'Outgoing: allowed only',
        '  to 0.0.0.0/0 except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16; or ::/0 except fc00::/7, fe80::/10, on all ports',
        "Other policies selecting the same pods add to what is allowed; traffic to the pod's own node is always allowed.",
      ].join('\n'),
    );
  });
  it('says deny-all and not-restricted plainly', () => {
    const text = explainNetworkPolicy({ spec: { podSelector: {}, policyTypes: ['Egress'] } });
    expect(text).toContain('applies to all pods');
    expect(text).toContain('Incoming: not restricted by this policy.');
    expect(text).toContain('nothing: all outgoing traffic is denied');
  });
  it('names ports, selectors and expressions', () => {
    const text = explainNetworkPolicy(named);
    expect(text).toContain('from any source, on TCP pg');
    expect(explainNetworkPolicy(range)).toContain('on TCP 8000-8100');
    expect(explainNetworkPolicy(exprs)).toContain('pods with app in (db, cache), no legacy');
  });
  it('refuses junk and invalid policies with a SandboxPolicyError instead of describing them', () => {
    for (const junk of [null, 1, 'x', [], { spec: { ingress: [null, { from: [7] }] } }, { spec: { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] } }]) {
      expect(() => explainNetworkPolicy(junk)).toThrow(SandboxPolicyError);
    }
  });
});
