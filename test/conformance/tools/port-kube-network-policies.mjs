#!/usr/bin/env node
// Ports kubernetes-sigs/kube-network-policies' packet-level unit tables to data: every table entry
// that evaluates a network.Packet against NetworkPolicies, AdminNetworkPolicies,
// BaselineAdminNetworkPolicies or ClusterNetworkPolicies, with the objects of the entry and the
// asserted verdict. Tables of internal helpers (evaluatePorts, evaluateSelectors, ...) and the
// engine's mock-evaluator tables assert no connection and are not ported.
//
// Usage: node test/conformance/tools/port-kube-network-policies.mjs <git-dir> <out.json> [<nodes-out.json>]
//
// The Go test code is read by a small interpreter of the Go subset those tables use (composite
// literals, the files' object helpers, tweak closures, field assignments). The helpers
// (makePod, makeNamespace, makeNode, make*Custom, makeClusterNetworkPolicy, makePort) are
// re-stated below from the upstream files. A packet IP becomes a pod endpoint exactly when the
// test's getPodInfo would resolve it (a pod of the entry with that IP whose namespace is in the
// entry); otherwise it is an address. Only data is written: no upstream code.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [gitDir, out, nodesOut] = process.argv.slice(2);
if (!gitDir || !out) {
  console.error('usage: port-kube-network-policies.mjs <git-dir> <out.json> [<nodes-out.json>]');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const commit = git('rev-parse', 'HEAD').trim();
const REPO = 'kubernetes-sigs/kube-network-policies';

// ---- Tokens.
function tokenize(src) {
  const toks = [];
  let i = 0;
  let line = 1;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (src.startsWith('/*', i)) {
      const j = src.indexOf('*/', i + 2);
      line += (src.slice(i, j).match(/\n/g) ?? []).length;
      i = j + 2;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      toks.push({ t: 'str', v: JSON.parse(src.slice(i, j + 1)), line });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = src.indexOf('`', i + 1);
      toks.push({ t: 'str', v: src.slice(i + 1, j), line });
      i = j + 1;
      continue;
    }
    const num = /^[0-9]+/.exec(src.slice(i, i + 20));
    if (num) {
      toks.push({ t: 'num', v: Number(num[0]), line });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i, i + 200));
    if (id) {
      toks.push({ t: 'id', v: id[0], line });
      i += id[0].length;
      continue;
    }
    const op = [':=', '...', '&&', '||', '==', '!=', '<=', '>='].find((o) => src.startsWith(o, i)) ?? c;
    toks.push({ t: 'op', v: op, line });
    i += op.length;
  }
  return toks;
}

// ---- Values.
const CONST = {
  'v1.ProtocolTCP': 'TCP',
  'v1.ProtocolUDP': 'UDP',
  'v1.ProtocolSCTP': 'SCTP',
  protocolTCP: 'TCP',
  protocolUDP: 'UDP',
  protocolSCTP: 'SCTP',
  'networkingv1.PolicyTypeIngress': 'Ingress',
  'networkingv1.PolicyTypeEgress': 'Egress',
  'v1.NodeInternalIP': 'InternalIP',
  'v1.NodeExternalIP': 'ExternalIP',
  'npav1alpha2.AdminTier': 'Admin',
  'npav1alpha2.BaselineTier': 'Baseline',
  'intstr.String': 'String',
  'intstr.Int': 'Int',
  true: true,
  false: false,
  nil: null,
};
function constant(name) {
  if (name in CONST) return CONST[name];
  let m;
  if ((m = /RuleAction(\w+)$/.exec(name))) return m[1];
  if ((m = /^metav1\.LabelSelectorOp(\w+)$/.exec(name))) return m[1];
  if ((m = /^api\.Verdict(\w+)$/.exec(name))) return m[1];
  return undefined;
}
/** Go field name -> JSON name: the leading capitals are lowered (IPBlock -> ipBlock, CIDR -> cidr). */
function jsonName(f) {
  if (f === 'ObjectMeta') return 'metadata';
  const m = /^([A-Z]+)(.*)$/.exec(f);
  if (!m) return f;
  if (m[2] === '' || m[1].length === 1) return m[1].toLowerCase() + m[2];
  return m[1].slice(0, -1).toLowerCase() + m[1].slice(-1) + m[2];
}

