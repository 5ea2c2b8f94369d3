#!/usr/bin/env node
// Ports the Kubernetes e2e legacy NetworkPolicy tests (kubernetes/kubernetes
// test/e2e/network/netpol/network_legacy.go, "NetworkPolicyLegacy" and its SCTP context) to data.
// Each ginkgo.It is transcribed below as its steps: namespaces and server pods it creates, the
// policies it creates, updates and deletes, label changes, and every testCanConnect /
// testCannotConnect (and the ...Protocol variants) as a probe with its asserted outcome. The
// BeforeEach probes (client-can-connect-80/81 before any policy) are part of every test.
// A probe goes through the server's Service, whose only endpoint is the server pod: it is ported
// as a connection to that pod. Only data (objects and expectations) is written.
//
//   node test/conformance/tools/port-kubernetes-e2e-legacy.mjs test/conformance/data/kubernetes-e2e-legacy.json
import { writeFileSync } from 'node:fs';

const REPO = 'kubernetes/kubernetes';
const PATH = 'test/e2e/network/netpol/network_legacy.go';
const COMMIT = '045bbb192caa3d04b3aaa5b20fd9989ce11996fa';
const out = process.argv[2];
if (!out) {
  console.error('usage: port-kubernetes-e2e-legacy.mjs <out.json>');
  process.exit(2);
}

const ML = (labels) => ({ matchLabels: labels });
/** A NetworkPolicy as the test builds it; empty rule lists are left out, as the client's JSON (omitempty) leaves them out. */
const np = (name, spec) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec: { podSelector: {}, ...spec } });
const server = ML({ 'pod-name': 'server' });
const from = (...peers) => ({ from: peers });
const to = (...peers) => ({ to: peers });

// Steps.
const ns = (suffix, labels) => ['ns', suffix, labels];
const srv = (nsSuffix, name, ports) => ['server', nsSuffix, name, ports];
const delSrv = (nsSuffix, name) => ['delServer', nsSuffix, name];
const create = (policy, nsSuffix = '') => ['policy', nsSuffix, policy];
const del = (name, nsSuffix = '') => ['delPolicy', nsSuffix, name];
const can = (fromNs, client, toNs, serverName, port, protocol = 'TCP') => ['probe', fromNs, client, toNs, serverName, port, protocol, true];
const cannot = (fromNs, client, toNs, serverName, port, protocol = 'TCP') => ['probe', fromNs, client, toNs, serverName, port, protocol, false];

const T = [];
const it = (context, title, ...steps) => T.push({ context, title, steps });
const L = 'NetworkPolicyLegacy';
const S = 'SCTP';
const B = '-b';
const C = '-c';
const nsB = ns(B, (base) => ({ 'ns-name': `${base}-b` }));

it(L, "should support a 'default-deny-ingress' policy",
  create(np('deny-ingress', {})),
  cannot('', 'client-cannot-connect', '', 'server', 80));
it(L, "should support a 'default-deny-all' policy",
  nsB, srv(B, 'pod-b', [[80, 'TCP'], [81, 'TCP']]),
  can('', 'client-a', B, 'pod-b', 80),
  create(np('default-deny-all', { policyTypes: ['Egress', 'Ingress'] })),
  cannot('', 'client-to-a', '', 'server', 80),
  cannot('', 'client-to-b', B, 'pod-b', 80));
it(L, 'should enforce policy to allow traffic from pods within server namespace based on PodSelector',
  nsB,
  can('', 'client-a', '', 'server', 80), can('', 'client-b', '', 'server', 80), can(B, 'client-a', '', 'server', 80),
  create(np('allow-client-a-via-pod-selector', { podSelector: server, ingress: [from({ podSelector: ML({ 'pod-name': 'client-a' }) })] })),
  can('', 'client-a', '', 'server', 80), cannot('', 'client-b', '', 'server', 80), cannot(B, 'client-a', '', 'server', 80));
it(L, 'should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector',
  nsB,
  create(np('allow-ns-b-via-namespace-selector', { podSelector: server, ingress: [from({ namespaceSelector: ML({ 'ns-name': '$B' }) })] })),
  cannot('', 'client-a', '', 'server', 80), can(B, 'client-b', '', 'server', 80));
