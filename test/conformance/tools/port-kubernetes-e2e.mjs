#!/usr/bin/env node
// Ports the Kubernetes e2e NetworkPolicy reachability tests (kubernetes/kubernetes
// test/e2e/network/netpol/network_policy.go) to data. Each upstream `f.It` is transcribed below
// as the pods it starts, the policies it creates/updates/deletes, the label changes it makes and
// the reachability matrix it asserts (NewReachability(all, true) then Expect/ExpectPeer/
// ExpectAllIngress/ExpectAllEgress, loopback ignored as upstream's ignoreLoopback = true).
// The matrices are expanded here into one connection per ordered pod pair, with the asserted
// outcome. Only data (objects and expectations) is written.
//
// The transcription follows the file as stored at COMMIT (each test starts only the pods it needs)
// and, with `full`, the older revision FULL_MODEL_COMMIT (every test runs on the whole 3x3 model);
// to re-port, read the file at a newer commit, update the transcription where tests changed, and run:
//   node test/conformance/tools/port-kubernetes-e2e.mjs test/conformance/data/kubernetes-e2e.json test/conformance/data/kubernetes-e2e-full-model.json
import { writeFileSync } from 'node:fs';

const REPO = 'kubernetes/kubernetes';
const PATH = 'test/e2e/network/netpol/network_policy.go';
const COMMIT = '008b3652959ca58af8be3fb5b6ecfe9ae7638282';
// The older revision in which every test runs on the whole 3x3 model.
const FULL_MODEL_COMMIT = '9db638c0807a720aa050ebcef69c32e4d4cce280';
const [out, fullOut] = process.argv.slice(2);
if (!out) {
  console.error('usage: port-kubernetes-e2e.mjs <out.json> [<full-model-out.json>]');
  process.exit(2);
}

// ---- The model (model.go): namespaces x, y, z (upstream adds a random suffix; the tests only
// refer to them through nsX/nsY/nsZ and the kubernetes.io/metadata.name label); pods labelled
// pod=<name>, one container port serve-<port>-<protocol> per port and protocol of the test.
const NS = ['x', 'y', 'z'];
const podIp = (ns, pod) => `10.244.${NS.indexOf(ns) + 1}.${10 + pod.charCodeAt(0) - 97}`;
// makeLargeCIDRForIP: the /16 around an IPv4 address.
const largeCidr = (ip) => `${ip.split('.').slice(0, 2).join('.')}.0.0/16`;

// ---- policies.go helpers.
const ML = (labels) => ({ matchLabels: labels });
const ME = (key, operator, values) => ({ matchExpressions: [{ key, operator, values }] });
const NSKEY = 'kubernetes.io/metadata.name';
/** GenNetworkPolicyWithNameAndPodSelector(name, selector, setters...); SetSpecIngressRules/SetSpecEgressRules add the policy type in call order. */
function gen(name, podSelector, ...setters) {
  const spec = { podSelector };
  const policyTypes = [];
  for (const [dir, rules] of setters) {
    spec[dir] = [...(spec[dir] ?? []), ...rules];
    const t = dir === 'ingress' ? 'Ingress' : 'Egress';
    if (!policyTypes.includes(t)) policyTypes.push(t);
  }
  spec.policyTypes = policyTypes;
  // An empty rule list does not reach the API server: the client's JSON leaves it out (omitempty).
  for (const dir of ['ingress', 'egress']) if (spec[dir]?.length === 0) delete spec[dir];
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec };
}
/** GenNetworkPolicyWithNameAndPodMatchLabel(name, labels, setters...). */
const genML = (name, labels, ...setters) => gen(name, ML(labels), ...setters);
const ING = (...rules) => ['ingress', rules];
const EGR = (...rules) => ['egress', rules];
const port = (p, protocol) => ({ ...(p === undefined ? {} : { port: p }), ...(protocol ? { protocol } : {}) });

