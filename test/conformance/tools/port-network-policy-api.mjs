#!/usr/bin/env node
// Ports kubernetes-sigs/network-policy-api's conformance tests to data: the objects each test
// applies (conformance/base/...), the state its subtests patch them into, and every PokeServer
// assertion (client pod, server, protocol, port, expected reachability) with its source line.
//
// Usage: node test/conformance/tools/port-network-policy-api.mjs <git-dir> <ref> <out.json> [<nodes-out.json>]
// (the git dir is a clone of https://github.com/kubernetes-sigs/network-policy-api; `main` holds
// the v1alpha2 ClusterNetworkPolicy suite, `release-0.1` the v1alpha1 AdminNetworkPolicy one).
//
// The Go test code is read by a small statement interpreter that knows the handful of patterns
// the suite uses (rule swaps, action and priority changes, named-port rules, an inserted
// `networks` rule, namespace relabelling, NetworkPolicy deletion); any other statement that
// touches the cluster stops the port with an error, so nothing is silently dropped.
// Only data is written: no upstream code.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const [gitDir, ref, out, nodesOut] = process.argv.slice(2);
if (!gitDir || !ref || !out) {
  console.error('usage: port-network-policy-api.mjs <git-dir> <ref> <out.json> [<nodes-out.json>]');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const commit = git('rev-parse', ref).trim();
const show = (path) => git('show', `${commit}:${path}`);
const REPO = 'kubernetes-sigs/network-policy-api';

// The suite's default host-network port range (conformance/utils/suite/suite.go: 34345, 8 ports).
const HOST_NETWORK_PORTS = Array.from({ length: 8 }, (_, i) => 34345 + i);
const template = (text) => text.replace(/\{\{\s*index \.HostNetworkPorts (\d+)\s*\}\}/g, (_, i) => String(HOST_NETWORK_PORTS[Number(i)]));
const yamlDocs = (path) =>
  parseAllDocuments(template(show(path)))
    .map((d) => d.toJSON())
    .filter((d) => d !== null && typeof d === 'object');
const clone = (v) => structuredClone(v);

// ---- Base manifests: Namespaces and the StatefulSets' pods, with the addresses a cluster gives them.
const NODES = [
  { name: 'conformance-worker', ip: '172.18.0.2' },
  { name: 'conformance-worker2', ip: '172.18.0.3' },
];
function baseObjects() {
  const docs = yamlDocs('conformance/base/manifests.yaml');
  const objects = [];
  const nsIndex = new Map();
  for (const d of docs.filter((d) => d.kind === 'Namespace')) {
    nsIndex.set(d.metadata.name, nsIndex.size);
    // The API server always sets kubernetes.io/metadata.name.
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: d.metadata.name, labels: { ...d.metadata.labels, 'kubernetes.io/metadata.name': d.metadata.name } } });
  }
  for (const d of docs.filter((d) => d.kind === 'StatefulSet')) {
    const ns = d.metadata.namespace;
    for (let i = 0; i < d.spec.replicas; i++) {
      const name = `${d.metadata.name}-${i}`;
      const host = d.spec.template.spec.hostNetwork === true;
      const node = NODES[i % NODES.length];
      const podIP = host ? node.ip : `10.244.${nsIndex.get(ns) + 1}.${10 + i}`;
      const containers = d.spec.template.spec.containers.map((c) => ({ name: c.name, ...(c.ports ? { ports: c.ports } : {}) }));
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name,
          namespace: ns,
          // StatefulSet pods carry their template's labels plus the controller's pod-name and pod-index.
          labels: { ...d.spec.template.metadata.labels, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) },
        },
        spec: { nodeName: node.name, ...(host ? { hostNetwork: true } : {}), containers },
        status: { phase: 'Running', hostIP: node.ip, podIP, podIPs: [{ ip: podIP }] },
      });
    }
  }
  return objects;
}
const nodeObjects = () =>
  NODES.map((n) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name, labels: { 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } },
    status: { addresses: [{ type: 'InternalIP', address: n.ip }, { type: 'Hostname', address: n.name }] },
  }));