it(L, 'should enforce policy based on PodSelector with MatchExpressions',
  create(np('allow-client-a-via-pod-selector-with-match-expressions', { podSelector: server, ingress: [from({ podSelector: { matchExpressions: [{ key: 'pod-name', operator: 'In', values: ['client-a'] }] } })] })),
  can('', 'client-a', '', 'server', 80), cannot('', 'client-b', '', 'server', 80));
it(L, 'should enforce policy based on NamespaceSelector with MatchExpressions',
  nsB, ns(C, (base) => ({ 'ns-name': `${base}-c` })),
  create(np('allow-any-ns-different-than-ns-a-via-ns-selector-with-match-expressions', { podSelector: server, ingress: [from({ namespaceSelector: { matchExpressions: [{ key: 'ns-name', operator: 'NotIn', values: ['$C'] }] } })] })),
  cannot(C, 'client-a', '', 'server', 80), can(B, 'client-a', '', 'server', 80));
it(L, 'should enforce policy based on PodSelector or NamespaceSelector',
  nsB,
  create(np('allow-ns-b-via-namespace-selector-or-client-b-via-pod-selector', { podSelector: server, ingress: [from({ podSelector: ML({ 'pod-name': 'client-b' }) }, { namespaceSelector: ML({ 'ns-name': '$B' }) })] })),
  can(B, 'client-a', '', 'server', 80), can('', 'client-b', '', 'server', 80), cannot('', 'client-c', '', 'server', 80));
it(L, 'should enforce policy based on PodSelector and NamespaceSelector',
  nsB,
  create(np('allow-client-b-in-ns-b-via-ns-selector-and-pod-selector', { podSelector: server, ingress: [from({ podSelector: ML({ 'pod-name': 'client-b' }), namespaceSelector: ML({ 'ns-name': '$B' }) })] })),
  cannot(B, 'client-a', '', 'server', 80), cannot('', 'client-b', '', 'server', 80), can(B, 'client-b', '', 'server', 80));
{
  const policy = np('allow-ns-b-client-a-via-namespace-pod-selector', { podSelector: server, ingress: [from({ namespaceSelector: ML({ 'ns-name': '$B' }), podSelector: ML({ 'pod-name': 'client-a' }) })] });
  for (const [context, protocol] of [[L, 'TCP'], [S, 'SCTP']])
    it(context, 'should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector',
      nsB,
      can('', 'client-a', '', 'server', 80, protocol), can('', 'client-b', '', 'server', 80, protocol), can(B, 'client-a', '', 'server', 80, protocol), can(B, 'client-b', '', 'server', 80, protocol),
      create(policy),
      cannot('', 'client-a', '', 'server', 80, protocol), cannot('', 'client-b', '', 'server', 80, protocol), can(B, 'client-a', '', 'server', 80, protocol), cannot(B, 'client-b', '', 'server', 80, protocol));
}
it(L, 'should enforce policy based on Ports',
  create(np('allow-ingress-on-port-81', { podSelector: server, ingress: [{ ports: [{ port: 81 }] }] })),
  cannot('', 'client-a', '', 'server', 80), can('', 'client-b', '', 'server', 81));
it(L, 'should enforce multiple, stacked policies with overlapping podSelectors',
  create(np('allow-ingress-on-port-80', { podSelector: server, ingress: [{ ports: [{ port: 80 }] }] })),
  create(np('allow-ingress-on-port-81', { podSelector: server, ingress: [{ ports: [{ port: 81 }] }] })),
  can('', 'client-a', '', 'server', 80), can('', 'client-b', '', 'server', 81));
it(L, 'should support allow-all policy',
  create(np('allow-all', { podSelector: ML({}), ingress: [{}] })),
  can('', 'client-a', '', 'server', 80), can('', 'client-b', '', 'server', 81));
it(L, 'should allow ingress access on one named port',
  create(np('allow-client-a-via-named-port-ingress-rule', { podSelector: server, ingress: [{ ports: [{ port: 'serve-80' }] }] })),
  can('', 'client-a', '', 'server', 80), cannot('', 'client-b', '', 'server', 81));