// ---- Reachability operations.
const all = {};
const ns = (n) => ({ namespace: n });
const pod = (n, p) => ({ namespace: n, pod: p });
const peerOf = (s) => (typeof s === 'string' ? pod(...s.split('/')) : s);
const R = {
  peer: (from, to, v) => ['peer', peerOf(from), peerOf(to), v],
  expect: (from, to, v) => ['peer', peerOf(from), peerOf(to), v],
  allIngress: (to, v) => ['peer', all, peerOf(to), v],
  allEgress: (from, v) => ['peer', peerOf(from), all, v],
};
const create = (namespace, policy) => ['create', namespace, policy];
const update = (namespace, policy) => ['update', namespace, policy];
const validate = (toPort, protocol, ...ops) => ['validate', toPort, protocol, ops];

// ---- The tests, in file order. `full` transcribes the older revision FULL_MODEL_COMMIT, where
// every test starts the whole model (x, y, z; a, b, c) and two tests assert more or use other CIDRs.
const ALL = ['x/a', 'x/b', 'x/c', 'y/a', 'y/b', 'y/c', 'z/a', 'z/b', 'z/c'];
function transcribe(full) {
const T = [];
const it = (title, pods, protocols, ports, ...steps) => T.push({ title, pods: full ? ALL : pods, protocols, ports, steps });
const TCP = ['TCP'];

it("should support a 'default-deny-ingress' policy", ['x/a', 'x/b', 'y/a', 'y/b'], TCP, [80],
  create('x', gen('deny-ingress', {}, ING())),
  validate(80, 'TCP', R.peer(all, ns('x'), false)));
it("should support a 'default-deny-all' policy", ['x/a', 'x/b', 'y/a'], TCP, [80],
  create('x', gen('deny-all', {}, ING(), EGR())),
  validate(80, 'TCP', R.peer(all, ns('x'), false), R.peer(ns('x'), all, false)));
it('should enforce policy to allow traffic from pods within server namespace based on PodSelector', ['x/a', 'x/b', 'x/c', 'y/a'], TCP, [80],
  create('x', genML('x-a-allows-x-b', { pod: 'a' }, ING({ from: [{ podSelector: ML({ pod: 'b' }) }] }))),
  validate(80, 'TCP', R.allIngress('x/a', false), R.expect('x/b', 'x/a', true)));
it('should enforce policy to allow ingress traffic for a target', ['x/a', 'x/b', 'y/a'], TCP, [80],
  create('x', gen('deny-all', {}, ING())),
  create('x', genML('allow-all-to-a', { pod: 'a' }, ING({ from: [{ podSelector: {}, namespaceSelector: {} }] }))),
  validate(80, 'TCP', R.allIngress('x/a', true), R.allIngress('x/b', false), ...(full ? [R.allIngress('x/c', false)] : [])));
it('should enforce policy to allow ingress traffic from pods in all namespaces', ['x/a', 'x/b', 'y/a', 'z/a'], TCP, [80],
  create('x', genML('allow-from-another-ns', { pod: 'a' }, ING({ from: [{ namespaceSelector: ML({}) }] }))),
  validate(80, 'TCP'));
it('should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector', ['x/a', 'x/b', 'y/a', 'z/a'], TCP, [80],
  create('x', genML('allow-client-a-via-ns-selector', { pod: 'a' }, ING({ from: [{ namespaceSelector: ML({ [NSKEY]: 'y' }) }] }))),
  validate(80, 'TCP', R.peer(ns('x'), pod('x', 'a'), false), R.peer(ns('z'), pod('x', 'a'), false)));
it('should enforce policy based on PodSelector with MatchExpressions', ['x/a', 'x/b', 'y/a'], TCP, [80],
  create('x', genML('x-a-allows-x-b', { pod: 'a' }, ING({ from: [{ podSelector: ME('pod', 'In', ['b']) }] }))),
  validate(80, 'TCP', R.allIngress('x/a', false), R.expect('x/b', 'x/a', true)));
it('should enforce policy based on NamespaceSelector with MatchExpressions', ['x/a', 'x/b', 'y/a', 'z/a'], TCP, [80],
  create('x', genML('allow-ns-y-match-selector', { pod: 'a' }, ING({ from: [{ namespaceSelector: ME(NSKEY, 'In', ['y']) }] }))),
  validate(80, 'TCP', R.peer(ns('x'), pod('x', 'a'), false), R.peer(ns('z'), pod('x', 'a'), false)));
it('should enforce policy based on PodSelector or NamespaceSelector', ['x/a', 'x/b', 'x/c', 'y/a'], TCP, [80],
  create('x', genML('allow-ns-y-match-selector', { pod: 'a' }, ING({ from: [{ namespaceSelector: ME(NSKEY, 'NotIn', ['x']) }, { podSelector: ML({ pod: 'b' }) }] }))),
  validate(80, 'TCP', R.expect('x/a', 'x/a', false), R.expect('x/c', 'x/a', false)));
it('should enforce policy based on PodSelector and NamespaceSelector', ['x/a', 'x/b', 'y/a', 'y/b', 'z/b'], TCP, [80],
  create('x', genML('allow-ns-y-podselector-and-nsselector', { pod: 'a' }, ING({ from: [{ namespaceSelector: ME(NSKEY, 'NotIn', ['x']), podSelector: ML({ pod: 'b' }) }] }))),
  validate(80, 'TCP', R.allIngress('x/a', false), R.expect('y/b', 'x/a', true), R.expect('z/b', 'x/a', true)));
it('should enforce policy based on Multiple PodSelectors and NamespaceSelectors', ['x/a', 'x/b', 'y/a', 'y/b', 'y/c'], TCP, [80],
  create('x', genML('allow-ns-y-z-pod-b-c', { pod: 'a' }, ING({ from: [{ namespaceSelector: ME(NSKEY, 'NotIn', ['x']), podSelector: ME('pod', 'In', ['b', 'c']) }] }))),
  validate(80, 'TCP', R.peer(ns('x'), pod('x', 'a'), false), R.expect('y/a', 'x/a', false), ...(full ? [R.expect('z/a', 'x/a', false)] : [])));
it('should enforce policy based on any PodSelectors', ['x/a', 'x/b', 'x/c'], TCP, [80],
  create('x', genML('allow-ns-x-pod-b-c', { pod: 'a' }, ING({ from: [{ podSelector: ML({ pod: 'b' }) }, { podSelector: ML({ pod: 'c' }) }] }))),
  validate(80, 'TCP', R.allIngress('x/a', false), R.expect('x/b', 'x/a', true), R.expect('x/c', 'x/a', true)));
it('should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector', ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'], TCP, [80],
  create('x', genML('allow-ns-y-pod-a-via-namespace-pod-selector', { pod: 'a' }, ING({ from: [{ namespaceSelector: ML({ [NSKEY]: 'y' }), podSelector: ML({ pod: 'a' }) }] }))),
  validate(80, 'TCP', R.allIngress('x/a', false), R.expect('y/a', 'x/a', true)));
it('should enforce policy based on Ports', ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'], TCP, [81],
  create('x', genML('allow-client-a-via-ns-selector', { pod: 'a' }, ING({ from: [{ namespaceSelector: ML({ [NSKEY]: 'y' }) }], ports: [port(81, 'TCP')] }))),
  validate(81, 'TCP', R.peer(ns('x'), pod('x', 'a'), false), R.peer(ns('y'), pod('x', 'a'), true), R.peer(ns('z'), pod('x', 'a'), false)));
{
  const allow = [R.peer(ns('x'), pod('x', 'a'), false), R.peer(ns('y'), pod('x', 'a'), true), R.peer(ns('z'), pod('x', 'a'), false)];
  it('should enforce multiple, stacked policies with overlapping podSelectors', ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'], TCP, [80, 81],
    create('x', genML('allow-client-a-via-ns-selector', { pod: 'a' }, ING({ from: [{ namespaceSelector: ML({ [NSKEY]: 'y' }) }], ports: [port(81, 'TCP')] }))),
    validate(81, 'TCP', ...allow),
    validate(80, 'TCP', R.allIngress('x/a', false)),
    create('x', genML('allow-client-a-via-ns-selector-80', { pod: 'a' }, ING({ from: [{ namespaceSelector: ML({ [NSKEY]: 'y' }) }], ports: [port(80, 'TCP')] }))),
    validate(80, 'TCP', ...allow));
}
it('should support allow-all policy', ['x/a', 'x/b', 'y/a'], TCP, [80, 81],
  create('x', genML('allow-all', {}, ING({}))),
  validate(80, 'TCP'),
  validate(81, 'TCP'));
it('should allow ingress access on one named port', ['x/a', 'x/b', 'y/a'], TCP, [80, 81],
  create('x', genML('allow-all', {}, ING({ ports: [port('serve-81-tcp')] }))),
  validate(81, 'TCP'),
  validate(80, 'TCP', R.peer(all, ns('x'), false)));
it('should allow ingress access from namespace on one named port', ['x/a', 'x/b', 'y/a', 'z/a'], TCP, [80, 81],
  create('x', genML('allow-client-a-via-ns-selector-80', { pod: 'a' }, ING({ from: [{ namespaceSelector: ML({ [NSKEY]: 'y' }) }], ports: [port('serve-80-tcp', 'TCP')] }))),
  validate(80, 'TCP', R.peer(ns('x'), pod('x', 'a'), false), R.peer(ns('z'), pod('x', 'a'), false)),
  validate(81, 'TCP', R.allIngress('x/a', false)));
it('should allow egress access on one named port', ['x/a', 'y/a'], TCP, [80, 81],
  create('x', genML('allow-egress', {}, EGR({ ports: [port('serve-80-tcp')] }))),
  validate(80, 'TCP'),
  validate(81, 'TCP', R.peer(ns('x'), all, false)));
{
  const p = genML('allow-all-mutate-to-deny-all', {}, ING({}));
  const denied = structuredClone(p);
  // policy.Spec.Ingress = []NetworkPolicyIngressRule{}: an empty list, left out of the JSON sent.
  delete denied.spec.ingress;
  it('should enforce updated policy', ['x/a', 'y/a'], TCP, [81],
    create('x', p),
    validate(81, 'TCP'),
    update('x', denied),
    validate(81, 'TCP', R.peer(all, ns('x'), false)));
}
it('should allow ingress access from updated namespace', ['x/a', 'y/a'], TCP, [80],
  create('x', genML('allow-client-a-via-ns-selector', { pod: 'a' }, ING({ from: [{ namespaceSelector: ML({ ns2: 'updated' }) }] }))),
  validate(80, 'TCP', R.allIngress('x/a', false)),
  ['nsLabel', 'y', 'ns2', 'updated'],
  validate(80, 'TCP', R.allIngress('x/a', false), R.peer(ns('y'), all, true)));
it('should allow ingress access from updated pod', ['x/a', 'x/b'], TCP, [80],
  create('x', genML('allow-client-a-via-pod-selector', { pod: 'a' }, ING({ from: [{ podSelector: ML({ pod: 'b', pod2: 'updated' }) }] }))),
  validate(80, 'TCP', R.allIngress('x/a', false)),
  ['podLabels', 'x/b', { pod: 'b', pod2: 'updated' }],
  validate(80, 'TCP', R.allIngress('x/a', false), R.expect('x/b', 'x/a', true)));
it('should deny ingress from pods on other namespaces', ['x/a', 'x/b', 'y/a', 'z/a'], TCP, [80],
  create('x', gen('deny-empty-policy', {}, ING({ from: [{ podSelector: ML({}) }] }))),
  validate(80, 'TCP', R.peer(ns('y'), ns('x'), false), R.peer(ns('z'), ns('x'), false)));
it('should deny ingress access to updated pod', ['x/a', 'y/a'], TCP, [80],
  create('x', gen('deny-ingress-via-label-selector', ML({ target: 'isolated' }), ING())),
  validate(80, 'TCP'),
  ['podLabels', 'x/a', { target: 'isolated' }],
  validate(80, 'TCP', R.allIngress('x/a', false)));
it('should deny egress from pods based on PodSelector', ['x/a', 'x/b', 'y/a'], TCP, [80],
  create('x', gen('deny-egress-pod-a', ML({ pod: 'a' }), EGR())),
  validate(80, 'TCP', R.allEgress('x/a', false)));
it('should deny egress from all pods in a namespace', ['x/a', 'x/b', 'y/a'], TCP, [80],
  create('x', gen('deny-egress-ns-x', {}, EGR())),
  validate(80, 'TCP', R.peer(ns('x'), all, false)));
{
  const p = genML('allow-client-a-via-pod-selector', { pod: 'a' }, ING({ from: [{ podSelector: ML({ pod: 'b' }) }] }));
  p.spec.egress = [{ ports: [{ port: 80 }] }];
  p.spec.policyTypes = ['Egress', 'Ingress'];
  it('should work with Ingress, Egress specified together', ['x/a', 'x/b', 'x/c', 'y/a'], TCP, [80, 81],
    create('x', p),
    validate(80, 'TCP', R.allIngress('x/a', false), R.expect('x/b', 'x/a', true)),
    validate(81, 'TCP', R.allIngress('x/a', false), R.allEgress('x/a', false), R.expect('x/b', 'x/a', true)));
}
{
  const fromXa = { from: [{ namespaceSelector: ML({ [NSKEY]: 'x' }), podSelector: ML({ pod: 'a' }) }] };
  it('should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)', ['x/a', 'y/a', 'y/b'], TCP, [80],
    create('x', genML('allow-to-ns-y-pod-a', { pod: 'a' }, EGR({ to: [{ namespaceSelector: ML({ [NSKEY]: 'y' }), podSelector: ML({ pod: 'a' }) }] }))),
    create('y', genML('allow-from-xa-on-ya-match-selector', { pod: 'a' }, ING(fromXa))),
    create('y', genML('allow-from-xa-on-yb-match-selector', { pod: 'b' }, ING(fromXa))),
    validate(80, 'TCP', R.peer(pod('x', 'a'), all, false), R.peer(all, pod('y', 'a'), false), R.peer(pod('x', 'a'), pod('y', 'a'), true), R.peer(all, pod('y', 'b'), false)));
}
it('should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector', ['x/a', 'y/a', 'y/b'], TCP, [80],
  create('x', genML('allow-to-ns-y-pod-a', { pod: 'a' }, EGR({ to: [{ namespaceSelector: ML({ [NSKEY]: 'y' }), podSelector: ML({ pod: 'a' }) }] }))),
  validate(80, 'TCP', R.allEgress('x/a', false), R.expect('x/a', 'y/a', true)));
it('should enforce ingress policy allowing any port traffic to a server on a specific protocol', ['x/a', 'y/a'], ['TCP', 'UDP'], [80],
  create('x', genML('allow-ingress-by-proto', { pod: 'a' }, ING({ ports: [port(undefined, 'TCP')] }))),
  validate(80, 'TCP'),
  validate(80, 'UDP', R.peer(all, pod('x', 'a'), false)));
it('should enforce multiple ingress policies with ingress allow-all policy taking precedence', ['x/a', 'y/a'], TCP, [81],
  create('x', genML('allow-ingress-port-80', {}, ING({ ports: [port(80)] }))),
  validate(81, 'TCP', R.peer(all, ns('x'), false)),
  create('x', genML('allow-ingress', {}, ING({}))),
  validate(81, 'TCP'));
it('should enforce multiple egress policies with egress allow-all policy taking precedence', ['x/a', 'y/a'], TCP, [81],
  create('x', genML('allow-egress-port-80', {}, EGR({ ports: [port(80)] }))),
  validate(81, 'TCP', R.peer(ns('x'), all, false)),
  create('x', genML('allow-egress', {}, EGR({}))),
  validate(81, 'TCP'));
it('should stop enforcing policies after they are deleted', ['x/a', 'y/a'], TCP, [80],
  create('x', gen('deny-all', {}, ING(), EGR())),
  validate(80, 'TCP', R.peer(ns('x'), all, false), R.peer(all, ns('x'), false)),
  ['deleteAll'],
  validate(80, 'TCP'));
it('should allow egress access to server in CIDR block', ['x/a', 'y/a', 'y/b'], TCP, [80],
  create('x', genML('allow-client-a-via-cidr-egress-rule', { pod: 'a' }, EGR({ to: [{ ipBlock: { cidr: `${podIp('y', 'b')}/32` } }] }))),
  validate(80, 'TCP', R.allEgress('x/a', false), R.expect('x/a', 'y/b', true)));
// The older revision allows `<x/a's IP>/4` (host bits and all, as written); the newer one the /16 around x/b.
const allowCidr = () => (full ? `${podIp('x', 'a')}/4` : largeCidr(podIp('x', 'b')));
it('should enforce except clause while egress access to server in CIDR block', ['x/a', 'x/b', 'x/c'], TCP, [80],
  create('x', genML('allow-client-a-via-cidr-egress-rule', { pod: 'a' }, EGR({ to: [{ ipBlock: { cidr: allowCidr(), except: [`${podIp('x', 'b')}/32`] } }] }))),
  validate(80, 'TCP', R.expect('x/a', 'x/b', false)));
it('should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed', ['x/a', 'x/b', 'x/c'], TCP, [80],
  create('x', genML('allow-client-a-via-cidr-egress-rule', { pod: 'a' }, EGR({ to: [{ ipBlock: { cidr: allowCidr(), except: [`${podIp('x', 'b')}/32`] } }] }))),
  validate(80, 'TCP', R.expect('x/a', 'x/b', false)),
  // UpdatePolicy with the same name replaces the first policy.
  update('x', genML('allow-client-a-via-cidr-egress-rule', { pod: 'a' }, EGR({ to: [{ ipBlock: { cidr: `${podIp('x', 'b')}/32` } }] }))),
  validate(80, 'TCP', R.allEgress('x/a', false), R.expect('x/a', 'x/b', true)));
it('should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector', ['x/a', 'x/b', 'y/a'], TCP, [80],
  create('x', gen('allow-egress-for-target', ML({ pod: 'a' }), EGR({}))),
  validate(80, 'TCP'),
  create('x', gen('deny-ingress-via-label-selector', ML({ pod: 'a' }), ING())),
  validate(80, 'TCP', R.allIngress('x/a', false)));
it("should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP", ['x/a', 'y/a'], TCP, [81],
  create('x', gen('deny-ingress', {}, ING())),
  create('x', genML('allow-only-sctp-ingress-on-port-81', { pod: 'a' }, ING({ ports: [port(81, 'SCTP')] }))),
  validate(81, 'TCP', R.peer(all, ns('x'), false)));
it("should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP", ['x/a', 'y/a'], TCP, [81],
  create('x', genML('allow-only-sctp-ingress-on-port-80', { pod: 'a' }, ING({ ports: [port(80, 'SCTP')] }))),
  validate(81, 'TCP', R.allIngress('x/a', false)));
it('should not allow access by TCP when a policy specifies only UDP', ['x/a', 'y/a'], TCP, [81],
  create('x', genML('allow-only-udp-ingress-on-port-81', { pod: 'a' }, ING({ ports: [port(81, 'UDP')] }))),
  validate(81, 'TCP', R.allIngress('x/a', false)));
it('should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label', ['x/a', 'x/b', 'y/a', 'z/a'], TCP, [80],
  create('x', genML('allow-client-a-via-ns-selector-for-immutable-ns-label', { pod: 'a' }, ING({ from: [{ namespaceSelector: ML({ [NSKEY]: 'y' }) }] }))),
  validate(80, 'TCP', R.peer(ns('x'), pod('x', 'a'), false), R.peer(ns('z'), pod('x', 'a'), false)));
it('should enforce policy based on NamespaceSelector with MatchExpressions using default ns label', ['x/a', 'x/b', 'y/a', 'z/a'], TCP, [80],
  create('x', genML('allow-ns-y-match-selector-for-immutable-ns-label', { pod: 'a' }, EGR({ to: [{ namespaceSelector: ME(NSKEY, 'NotIn', ['y']) }] }))),
  validate(80, 'TCP', R.peer(pod('x', 'a'), ns('y'), false)));
// "NetworkPolicy between server and client using UDP" and "... using SCTP".
for (const proto of ['UDP', 'SCTP']) {
  const P = [proto];
  const ctx = `using ${proto}: `;
  it(`${ctx}should support a 'default-deny-ingress' policy`, ['x/a', 'x/b', 'y/a', 'y/b'], P, [80],
    create('x', gen('deny-all', {}, ING())),
    validate(80, proto, R.peer(all, ns('x'), false)));
  it(`${ctx}should enforce policy based on Ports`, ['x/a', 'x/b', 'y/a', 'z/a'], P, [81],
    create('x', genML('allow-ingress-on-port-81-ns-x', { pod: 'a' }, ING({ from: [{ namespaceSelector: ML({ [NSKEY]: 'y' }) }], ports: [port(81, proto)] }))),
    validate(81, proto, R.peer(ns('x'), pod('x', 'a'), false), R.peer(ns('z'), pod('x', 'a'), false)));
  it(`${ctx}should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector`, ['x/a', 'x/b', 'y/a'], P, [80],
    create('x', genML('allow-ns-y-pod-a-via-namespace-pod-selector', { pod: 'a' }, ING({ from: [{ namespaceSelector: ML({ [NSKEY]: 'y' }), podSelector: ML({ pod: 'a' }) }] }))),
    validate(80, proto, R.allIngress('x/a', false), R.expect('y/a', 'x/a', true)));
}

return T;
}