// ---- The upstream test helpers, re-stated.
const clone = (v) => structuredClone(v);
function makePod(name, ns, ip) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: { a: 'b' } },
    spec: { nodeName: 'testnode', containers: [{ name: 'write-pod', command: ['/bin/sh'], ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] }] },
    status: { podIPs: [{ ip }] },
  };
}
const makeNamespace = (name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, a: 'b' } } });
const makeNode = (name) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/node': name, a: 'b' } } });
function withTweaks(obj, tweaks) {
  for (const fn of tweaks) fn(obj);
  return obj;
}
const API = {
  NetworkPolicy: 'networking.k8s.io/v1',
  AdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
  BaselineAdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
  ClusterNetworkPolicy: 'policy.networking.k8s.io/v1alpha2',
};
const obj = (kind, metadata, spec) => ({ apiVersion: API[kind], kind, metadata, spec });
const FUNCS = {
  makePod,
  makeNamespace,
  makeNode,
  // spec.podSelector is a non-pointer struct: serialized as {} when no tweak sets it.
  makeNetworkPolicyCustom: (name, ns, ...t) => withTweaks(obj('NetworkPolicy', { name, namespace: ns }, { podSelector: {} }), t),
  // An AdminNetworkPolicy is cluster-scoped: the namespace the helper sets is dropped by the API server.
  makeAdminNetworkPolicyCustom: (name, _ns, ...t) => withTweaks(obj('AdminNetworkPolicy', { name }, {}), t),
  makeBaselineAdminNetworkPolicyCustom: (name, ...t) => withTweaks(obj('BaselineAdminNetworkPolicy', { name }, {}), t),
  makeClusterNetworkPolicy: (name, tier, priority, ...t) => withTweaks(obj('ClusterNetworkPolicy', { name }, { tier, priority }), t),
  makePort: (protocol, port, endPort) => ({
    ...(protocol === null ? {} : { protocol }),
    ...(port !== 0 && port !== '' && port !== '0' ? { port } : {}),
    ...(endPort !== 0 ? { endPort } : {}),
  }),
  'intstr.FromInt32': (n) => n,
  'intstr.FromInt': (n) => n,
  'intstr.FromString': (s) => s,
  'ptr.To': (v) => v,
  'net.ParseIP': (s) => s,
  // pkg/networkpolicy/engine_test.go helpers.
  makeTestPod: (name, namespace, labels, ip) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: {}, status: { podIP: ip, podIPs: [{ ip }] } }),
  makeTestNamespace: (name, labels) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }),
  makeNP: (name, namespace, podSelector, policyTypes, egress, ingress) =>
    obj('NetworkPolicy', { name, namespace }, { podSelector: { matchLabels: podSelector }, policyTypes, ...(egress === null ? {} : { egress }), ...(ingress === null ? {} : { ingress }) }),
};