it(L, 'should allow ingress access from namespace on one named port',
  nsB,
  create(np('allow-client-in-ns-b-via-named-port-ingress-rule', { podSelector: server, ingress: [{ ...from({ namespaceSelector: ML({ 'ns-name': '$B' }) }), ports: [{ port: 'serve-80' }] }] })),
  cannot('', 'client-a', '', 'server', 80), can(B, 'client-b', '', 'server', 80));
it(L, 'should allow egress access on one named port',
  create(np('allow-client-a-via-named-port-egress-rule', { podSelector: ML({ 'pod-name': 'client-a' }), egress: [{ ports: [{ port: 'serve-80' }] }] })),
  can('', 'client-a', '', 'server', 80), cannot('', 'client-a', '', 'server', 81));
it(L, 'should enforce updated policy',
  create(np('allow-ingress', { podSelector: server, ingress: [{ ...from({ podSelector: ML({ 'pod-name': 'client-a' }) }), ports: [{ port: 80 }] }] })),
  can('', 'client-a', '', 'server', 80), cannot('', 'client-b', '', 'server', 80), cannot('', 'client-a', '', 'server', 81),
  create(np('allow-ingress', { podSelector: server, ingress: [{ ...from({ podSelector: ML({ 'pod-name': 'client-b' }) }), ports: [{ port: 81 }] }] })),
  cannot('', 'client-b', '', 'server', 80), cannot('', 'client-a', '', 'server', 80), can('', 'client-b', '', 'server', 81));
it(L, 'should allow ingress access from updated namespace',
  nsB,
  create(np('allow-ns-b-via-namespace-selector', { podSelector: server, ingress: [from({ namespaceSelector: ML({ 'ns-name': '$B-updated' }) })] })),
  cannot(B, 'client-a', '', 'server', 80),
  ['nsLabel', B, 'ns-name', '$B-updated'],
  can(B, 'client-b', '', 'server', 80));
it(L, 'should allow ingress access from updated pod',
  create(np('allow-pod-b-via-pod-selector', { podSelector: server, ingress: [from({ podSelector: { matchExpressions: [{ key: 'pod-name', operator: 'DoesNotExist' }] } })] })),
  cannot('', 'client-a', '', 'server', 80),
  // updatePodLabel(..., "replace", "/metadata/labels", {}): the client keeps running with no labels.
  ['clientLabels', '', 'client-a', {}],
  can('', 'client-a', '', 'server', 80));
it(L, 'should deny ingress access to updated pod',
  create(np('deny-ingress-via-isolated-label-selector', { podSelector: { matchLabels: { 'pod-name': 'server' }, matchExpressions: [{ key: 'isolated', operator: 'Exists' }] }, policyTypes: ['Ingress'] })),
  can('', 'client-a', '', 'server', 80),
  // updatePodLabel(..., "add", "/metadata/labels/isolated", nil): the label exists with an empty value.
  ['serverLabels', '', 'server', { 'pod-name': 'server', isolated: '' }],
  cannot('', 'client-a', '', 'server', 80));
it(L, 'should work with Ingress,Egress specified together',
  nsB, srv(B, 'pod-b', [[80, 'TCP'], [81, 'TCP']]),
  create(np('ingress-egress-rule', {
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ ...from({ namespaceSelector: ML({ 'ns-name': '$B' }) }), ports: [{ port: 80 }] }],
    egress: [{ ...to({ namespaceSelector: ML({ 'ns-name': '$B' }) }), ports: [{ port: 80 }] }],
  })),
  can('', 'client-a', B, 'pod-b', 80), can(B, 'client-b', '', 'server', 80), cannot('', 'client-a', B, 'pod-b', 81), cannot(B, 'client-b', '', 'server', 81));
it(L, 'should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector',
  nsB, srv(B, 'ns-b-server-a', [[80, 'TCP']]), srv(B, 'ns-b-server-b', [[80, 'TCP']]),
  create(np('allow-to-ns-b-server-a-via-namespace-selector', { podSelector: ML({ 'pod-name': 'client-a' }), policyTypes: ['Egress'], egress: [to({ namespaceSelector: ML({ 'ns-name': '$B' }), podSelector: ML({ 'pod-name': 'ns-b-server-a' }) })] })),
  can('', 'client-a', B, 'ns-b-server-a', 80), cannot('', 'client-a', B, 'ns-b-server-b', 80), cannot('', 'client-a', '', 'server', 80));