// ---- Go statements.
function stripComment(line) {
  let inStr = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && line[i - 1] !== '\\') inStr = !inStr;
    if (!inStr && c === '/' && line[i + 1] === '/') return line.slice(0, i);
  }
  return line;
}
function balance(text) {
  let n = 0;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== '\\') inStr = !inStr;
    if (inStr) continue;
    if ('({['.includes(c)) n++;
    if (')}]'.includes(c)) n--;
  }
  return n;
}
/** Statements with their first line number; block openers/closers become markers. */
function statements(src) {
  const lines = src.split('\n');
  const out = [];
  let acc = null;
  for (let i = 0; i < lines.length; i++) {
    // Single-line block comments are the only ones the suite uses inside test bodies.
    const line = stripComment(lines[i]).replace(/\/\*.*?\*\//g, '').trim();
    if (acc) {
      acc.text += ' ' + line;
      if (balance(acc.text) <= 0) {
        out.push(acc);
        acc = null;
      }
      continue;
    }
    if (line === '') continue;
    const run = /^t\.Run\("((?:[^"\\]|\\.)*)", func\(t \*testing\.T\) \{$/.exec(line);
    if (run) {
      out.push({ marker: 'run', title: run[1], line: i + 1 });
      continue;
    }
    const test = /^var (\w+) = suite\.ConformanceTest\{$/.exec(line);
    if (test) {
      out.push({ marker: 'test', name: test[1], line: i + 1 });
      continue;
    }
    if (/^(if |\} else \{|\}\)?,?$|\}\)$|Test: func|func |ConformanceTests = append|\)$|import|package|\w+,$|Features:|suite\.\w+,$|ShortName:|Description:)/.test(line)) {
      if (/^\}\)$/.test(line)) out.push({ marker: 'end-run', line: i + 1 });
      continue;
    }
    const st = { text: line, line: i + 1 };
    if (balance(line) > 0) acc = st;
    else out.push(st);
  }
  return out;
}

const KIND_OF = { ClusterNetworkPolicy: 'ClusterNetworkPolicy', AdminNetworkPolicy: 'AdminNetworkPolicy', BaselineAdminNetworkPolicy: 'BaselineAdminNetworkPolicy' };