// ---- Parser/evaluator over the token list.
class Interp {
  constructor(toks, path) {
    this.toks = toks;
    this.i = 0;
    this.path = path;
    this.scope = {};
  }
  peek(o = 0) {
    return this.toks[this.i + o];
  }
  next() {
    return this.toks[this.i++];
  }
  is(v, o = 0) {
    const t = this.peek(o);
    return t !== undefined && t.v === v && t.t !== 'str';
  }
  eat(v) {
    const t = this.next();
    if (t?.v !== v) throw new Error(`${this.path}:${t?.line}: expected ${v}, got ${t?.v}`);
    return t;
  }
  fail(msg) {
    throw new Error(`${this.path}:${this.peek()?.line}: ${msg}`);
  }
  /** Skips a type expression ([]*pkg.T, map[K]V, struct{...}, func(...) T, pkg.T[...]). */
  skipType() {
    for (;;) {
      if (this.is('[')) {
        this.eat('[');
        if (!this.is(']')) this.skipType();
        this.eat(']');
        continue;
      }
      if (this.is('*') || this.is('&')) {
        this.next();
        continue;
      }
      break;
    }
    const t = this.next();
    if (t.v === 'map') {
      this.eat('[');
      this.skipType();
      this.eat(']');
      this.skipType();
    } else if (t.v === 'struct') {
      this.skipBalanced('{', '}');
    } else if (t.v === 'func') {
      this.skipBalanced('(', ')');
      if (!this.is('{') && !this.is(',') && !this.is(')')) this.skipType();
    } else if (t.t !== 'id') this.fail(`type expected, got ${t.v}`);
  }
  skipBalanced(open, close) {
    this.eat(open);
    let d = 1;
    while (d > 0) {
      const t = this.next();
      if (t.t === 'op' && t.v === open) d++;
      if (t.t === 'op' && t.v === close) d--;
    }
  }
  /** `{ elems }` of a composite literal; kind: 'struct' | 'slice' | 'map' | 'auto'. */
  elements(typeName) {
    this.eat('{');
    const keyed = {};
    const list = [];
    let isKeyed = false;
    while (!this.is('}')) {
      const start = this.i;
      let key;
      if (this.peek().t === 'id' && this.is(':', 1)) {
        key = this.next().v;
        this.eat(':');
        isKeyed = true;
      } else if (this.peek().t === 'str' && this.is(':', 1)) {
        key = this.next().v;
        this.eat(':');
        isKeyed = true;
      }
      const elided = this.is('{');
      let v = elided ? this.elements(null) : this.expr();
      // An elided-type `{}` inside a slice of structs is an empty struct.
      if (elided && Array.isArray(v) && v.length === 0) v = { __keyed: {}, __type: null };
      if (key !== undefined) keyed[key] = v;
      else list.push(v);
      if (this.is(',')) this.eat(',');
      else if (!this.is('}')) this.fail(`, or } expected after element at token ${start}`);
    }
    this.eat('}');
    if (!isKeyed) return list;
    return { __keyed: keyed, __type: typeName };
  }
  /** Converts an evaluated composite literal into JSON-shaped data. */
  shape(v, typeName) {
    if (v && v.__keyed) {
      const k = v.__keyed;
      if (/IntOrString$/.test(v.__type ?? '')) return 'StrVal' in k ? k.StrVal : k.IntVal;
      if (/^map\[|^labels\.Set$/.test(v.__type ?? '') || v.__map) return Object.fromEntries(Object.entries(k).map(([a, b]) => [a, this.shape(b)]));
      const o = {};
      for (const [a, b] of Object.entries(k)) if (a !== 'TypeMeta') o[jsonName(a)] = this.shape(b);
      // Non-pointer struct fields without omitempty are always serialized, zero value included.
      if (/NamespacedPod$/.test(v.__type ?? '')) {
        o.namespaceSelector ??= {};
        o.podSelector ??= {};
      }
      return o;
    }
    if (Array.isArray(v)) return v.map((x) => this.shape(x, typeName));
    return v;
  }
  primary() {
    const t = this.peek();
    if (t.t === 'str' || t.t === 'num') return this.next().v;
    if (this.is('&')) {
      this.next();
      return this.primary();
    }
    if (this.is('func')) return this.funcLit();
    if (this.is('[')) {
      // []T{...}: a slice literal; its elements may elide their type.
      const start = this.i;
      this.skipType();
      const typeName = this.toks.slice(start, this.i).map((x) => x.v).join('');
      const els = this.elements(typeName);
      return this.shape(Array.isArray(els) ? els : [els]);
    }
    if (this.is('map')) {
      this.skipType();
      const els = this.elements('map[');
      return Array.isArray(els) ? {} : Object.fromEntries(Object.entries(els.__keyed).map(([a, b]) => [a, this.shape(b)]));
    }
    if (t.t === 'id') {
      this.next();
      const name = t.v;
      // Generic call: ptr.To[int32](x).
      if (this.is('[') && name === 'ptr.To') {
        this.skipBalanced('[', ']');
      }
      if (this.is('(')) return this.call(name);
      if (this.is('{') && /^[a-z0-9]+\.[A-Z]|^[A-Z]/.test(name.split('.').slice(-1)[0]) && name.includes('.')) {
        const els = this.elements(name);
        return this.shape(Array.isArray(els) ? (els.length ? els : { __keyed: {}, __type: name }) : els);
      }
      return this.lookup(name);
    }
    this.fail(`unexpected ${t.v}`);
  }
  lookup(name) {
    const c = constant(name);
    if (c !== undefined) return c;
    const [head, ...rest] = name.split('.');
    if (head in this.scope) {
      let v = this.scope[head];
      for (const r of rest) v = v[jsonName(r)];
      return v;
    }
    this.fail(`unknown name ${name}`);
  }
  postfix(v) {
    for (;;) {
      if (this.is('[')) {
        this.eat('[');
        const idx = this.expr();
        this.eat(']');
        v = v[idx];
        continue;
      }
      if (this.peek()?.t === 'op' && this.peek().v === '.' ) {
        this.eat('.');
        v = v[jsonName(this.next().v)];
        continue;
      }
      return v;
    }
  }
  call(name) {
    this.eat('(');
    const args = [];
    while (!this.is(')')) {
      args.push(this.expr());
      if (this.is(',')) this.eat(',');
    }
    this.eat(')');
    const f = FUNCS[name];
    if (!f) this.fail(`unknown function ${name}`);
    return f(...args.map((a) => (typeof a === "function" ? a : clone(a))));
  }
  expr() {
    return this.postfix(this.primary());
  }
  /** func(p *T) { assignments } -> a tweak applying them to its argument. */
  funcLit() {
    this.eat('func');
    this.eat('(');
    const param = this.next().v;
    this.skipType();
    this.eat(')');
    this.eat('{');
    const stmts = [];
    while (!this.is('}')) stmts.push(this.assignment(param));
    this.eat('}');
    return (target) => {
      for (const [path, value] of stmts) setPath(target, path, clone(value));
    };
  }
  /** `<param>.A.B = expr` inside a tweak: returns [path, value]. */
  assignment(param) {
    const lhs = this.next();
    if (lhs.t !== 'id' || !lhs.v.startsWith(`${param}.`)) this.fail(`unsupported statement in tweak: ${lhs.v}`);
    this.eat('=');
    return [lhs.v.split('.').slice(1).map(jsonName), this.expr()];
  }
}
function setPath(target, path, value) {
  let o = target;
  for (const p of path.slice(0, -1)) o = o[p] ??= {};
  o[path.at(-1)] = value;
}

// ---- Test functions: run their statements up to and including the `tests := []struct{...}{...}` table.
function tables(path) {
  const src = git('show', `${commit}:${path}`);
  const toks = tokenize(src);
  const found = [];
  for (let i = 0; i < toks.length; i++) {
    if (!(toks[i].v === 'func' && /^Test/.test(toks[i + 1]?.v ?? '') && toks[i + 2]?.v === '(')) continue;
    const name = toks[i + 1].v;
    const it = new Interp(toks, path);
    it.i = i + 2;
    it.skipBalanced('(', ')');
    it.eat('{');
    try {
      for (;;) {
        const t = it.peek();
        if (t.v === 'tests' && it.is(':=', 1)) {
          it.i += 2;
          it.skipType();
          const start = it.i;
          const entries = it.elements('[]struct');
          // Entry line numbers: the line of each entry's `name:` field.
          const lines = [];
          for (let j = start; j < it.i; j++) if (toks[j].v === 'name' && toks[j + 1]?.v === ':' && toks[j + 2]?.t === 'str') lines.push(toks[j].line);
          const list = (Array.isArray(entries) ? entries : [entries]).map((e) => Object.fromEntries(Object.entries(e.__keyed).map(([k, v]) => [k, it.shape(v)])));
          found.push({ test: name, line: toks[i].line, scope: it.scope, entries: list.map((e, k) => ({ ...e, __line: lines[k] })) });
          break;
        }
        if (t.t === 'id' && it.is(':=', 1) && !/^(_|err|state|client|informersFactory)$/.test(t.v)) {
          const v = t.v;
          it.i += 2;
          it.scope[v] = it.expr();
          continue;
        }
        if (t.t === 'id' && (it.is('=', 1) || it.is('[', 1)) && t.v.includes('.') && t.v.split('.')[0] in it.scope) {
          // podC.Labels = ...; nsFoo.Labels["team"] = "foo"; testNode.Status.Addresses = ...
          it.next();
          let path = t.v.split('.').slice(1).map(jsonName);
          // Fields promoted from the embedded ObjectMeta.
          if (['labels', 'name', 'namespace', 'annotations'].includes(path[0])) path = ['metadata', ...path];
          let key;
          if (it.is('[')) {
            it.eat('[');
            key = it.expr();
            it.eat(']');
          }
          it.eat('=');
          const value = it.expr();
          setPath(it.scope[t.v.split('.')[0]], key === undefined ? path : [...path, key], value);
          continue;
        }
        // Anything else before the table (logging setup): skip the statement's tokens on its line.
        const line = t.line;
        while (it.peek().line === line) {
          if (it.is('{')) it.skipBalanced('{', '}');
          else if (it.is('(')) it.skipBalanced('(', ')');
          else it.next();
        }
      }
    } catch (e) {
      if (/ConformanceTest|tests :=/.test(String(e))) throw e;
      found.push({ test: name, line: toks[i].line, error: String(e.message) });
    }
  }
  return found;
}

// ---- Entries -> cases.
const endpointFor = (ip, pods, namespaces) => {
  const pod = pods.find((p) => p.status.podIPs.some((x) => x.ip === ip));
  if (pod && namespaces.some((n) => n.metadata.name === pod.metadata.namespace)) return { namespace: pod.metadata.namespace, name: pod.metadata.name };
  return { ip };
};
const hasPorts = (policy) => JSON.stringify(policy.spec ?? {}).match(/"(ports|protocols|port|portNumber|portRange|namedPort|destinationNamedPort)"/) !== null;
function packetConnection(packet, pods, namespaces, policies, line, allowed, note) {
  let protocol = packet.proto;
  let port = packet.dstPort;
  let extra = {};
  if (!port) {
    // The upstream packet has no destination port or protocol (Go zero values): the verdict is about
    // the addresses alone. A stand-in TCP/80 says the same only when no policy of the entry looks at ports.
    if (policies.some(hasPorts)) throw new Error(`line ${line}: packet without port against a policy with ports`);
    protocol = 'TCP';
    port = 80;
    extra = { note: 'upstream packet has no port or protocol; no policy of the entry matches on ports, so TCP/80 stands in' };
  }
  return { line, from: endpointFor(packet.srcIP, pods, namespaces), to: endpointFor(packet.dstIP, pods, namespaces), protocol, port, allowed, ...extra, ...(note ? { tierNote: note } : {}) };
}

const cases = [];
const skipped = [];
const usesNodes = (objects, connection) => objects.some((o) => o.kind === 'Node' && JSON.stringify(o).length > 0) && JSON.stringify(objects).includes('"nodes"');
const push = (c) => cases.push(c);

// pkg/networkpolicy/networkpolicy_test.go: TestSyncPacket (NetworkPolicy evaluator alone).
// plugins/npa-v1alpha1/adminnetworkpolicy_test.go: Test_adminNetworkPolicyAction (ANP evaluator alone).
for (const [path, test] of [
  ['pkg/networkpolicy/networkpolicy_test.go', 'TestSyncPacket'],
  ['plugins/npa-v1alpha1/adminnetworkpolicy_test.go', 'Test_adminNetworkPolicyAction'],
]) {
  const t = tables(path).find((x) => x.test === test);
  if (!t || t.error) throw new Error(`${path} ${test}: ${t?.error ?? 'not found'}`);
  for (const e of t.entries) {
    const objects = [...e.namespace, ...e.pod, ...(e.node ?? []), ...e.networkpolicy];
    push({ name: `${test}: ${e.name}`, path, line: e.__line, objects, connections: [packetConnection(e.p, e.pod, e.namespace, e.networkpolicy, e.__line, e.expect)] });
  }
}
// plugins/npa-v1alpha1/baselineadminnetworkpolicy_test.go: the BANP evaluator alone; default pods and namespaces.
{
  const path = 'plugins/npa-v1alpha1/baselineadminnetworkpolicy_test.go';
  const t = tables(path).find((x) => x.test === 'Test_baselineAdminNetworkPolicyAction');
  if (!t || t.error) throw new Error(`${path}: ${t?.error ?? 'not found'}`);
  for (const e of t.entries) {
    const pods = e.testPods ?? [t.scope.podA, t.scope.podB, t.scope.podC];
    const namespaces = e.testNamespaces ?? ['foo', 'bar', 'baz'].map(makeNamespace);
    push({ name: `Test_baselineAdminNetworkPolicyAction: ${e.name}`, path, line: e.__line, objects: [...namespaces, ...pods, ...e.policies], connections: [packetConnection(e.packet, pods, namespaces, e.policies, e.__line, e.expected)] });
  }
}
// plugins/npa-v1alpha2/clusternetworkpolicy_test.go: each tier's evaluator alone (wantAdmin, wantBase);
// ported as one case per tier holding only that tier's policies. Next counts as allowed (verdictToBool).
{
  const path = 'plugins/npa-v1alpha2/clusternetworkpolicy_test.go';
  const t = tables(path).find((x) => x.test === 'Test_ClusterNetworkPolicy_Evaluation');
  if (!t || t.error) throw new Error(`${path}: ${t?.error ?? 'not found'}`);
  const s = t.scope;
  const pods = [s.podA, s.podB, s.podC];
  const namespaces = [s.nsFoo, s.nsBar, s.nsBaz];
  for (const e of t.entries) {
    for (const [tier, want] of [['Admin', e.wantAdmin], ['Baseline', e.wantBase]]) {
      const policies = e.policies.filter((p) => p.spec.tier === tier);
      const allowed = want === 'Accept' || want === 'Next';
      push({
        name: `Test_ClusterNetworkPolicy_Evaluation: ${e.name} (${tier} tier evaluator)`,
        path,
        line: e.__line,
        objects: [...namespaces, ...pods, s.testNode, ...policies],
        connections: [packetConnection(e.packet, pods, namespaces, policies, e.__line, allowed, `want${tier} ${want}`)],
      });
    }
  }
}
// pkg/networkpolicy/engine_test.go: TestSinglePipelineWithRealEvaluators — the real NetworkPolicy
// evaluator between mocked AdminNetworkPolicy and BaselineAdminNetworkPolicy evaluators that return a
// fixed verdict for every packet in both directions. A mock returning Next is no policy; one returning
// Accept or Deny is a policy of its tier whose ingress and egress rules match every pod peer with
// that action (the connections are pod to pod), which is what the mock does to these packets.
{
  const path = 'pkg/networkpolicy/engine_test.go';
  const t = tables(path).find((x) => x.test === 'TestSinglePipelineWithRealEvaluators');
  if (!t || t.error) throw new Error(`${path}: ${t?.error ?? 'not found'}`);
  const mock = (kind, verdict) => {
    if (verdict === 'Next') return [];
    const action = verdict === 'Accept' ? 'Allow' : 'Deny';
    const spec = {
      ...(kind === 'AdminNetworkPolicy' ? { priority: 0 } : {}),
      subject: { namespaces: {} },
      ingress: [{ name: 'mock', action, from: [{ namespaces: {} }] }],
      egress: [{ name: 'mock', action, to: [{ namespaces: {} }] }],
    };
    return [obj(kind, { name: kind === 'AdminNetworkPolicy' ? 'mock-anp' : 'default' }, spec)];
  };
  for (const e of t.entries) {
    const objects = [...e.namespaces, ...e.pods, ...e.nps, ...mock('AdminNetworkPolicy', e.anpVerdict), ...mock('BaselineAdminNetworkPolicy', e.banpVerdict)];
    const c = packetConnection(e.packet, e.pods, e.namespaces, e.nps, e.__line, e.wantAllow, `mocked ANP ${e.anpVerdict}, BANP ${e.banpVerdict}`);
    push({ name: `TestSinglePipelineWithRealEvaluators: ${e.name}`, path, line: e.__line, objects, connections: [c] });
  }
}
for (const path of ['pkg/networkpolicy/networkpolicy_test.go', 'pkg/networkpolicy/engine_test.go', 'plugins/npa-v1alpha1/adminnetworkpolicy_test.go', 'plugins/npa-v1alpha2/clusternetworkpolicy_test.go'])
  for (const t of tables(path)) if (!['TestSyncPacket', 'Test_adminNetworkPolicyAction', 'Test_ClusterNetworkPolicy_Evaluation', 'TestSinglePipelineWithRealEvaluators'].includes(t.test)) skipped.push(`${path} ${t.test}`);

const isNodes = (c) => JSON.stringify(c.objects).includes('"nodes":');
const write = (file, list, what) => {
  const data = {
    about:
      `Independent fixture: derived from the packet-level table assertions of ${REPO} at commit ${commit} ` +
      `by test/conformance/tools/port-kube-network-policies.mjs; objects are the entries' (built by the upstream test helpers). ${what}`,
    repo: REPO,
    ref: 'main',
    commit,
    base: [],
    cases: list,
  };
  writeFileSync(file, JSON.stringify(data, null, 1) + '\n');
  console.log(`${file}: ${list.length} cases, ${list.reduce((n, c) => n + c.connections.length, 0)} connections`);
};
write(out, cases.filter((c) => !isNodes(c)), '');
if (nodesOut) write(nodesOut, cases.filter(isNodes), 'These entries use `nodes` peers, so they need Node objects.');
console.error(`not ported (no packet table): ${skipped.join('; ')}`);
void usesNodes;