// ---- Expansion.
const matches = (peer, p) => (peer.namespace === undefined || peer.namespace === p.namespace) && (peer.pod === undefined || peer.pod === p.name);
function expand(T) {
const cases = [];
for (const t of T) {
  const pods = t.pods.map((s) => {
    const [namespace, name] = s.split('/');
    return { namespace, name };
  });
  const nsLabels = Object.fromEntries(NS.map((n) => [n, { [NSKEY]: n }]));
  const podLabels = Object.fromEntries(t.pods.map((s) => [s, { pod: s.split('/')[1] }]));
  let policies = [];
  let state = 1;
  for (const step of t.steps) {
    if (step[0] === 'create' || step[0] === 'update') {
      const p = structuredClone(step[2]);
      p.metadata.namespace = step[1];
      policies = [...policies.filter((q) => !(q.metadata.namespace === step[1] && q.metadata.name === p.metadata.name)), p];
    } else if (step[0] === 'deleteAll') policies = [];
    else if (step[0] === 'nsLabel') nsLabels[step[1]] = { ...nsLabels[step[1]], [step[2]]: step[3] };
    else if (step[0] === 'podLabels') podLabels[step[1]] = { ...podLabels[step[1]], ...step[2] };
    else if (step[0] === 'validate') {
      const [, toPort, protocol, ops] = step;
      const objects = [
        ...NS.map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n, labels: { ...nsLabels[n] } } })),
        ...pods.map((p) => ({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: p.name, namespace: p.namespace, labels: { ...podLabels[`${p.namespace}/${p.name}`] } },
          spec: {
            containers: t.ports.flatMap((port) =>
              t.protocols.map((pr) => ({ name: `cont-${port}-${pr.toLowerCase()}`, ports: [{ containerPort: port, name: `serve-${port}-${pr.toLowerCase()}`, protocol: pr }] })),
            ),
          },
          status: { phase: 'Running', podIP: podIp(p.namespace, p.name), podIPs: [{ ip: podIp(p.namespace, p.name) }] },
        })),
        ...structuredClone(policies),
      ];
      const connections = [];
      for (const from of pods)
        for (const to of pods) {
          if (from === to) continue; // ignoreLoopback
          let allowed = true;
          for (const [, f, tt, v] of ops) if (matches(f, from) && matches(tt, to)) allowed = v;
          connections.push({ line: null, from, to, protocol, port: toPort, allowed });
        }
      const many = t.steps.filter((s) => s[0] === 'validate').length > 1;
      cases.push({ name: `${t.title}${many ? ` (probe ${state})` : ''}`, path: PATH, line: null, objects, connections });
      state++;
    }
  }
}
return cases;
}

const write = (file, commit, cases, what) => {
  const n = cases.reduce((s, c) => s + c.connections.length, 0);
  writeFileSync(
    file,
    JSON.stringify(
      {
        about:
          `Independent fixture: derived from the reachability matrices asserted by ${REPO} ${PATH} at commit ${commit} ` +
          `(each f.It transcribed by test/conformance/tools/port-kubernetes-e2e.mjs; cases are named by their f.It title, ` +
          `as the stored copy gives no line numbers). ${what} Pod addresses are assigned here (10.244.<ns>.<10+pod>).`,
        repo: REPO,
        ref: 'master',
        commit,
        base: [],
        cases,
      },
      null,
      1,
    ) + '\n',
  );
  console.log(`${file}: ${cases.length} cases, ${n} connections`);
};
write(out, COMMIT, expand(transcribe(false)), 'Namespaces x, y, z and the pods each test starts, as model.go builds them.');
if (fullOut) write(fullOut, FULL_MODEL_COMMIT, expand(transcribe(true)), 'Every test starts the whole model: namespaces x, y, z with pods a, b, c each, as model.go builds them.');