function portFile(path) {
  const src = show(path);
  const tests = [];
  let test = null;
  let run = null;
  let seg = null;
  const vars = {};
  const newSegment = () => {
    seg = null;
  };
  const objectsOf = () => [...Object.values(test.namespaceOverrides).map(clone), ...test.objects.map(clone)];
  for (const st of statements(src)) {
    if (st.marker === 'test') {
      test = { name: st.name, line: st.line, manifests: [], objects: [], namespaceOverrides: {}, cases: [] };
      tests.push(test);
      run = { title: '', line: st.line };
      seg = null;
      continue;
    }
    if (!test) continue;
    if (st.marker === 'run') {
      run = { title: st.title, line: st.line };
      seg = null;
      continue;
    }
    if (st.marker === 'end-run') continue;
    const t = st.text;
    let m;
    if ((m = /^Manifests: \[\]string\{(.*)\},?$/.exec(t))) {
      test.manifests = [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
      for (const f of test.manifests) test.objects.push(...yamlDocs(`conformance/${f}`));
      continue;
    }
    if ((m = /^(\w+) :?= kubernetes\.GetPod\(t, s\.Client, "([^"]+)", "([^"]+)"/.exec(t))) {
      vars[m[1]] = { pod: { namespace: m[2], name: m[3] } };
      continue;
    }
    if ((m = /^(\w+) :?= kubernetes\.Get(ClusterNetworkPolicy|AdminNetworkPolicy|BaselineAdminNetworkPolicy)\(t, s\.Client, "([^"]+)"/.exec(t))) {
      vars[m[1]] = { policy: { kind: KIND_OF[m[2]], name: m[3] } };
      continue;
    }
    if ((m = /^(\w+) :?= kubernetes\.GetNamespace\(t, s\.Client, "([^"]+)"/.exec(t))) {
      vars[m[1]] = { namespace: m[2] };
      continue;
    }
    if ((m = /^(\w+) :?= (\w+)\.DeepCopy\(\)$/.exec(t))) {
      const from = vars[m[2]];
      if (from?.policy) {
        const obj = test.objects.find((o) => o.kind === from.policy.kind && o.metadata.name === from.policy.name);
        if (!obj) throw new Error(`${path}:${st.line}: no ${from.policy.kind} ${from.policy.name}`);
        vars[m[1]] = { working: clone(obj), of: from.policy };
      } else if (from?.namespace) vars[m[1]] = { workingNamespace: from.namespace, labels: {} };
      else throw new Error(`${path}:${st.line}: DeepCopy of unknown ${m[2]}`);
      continue;
    }
    if ((m = /^(\w+) :?= (\w+)(?:\.DeepCopy\(\))?\.Spec\.(Egress|Ingress)\[(\d+)\]$/.exec(t))) {
      vars[m[1]] = { rule: clone(vars[m[2]].working.spec[m[3].toLowerCase()][Number(m[4])]) };
      continue;
    }
    if ((m = /^(\w+)\.Spec\.(Egress|Ingress)\[(\d+)\] = (\w+)\.Spec\.(Egress|Ingress)\[(\d+)\]$/.exec(t))) {
      vars[m[1]].working.spec[m[2].toLowerCase()][Number(m[3])] = clone(vars[m[4]].working.spec[m[5].toLowerCase()][Number(m[6])]);
      continue;
    }
    if ((m = /^(\w+)\.Spec\.(Egress|Ingress)\[(\d+)\] = (\w+)$/.exec(t))) {
      vars[m[1]].working.spec[m[2].toLowerCase()][Number(m[3])] = clone(vars[m[4]].rule);
      continue;
    }
    if ((m = /^(\w+)\.Spec\.(Egress|Ingress)\[(\d+)\]\.Action = \w+\.\w*RuleAction(Pass|Allow|Deny|Accept)$/.exec(t))) {
      vars[m[1]].working.spec[m[2].toLowerCase()][Number(m[3])].action = m[4];
      continue;
    }
    if ((m = /^(\w+)\.Spec\.Priority = (\d+)$/.exec(t))) {
      vars[m[1]].working.spec.priority = Number(m[2]);
      continue;
    }
    if ((m = /^(\w+) := "([^"]*)"$/.exec(t))) {
      vars[m[1]] = { string: m[2] };
      continue;
    }
    if ((m = /^(\w+)\.Protocols = \[\]\w+\.ClusterNetworkPolicyProtocol\{ \{ DestinationNamedPort: (\w+), \}, \}$/.exec(t))) {
      vars[m[1]].rule.protocols = [{ destinationNamedPort: vars[m[2]].string }];
      continue;
    }
    if ((m = /^(\w+)\.Ports = &\[\]\w+\.AdminNetworkPolicyPort\{ \{ NamedPort: &(\w+), \}, \}$/.exec(t))) {
      vars[m[1]].rule.ports = [{ namedPort: vars[m[2]].string }];
      continue;
    }
    if ((m = /^newRule := \[\]\w+\.(?:ClusterNetworkPolicy|AdminNetworkPolicy|BaselineAdminNetworkPolicy)EgressRule\{ \{ Name: +"([^"]+)", Action: "(\w+)", To: \[\][\w.]+\{ \{ Networks: \[\]\w+\.CIDR\{ (.*) \}, \}, \}, \}, \}$/.exec(t))) {
      const networks = [...m[3].matchAll(/CIDR\((\w+)\.Status\.PodIP \+ mask\)/g)].map((x) => `${podIp(vars[x[1]].pod)}/32`);
      vars.newRule = { rules: [{ name: m[1], action: m[2], to: [{ networks }] }] };
      continue;
    }
    if ((m = /^(\w+)\.Spec\.Egress = append\(newRule, (\w+)\.Spec\.Egress\.\.\.\)$/.exec(t))) {
      vars[m[1]].working.spec.egress = [...clone(vars.newRule.rules), ...vars[m[2]].working.spec.egress];
      continue;
    }
    if ((m = /^kubernetes\.Patch(ClusterNetworkPolicy|AdminNetworkPolicy|BaselineAdminNetworkPolicy)\(t, s\.Client, (\w+), (\w+),/.exec(t))) {
      const w = vars[m[3]];
      const i = test.objects.findIndex((o) => o.kind === w.of.kind && o.metadata.name === w.of.name);
      test.objects[i] = clone(w.working);
      newSegment();
      continue;
    }
    if ((m = /^(\w+)\.SetLabels\(map\[string\]string\{(.*)\}\)$/.exec(t))) {
      vars[m[1]].labels = Object.fromEntries([...m[2].matchAll(/"([^"]+)": "([^"]*)"/g)].map((x) => [x[1], x[2]]));
      continue;
    }
    if ((m = /^kubernetes\.PatchNamespace\(t, s\.Client, (\w+), (\w+),/.exec(t))) {
      const ns = vars[m[2]].workingNamespace;
      test.namespaceOverrides[ns] = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { ...vars[m[2]].labels, 'kubernetes.io/metadata.name': ns } } };
      newSegment();
      continue;
    }
    if ((m = /^err := s\.Client\.Get\(ctx, client\.ObjectKey\{ Namespace: +"([^"]+)", Name: +"([^"]+)", \}, (\w+)\)$/.exec(t))) {
      vars[m[3]] = { networkPolicy: { namespace: m[1], name: m[2] } };
      continue;
    }
    if ((m = /^err = s\.Client\.Delete\(ctx, (\w+)\)$/.exec(t))) {
      const { namespace, name } = vars[m[1]].networkPolicy;
      const before = test.objects.length;
      test.objects = test.objects.filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata.name === name && o.metadata.namespace === namespace));
      if (test.objects.length !== before - 1) throw new Error(`${path}:${st.line}: no NetworkPolicy ${namespace}/${name}`);
      newSegment();
      continue;
    }
    if ((m = /^kubernetes\.PokeServer\(t, s\.ClientSet, &s\.KubeConfig, "([^"]+)", "([^"]+)", "(\w+)", (\w+)\.Status\.PodIP, int32\(([^)]+)\), s\.TimeoutConfig, (true|false)\)$/.exec(t))) {
      const port = /^\d+$/.test(m[5]) ? Number(m[5]) : HOST_NETWORK_PORTS[Number(/^s\.HostNetworkPorts\[(\d)\]$/.exec(m[5])[1])];
      if (!Number.isInteger(port)) throw new Error(`${path}:${st.line}: port ${m[5]}`);
      if (!seg) {
        seg = { name: `${test.name}: ${run.title}`.replace(/: $/, ''), line: run.line, objects: objectsOf(), connections: [] };
        seg.name += test.cases.filter((c) => c.name.startsWith(seg.name)).length > 0 ? ` (state ${test.cases.filter((c) => c.name.startsWith(seg.name)).length + 1})` : '';
        test.cases.push(seg);
      }
      seg.connections.push({ line: st.line, from: { namespace: m[1], name: m[2] }, to: vars[m[4]].pod, protocol: m[3].toUpperCase(), port, allowed: m[6] === 'true' });
      continue;
    }
    if (/^(ctx, cancel :=|defer cancel|np := &|require\.|var mask|mask = |"|serverPod\w* := s\.|\w+\.\w+ = \w+$)/.test(t) && !/Spec|mutate/.test(t)) {
      if (/^\w+\.\w+ = \w+$/.test(t)) throw new Error(`${path}:${st.line}: unhandled: ${t}`);
      continue;
    }
    throw new Error(`${path}:${st.line}: unhandled statement: ${t}`);
  }
  return tests;
}