it(L, 'should enforce multiple ingress policies with ingress allow-all policy taking precedence',
  create(np('allow-from-client-b-pod-selector', { podSelector: server, policyTypes: ['Ingress'], ingress: [from({ podSelector: ML({ 'pod-name': 'client-b' }) })] })),
  cannot('', 'client-a', '', 'server', 80), can('', 'client-b', '', 'server', 80),
  create(np('allow-all', { podSelector: ML({}), policyTypes: ['Ingress'], ingress: [{}] })),
  can('', 'client-a', '', 'server', 80), can('', 'client-b', '', 'server', 80));
it(L, 'should enforce multiple egress policies with egress allow-all policy taking precedence',
  srv('', 'server-b', [[80, 'TCP']]),
  can('', 'client-a', '', 'server-b', 80),
  create(np('allow-to-server-a-pod-selector', { podSelector: ML({ 'pod-name': 'client-a' }), policyTypes: ['Egress'], egress: [to({ podSelector: server })] })),
  cannot('', 'client-a', '', 'server-b', 80), can('', 'client-a', '', 'server', 80),
  create(np('allow-all', { podSelector: ML({}), policyTypes: ['Egress'], egress: [{}] })),
  can('', 'client-a', '', 'server-b', 80), can('', 'client-a', '', 'server', 80));
it(L, 'should stop enforcing policies after they are deleted',
  create(np('deny-all', { policyTypes: ['Ingress'] })),
  cannot('', 'client-a', '', 'server', 80),
  create(np('allow-from-client-a-pod-selector', { podSelector: server, policyTypes: ['Ingress'], ingress: [from({ podSelector: ML({ 'pod-name': 'client-a' }) })] })),
  can('', 'client-a', '', 'server', 80),
  del('allow-from-client-a-pod-selector'),
  cannot('', 'client-a', '', 'server', 80),
  del('deny-all'),
  can('', 'client-a', '', 'server', 80));
it(L, 'should allow egress access to server in CIDR block',
  srv('', 'pod-b', [[80, 'TCP']]),
  can('', 'client-a', '', 'pod-b', 80),
  create(np('allow-client-a-via-cidr-egress-rule', { podSelector: ML({ 'pod-name': 'client-a' }), policyTypes: ['Egress'], egress: [to({ ipBlock: { cidr: '$IP(server)/32' } })] })),
  cannot('', 'client-a', '', 'pod-b', 80), can('', 'client-a', '', 'server', 80));
{
  const except = np('deny-client-a-via-except-cidr-egress-rule', { podSelector: ML({ 'pod-name': 'client-a' }), policyTypes: ['Egress'], egress: [to({ ipBlock: { cidr: '$NET24(server)', except: ['$IP(server)/32'] } })] });
  it(L, 'should enforce except clause while egress access to server in CIDR block',
    can('', 'client-a', '', 'server', 80),
    create(except),
    cannot('', 'client-a', '', 'server', 80));
  it(L, 'should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed',
    create(except),
    cannot('', 'client-a', '', 'server', 80),
    create(np('allow-client-a-via-cidr-egress-rule', { podSelector: ML({ 'pod-name': 'client-a' }), policyTypes: ['Egress'], egress: [to({ ipBlock: { cidr: '$IP(server)/32' } })] })),
    can('', 'client-a', '', 'server', 80),
    del('deny-client-a-via-except-cidr-egress-rule'),
    can('', 'client-a', '', 'server', 80),
    create(except),
    can('', 'client-a', '', 'server', 80));
}
it(L, 'should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector',
  srv('', 'pod-a', [[80, 'TCP']]),
  can('', 'pod-b', '', 'pod-a', 80),
  delSrv('', 'pod-a'), srv('', 'pod-b', [[80, 'TCP']]),
  can('', 'pod-a', '', 'pod-b', 80),
  create(np('allow-pod-a-to-pod-b-using-pod-selector', { podSelector: ML({ 'pod-name': 'pod-a' }), policyTypes: ['Egress'], egress: [to({ podSelector: ML({ 'pod-name': 'pod-b' }) })] })),
  create(np('deny-pod-b-to-pod-a-pod-selector', { podSelector: ML({ 'pod-name': 'pod-a' }), policyTypes: ['Ingress'] })),
  can('', 'pod-a', '', 'pod-b', 80),
  delSrv('', 'pod-b'), srv('', 'pod-a', [[80, 'TCP']]),
  cannot('', 'pod-b', '', 'pod-a', 80));
it(L, 'should not allow access by TCP when a policy specifies only SCTP',
  create(np('allow-only-sctp-ingress-on-port-80', { podSelector: server, ingress: [{ ports: [{ port: 80, protocol: 'SCTP' }] }] })),
  cannot('', 'client-a', '', 'server', 80));
// "NetworkPolicy [Feature:SCTPConnectivity]": the server serves SCTP on 80 and 81.
it(S, "should support a 'default-deny' policy",
  create(np('deny-all', {})),
  // testCannotConnect probes with TCP here.
  cannot('', 'client-cannot-connect', '', 'server', 80));
it(S, 'should enforce policy based on Ports',
  create(np('allow-ingress-on-port-81', { podSelector: server, ingress: [{ ports: [{ port: 81, protocol: 'SCTP' }] }] })),
  cannot('', 'client-a', '', 'server', 80, 'SCTP'), can('', 'client-b', '', 'server', 81, 'SCTP'));

// ---- Expansion into cases.
const CONTEXTS = {
  [L]: { base: 'network-policy', protocol: 'TCP', title: 'NetworkPolicyLegacy [LinuxOnly] NetworkPolicy between server and client' },
  [S]: { base: 'sctp-network-policy', protocol: 'SCTP', title: 'NetworkPolicy [Feature:SCTPConnectivity] NetworkPolicy between server and client using SCTP' },
};
const nsIndex = new Map();
let podSeq = 0;
const cases = [];
for (const t of T) {
  const ctx = CONTEXTS[t.context];
  const nsName = (suffix) => `${ctx.base}${suffix}`;
  const subst = (v) =>
    JSON.parse(
      JSON.stringify(v)
        .replaceAll('$B', nsName(B))
        .replaceAll('$C', nsName(C)),
    );
  // The framework's namespace, then the ones the test creates (the framework labels them all).
  const namespaces = new Map([[nsName(''), { 'e2e-framework': ctx.base }]]);
  const servers = new Map();
  const clientLabels = new Map();
  let policies = [];
  let pending = null;
  const ipOf = (namespace, name) => {
    const key = `${namespace}/${name}`;
    if (!nsIndex.has(namespace)) nsIndex.set(namespace, nsIndex.size + 1);
    const p = servers.get(key);
    if (p?.ip) return p.ip;
    return `10.244.${nsIndex.get(namespace)}.${10 + (podSeq++ % 240)}`;
  };
  const addServer = (namespace, name, ports) => servers.set(`${namespace}/${name}`, { namespace, name, labels: { 'pod-name': name }, ports, ip: ipOf(namespace, name) });
  const resolve = (v) => {
    const s = JSON.stringify(v).replace(/\$IP\(server\)/g, () => servers.get(`${nsName('')}/server`).ip).replace(/\$NET24\(server\)/g, () => `${servers.get(`${nsName('')}/server`).ip.split('.').slice(0, 3).join('.')}.0/24`);
    return JSON.parse(s);
  };
  const snapshotObjects = (connections) => {
    const clients = new Map();
    for (const c of connections) {
      const key = `${c.from.namespace}/${c.from.name}`;
      if (!clients.has(key)) clients.set(key, c.fromClient);
    }
    return [
      ...[...namespaces].map(([name, labels]) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { ...labels } } })),
      ...[...servers.values()].map((p) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${p.name}-server`, namespace: p.namespace, labels: { ...p.labels } },
        spec: { containers: p.ports.map(([port, protocol]) => ({ name: `${p.name}-container-${port}`, ports: [{ containerPort: port, name: `serve-${port}`, protocol }] })) },
        status: { phase: 'Running', podIP: p.ip, podIPs: [{ ip: p.ip }] },
      })),
      ...[...clients.values()].map((c) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: c.object, namespace: c.namespace, labels: { ...c.labels } },
        spec: { containers: [{ name: 'client' }] },
        status: { phase: 'Running', podIP: c.ip, podIPs: [{ ip: c.ip }] },
      })),
      ...policies.map((p) => structuredClone(p)),
    ];
  };
  let state = 1;
  const flush = () => {
    if (!pending) return;
    cases.push({ name: `${ctx.title}: ${t.title} (state ${state})`, path: PATH, line: null, objects: snapshotObjects(pending), connections: pending.map(({ fromClient, ...c }) => c) });
    state++;
    pending = null;
  };
  // BeforeEach: the server (ports 80 and 81 of the context's protocol) and two probes without policy.
  addServer(nsName(''), 'server', [[80, ctx.protocol], [81, ctx.protocol]]);
  const steps = [can('', 'client-can-connect-80', '', 'server', 80, ctx.protocol), can('', 'client-can-connect-81', '', 'server', 81, ctx.protocol), ...t.steps];
  for (const step of steps) {
    const [kind] = step;
    if (kind === 'probe') {
      const [, fromNs, client, toNs, serverName, port, protocol, allowed] = step;
      const fromNamespace = nsName(fromNs);
      const toNamespace = nsName(toNs);
      const labels = clientLabels.get(`${fromNamespace}/${client}`) ?? { 'pod-name': client };
      const object = `${client}-client`;
      const ip = ipOf(fromNamespace, object);
      pending ??= [];
      // One client pod per name and namespace in a case: a later probe from the same client reuses it.
      const same = pending.find((c) => c.from.namespace === fromNamespace && c.from.name === object);
      const fromClient = same?.fromClient ?? { namespace: fromNamespace, object, labels, ip };
      pending.push({ line: null, from: { namespace: fromNamespace, name: object }, to: { namespace: toNamespace, name: `${serverName}-server` }, protocol, port, allowed, fromClient });
      continue;
    }
    flush();
    if (kind === 'ns') namespaces.set(nsName(step[1]), { 'e2e-framework': ctx.base, ...step[2](ctx.base) });
    else if (kind === 'server') addServer(nsName(step[1]), step[2], step[3]);
    else if (kind === 'delServer') servers.delete(`${nsName(step[1])}/${step[2]}`);
    else if (kind === 'policy') {
      const p = resolve(subst(step[2]));
      p.metadata.namespace = nsName(step[1]);
      policies = [...policies.filter((q) => !(q.metadata.namespace === p.metadata.namespace && q.metadata.name === p.metadata.name)), p];
    } else if (kind === 'delPolicy') {
      const before = policies.length;
      policies = policies.filter((q) => !(q.metadata.namespace === nsName(step[1]) && q.metadata.name === step[2]));
      if (policies.length !== before - 1) throw new Error(`${t.title}: no policy ${step[2]}`);
    } else if (kind === 'nsLabel') namespaces.set(nsName(step[1]), { ...namespaces.get(nsName(step[1])), [step[2]]: subst(step[3]) });
    else if (kind === 'clientLabels') clientLabels.set(`${nsName(step[1])}/${step[2]}`, step[3]);
    else if (kind === 'serverLabels') servers.get(`${nsName(step[1])}/${step[2]}`).labels = step[3];
    else throw new Error(`unknown step ${kind}`);
  }
  flush();
}
// Each probe's client is a fresh pod: within a case, probes from one client name share one pod.
const n = cases.reduce((s, c) => s + c.connections.length, 0);
writeFileSync(
  out,
  JSON.stringify(
    {
      about:
        `Independent fixture: derived from the testCanConnect/testCannotConnect assertions of ${REPO} ${PATH} at commit ${COMMIT} ` +
        `(each ginkgo.It transcribed by test/conformance/tools/port-kubernetes-e2e-legacy.mjs, with its BeforeEach probes; cases are named by ` +
        `their ginkgo.It title and state, as the stored copy gives no line numbers). Namespaces are the framework's base names without the random suffix; ` +
        `pod addresses are assigned here.`,
      repo: REPO,
      ref: 'master',
      commit: COMMIT,
      base: [],
      cases,
    },
    null,
    1,
  ) + '\n',
);
console.log(`${out}: ${cases.length} cases, ${n} connections`);