let BASE = null;
function podIp(ref) {
  const p = BASE.find((o) => o.kind === 'Pod' && o.metadata.namespace === ref.namespace && o.metadata.name === ref.name);
  if (!p) throw new Error(`no pod ${ref.namespace}/${ref.name}`);
  return p.status.podIP;
}

BASE = baseObjects();
const files = git('ls-tree', '-r', '--name-only', commit, 'conformance/tests/')
  .split('\n')
  .filter((f) => f.endsWith('.go') && !f.endsWith('main.go'));
const cases = [];
for (const f of files) {
  for (const test of portFile(f)) {
    const nodes = test.manifests.some((m) => m.includes('experimental-egress-selector-rules'));
    for (const c of test.cases) cases.push({ ...c, path: f, manifests: test.manifests, nodes });
  }
}
const write = (file, list, objects, what) => {
  const data = {
    about:
      `Independent fixture: derived from the upstream assertions (PokeServer calls) of ${REPO} at commit ${commit} (${ref}), ` +
      `by test/conformance/tools/port-network-policy-api.mjs. Objects are the suite's manifests (templated with the default ` +
      `host-network ports ${HOST_NETWORK_PORTS[0]}-${HOST_NETWORK_PORTS.at(-1)}) in the state each subtest patched them into; ` +
      `pod and node addresses are assigned here (pods 10.244.<namespace>.<10+ordinal>, host-network pods their node's). ${what}`,
    repo: REPO,
    ref,
    commit,
    base: objects,
    cases: list.map((c) => ({ name: c.name, path: c.path, line: c.line, objects: c.objects, connections: c.connections })),
  };
  writeFileSync(file, JSON.stringify(data, null, 1) + '\n');
  const n = list.reduce((s, c) => s + c.connections.length, 0);
  console.log(`${file}: ${list.length} cases, ${n} connections`);
};
write(out, cases.filter((c) => !c.nodes), BASE, '');
if (nodesOut) write(nodesOut, cases.filter((c) => c.nodes), [...BASE, ...nodeObjects()], 'These tests use `nodes` peers, so the base holds Node objects.');
