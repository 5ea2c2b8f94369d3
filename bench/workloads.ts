/** Deterministic inputs for the benchmark (xorshift PRNG: same inputs every run). */

export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** `n` realistic SandboxTemplates as JSON text: a third default, a third with own rules, a third Unmanaged. */
export function templateTexts(n: number): string[] {
  const rnd = prng(42);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 3;
    const spec: Record<string, unknown> = {
      podTemplate: {
        metadata: { labels: { app: `agent-${i % 17}`, team: `t${i % 5}` } },
        spec: {
          containers: [
            {
              name: 'agent',
              image: `ghcr.io/example/agent:${1 + (i % 9)}.${i % 4}`,
              command: ['python', '-m', 'agent'],
              env: [{ name: 'MODEL', value: 'small' }, { name: 'SANDBOX_ID', value: String(i) }],
              resources: { limits: { cpu: '1', memory: '2Gi' } },
              ports: [{ name: 'http', containerPort: 8888 }],
            },
          ],
          runtimeClassName: 'gvisor',
        },
      },
    };
    if (kind === 1) {
      spec.networkPolicy = {
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'sandbox-router' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'agent-sandbox-system' } } }], ports: [{ port: 8888 }] }],
        egress: [
          { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'] } }], ports: [{ protocol: 'TCP', port: 443 }] },
          { to: [{ ipBlock: { cidr: `${8 + Math.floor(rnd() * 200)}.8.8.0/24` } }], ports: [{ protocol: 'UDP', port: 53 }] },
        ],
      };
    }
    if (kind === 2) spec.networkPolicyManagement = 'Unmanaged';
    out.push(
      JSON.stringify({
        apiVersion: 'extensions.agents.x-k8s.io/v1beta1',
        kind: 'SandboxTemplate',
        metadata: { name: `template-${i}-${Math.floor(rnd() * 1e6).toString(36)}`, namespace: `team-${i % 7}`, uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` },
        spec,
      }),
    );
  }
  return out;
}

function v4(rnd: () => number, prefix: number): { start: number; text: string } {
  const n = Math.floor(rnd() * 2 ** 32);
  const start = prefix === 0 ? 0 : (n >>> (32 - prefix)) * 2 ** (32 - prefix);
  return { start, text: `${start >>> 24}.${(start >>> 16) & 255}.${(start >>> 8) & 255}.${start & 255}/${prefix}` };
}

function v6(rnd: () => number, prefix: number): string {
  const groups = Array.from({ length: 8 }, () => Math.floor(rnd() * 65536));
  const bits = groups.flatMap((g) => Array.from({ length: 16 }, (_, i) => (g >> (15 - i)) & 1));
  for (let i = prefix; i < 128; i++) bits[i] = 0;
  const out: string[] = [];
  for (let g = 0; g < 8; g++) out.push(parseInt(bits.slice(g * 16, g * 16 + 16).join(''), 2).toString(16));
  return `${rfc5952(out.join(':'))}/${prefix}`;
}

/** A NetworkPolicy spec with `n` ipBlocks (both families), each with up to 8 excepts inside its cidr. */
export function bigPolicy(n: number, seed = 0): { spec: Record<string, unknown>; blocks: Array<{ cidr: string; except: string[] }> } {
  const rnd = prng(7 + seed + n);
  const blocks: Array<{ cidr: string; except: string[] }> = [];
  for (let i = 0; i < n; i++) {
    if (i % 4 === 3) {
      const p = 32 + Math.floor(rnd() * 32);
      const cidr = v6(rnd, p);
      const base = expand(cidr.split('/')[0]!);
      const except: string[] = [];
      const k = Math.floor(rnd() * 9);
      for (let j = 0; j < k; j++) {
        const groups = base.split(':').map((g) => parseInt(g, 16));
        groups[5] = Math.floor(rnd() * 65536);
        except.push(`${groups.map((g) => g.toString(16)).join(':')}/${96 + Math.floor(rnd() * 32)}`);
      }
      blocks.push({ cidr, except: except.map((e) => canonicalV6Prefix(e)) });
    } else {
      const p = 8 + Math.floor(rnd() * 16);
      const { start, text } = v4(rnd, p);
      const except: string[] = [];
      const k = Math.floor(rnd() * 9);
      for (let j = 0; j < k; j++) {
        const q = p + 1 + Math.floor(rnd() * (32 - p));
        const offset = Math.floor(rnd() * 2 ** (32 - p));
        const s = start + offset - (offset % 2 ** (32 - q));
        except.push(`${s >>> 24}.${(s >>> 16) & 255}.${(s >>> 8) & 255}.${s & 255}/${q}`);
      }
      blocks.push({ cidr: text, except });
    }
  }
  const spec = {
    podSelector: {},
    egress: [{ to: blocks.map((b) => ({ ipBlock: b.except.length ? b : { cidr: b.cidr } })) }],
    policyTypes: ['Egress'],
  };
  return { spec, blocks };
}

/** Full 8-group form of an IPv6 address. */
function expand(address: string): string {
  const [head, tail = ''] = address.split('::') as [string, string?];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const zeros = address.includes('::') ? Array.from({ length: 8 - h.length - t.length }, () => '0') : [];
  return [...h, ...zeros, ...t].join(':');
}

/** RFC 5952 text, by way of the WHATWG URL parser (independent of the library). */
function rfc5952(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/** Masks an IPv6 CIDR to its prefix (the generator may leave host bits). */
function canonicalV6Prefix(text: string): string {
  const [addr, len] = text.split('/') as [string, string];
  const prefix = Number(len);
  let value = 0n;
  for (const g of addr.split(':')) value = (value << 16n) | BigInt(parseInt(g, 16));
  value &= ~((1n << BigInt(128 - prefix)) - 1n);
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  return `${rfc5952(groups.join(':'))}/${prefix}`;
}

/**
 * A cluster snapshot: `namespaces` namespaces, each with 10 NetworkPolicies (default-deny, DNS,
 * egress to a few ranges, ingress from the router, some selecting only some pods) and 5
 * SandboxTemplates (from `templateTexts`, re-homed), plus 20 ClusterNetworkPolicies in both tiers.
 */
export function clusterObjects(namespaces: number): unknown[] {
  const rnd = prng(99 + namespaces);
  const templates = templateTexts(namespaces * 5).map((t) => JSON.parse(t) as { metadata: { namespace: string } });
  const objects: unknown[] = [];
  for (let n = 0; n < namespaces; n++) {
    const ns = `tenant-${n}`;
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { team: `t${n % 5}`, tier: n % 2 ? 'prod' : 'dev' } } });
    for (let t = 0; t < 5; t++) {
      const tpl = templates[n * 5 + t]!;
      tpl.metadata.namespace = ns;
      objects.push(tpl);
    }
    const np = (name: string, spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });
    objects.push(
      np('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      np('dns', { podSelector: {}, egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }] }], policyTypes: ['Egress'] }),
      np('router', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'agent-sandbox-system' } } }] }] }),
    );
    for (let i = 0; i < 7; i++) {
      const a = Math.floor(rnd() * 223) + 1;
      objects.push(
        np(`egress-${i}`, {
          podSelector: i % 2 ? { matchLabels: { app: `agent-${i}` } } : { matchExpressions: [{ key: 'team', operator: 'In', values: [`t${i % 5}`, 't9'] }] },
          egress: [{ to: [{ ipBlock: { cidr: `${a}.${i * 16}.0.0/12`, except: [`${a}.${i * 16}.1.0/24`] } }, { ipBlock: { cidr: `2600:${(a * 7).toString(16)}::/32` } }], ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 8000 + i, endPort: 8100 + i }] }],
          policyTypes: ['Egress'],
        }),
      );
    }
  }
  const sandboxes = { pods: { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'agents.x-k8s.io/sandbox-name-hash', operator: 'Exists' }] } } };
  for (let i = 0; i < 20; i++) {
    const tier = i < 16 ? 'Admin' : 'Baseline';
    const subject = i % 3 === 0 ? { namespaces: { matchLabels: { team: `t${i % 5}` } } } : sandboxes;
    const action = i % 4 === 0 ? 'Pass' : i % 4 === 1 ? 'Deny' : 'Accept';
    objects.push({
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: `cnp-${i}` },
      spec: {
        tier,
        priority: i * 10,
        subject,
        egress: [
          { name: 'ranges', action, to: [{ networks: [`${10 + i}.0.0.0/8`, `fd${(i + 16).toString(16)}::/16`] }], protocols: [{ tcp: { destinationPort: { range: { start: 1000 + i, end: 2000 + i } } } }] },
          { name: 'names', action: 'Accept', to: [{ domainNames: [`*.example${i}.com`] }], protocols: [{ tcp: { destinationPort: { number: 443 } } }] },
          ...(i === 15 || i === 19 ? [{ name: 'rest', action: 'Deny', to: [{ networks: ['169.254.0.0/16', 'fe80::/10'] }] }] : []),
        ],
      },
    });
  }
  return objects;
}

/** A policy spec whose only egress rule allows exactly these peers (one ipBlock each, no excepts). */
export function policyOf(blocks: ReadonlyArray<{ cidr: string; except?: readonly string[] }>): Record<string, unknown> {
  return {
    podSelector: {},
    egress: [{ to: blocks.map((b) => ({ ipBlock: b.except && b.except.length > 0 ? { cidr: b.cidr, except: [...b.except] } : { cidr: b.cidr } })) }],
    policyTypes: ['Egress'],
  };
}

/**
 * An allow-list of `n` peers: a third single IPv4 addresses (/32), a third IPv4 /24s, a third
 * IPv6 /64s, each canonical, in random order (duplicates possible, as in real lists).
 */
export function allowList(n: number, seed = 11): string[] {
  const rnd = prng(seed + n);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 3;
    if (kind === 0) out.push(v4(rnd, 32).text);
    else if (kind === 1) out.push(v4(rnd, 24).text);
    else out.push(v6(rnd, 64));
  }
  return out;
}

/** `n` distinct-ish IPv4 excepts (/16 to /32) for one `0.0.0.0/0` block. */
export function manyExcepts(n: number, seed = 13): string[] {
  const rnd = prng(seed + n);
  return Array.from({ length: n }, () => v4(rnd, 16 + Math.floor(rnd() * 17)).text);
}

/**
 * `n` heavily overlapping blocks of both families: nested prefixes inside a few /8s and /32s of
 * IPv6, a quarter with up to 4 excepts inside their cidr.
 */
export function overlapping(n: number, seed = 17): Array<{ cidr: string; except: string[] }> {
  const rnd = prng(seed + n);
  const roots4 = [10, 100, 172, 192];
  const out: Array<{ cidr: string; except: string[] }> = [];
  for (let i = 0; i < n; i++) {
    if (i % 3 === 2) {
      const p = 32 + Math.floor(rnd() * 33);
      const groups = [0x2001, 0xdb8, Math.floor(rnd() * 4), Math.floor(rnd() * 65536), Math.floor(rnd() * 65536), 0, 0, 0];
      out.push({ cidr: canonicalV6Prefix(`${groups.map((g) => g.toString(16)).join(':')}/${p}`), except: [] });
      continue;
    }
    const p = 8 + Math.floor(rnd() * 20);
    const root = roots4[Math.floor(rnd() * roots4.length)]!;
    const n32 = (root * 2 ** 24 + Math.floor(rnd() * 2 ** 24)) >>> 0;
    const start = (n32 >>> (32 - p)) * 2 ** (32 - p);
    const except: string[] = [];
    if (i % 4 === 0) {
      for (let k = Math.floor(rnd() * 5); k > 0; k--) {
        const q = p + 1 + Math.floor(rnd() * (32 - p));
        const offset = Math.floor(rnd() * 2 ** (32 - p));
        const s = start + offset - (offset % 2 ** (32 - q));
        except.push(`${s >>> 24}.${(s >>> 16) & 255}.${(s >>> 8) & 255}.${s & 255}/${q}`);
      }
    }
    out.push({ cidr: `${start >>> 24}.${(start >>> 16) & 255}.${(start >>> 8) & 255}.${start & 255}/${p}`, except });
  }
  return out;
}

/**
 * A cluster to report on: `templates` SandboxTemplates over 50 namespaces (a third with the default
 * policy, the rest port-limited egress on one of seven ports) and `policies` NetworkPolicies, as
 * one YAML stream. The HTML report's scale shape (issue: 1,000 templates + 300 policies).
 */
export function reviewScale(templates = 1000, policies = 300): string {
  const docs: string[] = [];
  for (let i = 0; i < templates; i++) {
    const ns = `team-${i % 50}`;
    const egress = i % 3 === 0 ? '' : `\n  networkPolicy:\n    egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}], ports: [{port: ${443 + (i % 7)}}]}]`;
    docs.push(`apiVersion: extensions.agents.x-k8s.io/v1beta1\nkind: SandboxTemplate\nmetadata: {name: t-${i}, namespace: ${ns}}\nspec:\n  podTemplate:\n    spec:\n      containers: [{name: a, image: python}]${egress}\n`);
  }
  for (let i = 0; i < policies; i++) {
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np-${i}, namespace: team-${i % 50}}\nspec:\n  podSelector: {matchLabels: {app: a${i % 5}}}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 10.${i % 256}.0.0/16}}]}]\n`);
  }
  return docs.join('---\n');
}

/**
 * Issue 21, reach per policy set: one NetworkPolicy of `rules` egress rules (an ipBlock and a port
 * range each) selecting `pods` Pods of one namespace, each Pod with labels of
 * its own. 2,000 rules and 80 pods are about 145 KB of JSON.
 */
export function wideRulePolicy(rules: number, pods: number, seed = 23): unknown[] {
  const rnd = prng(seed);
  const egress = Array.from({ length: rules }, (_, i) => {
    const a = Math.floor(rnd() * 223) + 1;
    const b = Math.floor(rnd() * 256);
    const port = 1 + Math.floor(rnd() * 60000);
    return { to: [{ ipBlock: { cidr: `${a}.${b}.${i % 256}.0/24` } }], ports: [{ protocol: 'TCP', port, endPort: port + 10 }] };
  });
  return [
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'wide', namespace: 'work' }, spec: { podSelector: { matchLabels: { role: 'worker' } }, egress, policyTypes: ['Egress'] } },
    ...Array.from({ length: pods }, (_, i) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `worker-${i}`, namespace: 'work', labels: { role: 'worker', instance: `w${i}` } }, spec: { containers: [{ name: 'c', image: 'x' }] } })),
  ];
}

/**
 * Issue 21, priority ties: `n` Admin ClusterNetworkPolicies at one priority and `n` Pods over
 * `n / 80` namespaces. Most policies select one Pod by label; every tenth selects a whole
 * namespace and accepts everything its Deny rules do not, so ties occur, and each Pod is selected
 * by a handful of policies whatever `n`. 800 of each are about 300 KB.
 */
export function tiedPriorities(n: number): unknown[] {
  const out: unknown[] = [];
  const namespaces = Math.max(1, Math.floor(n / 80));
  for (let i = 0; i < n; i++) {
    const wide = i % 10 === 1;
    out.push({
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: `tie-${String(i).padStart(5, '0')}` },
      spec: {
        tier: 'Admin',
        priority: 5,
        subject: wide ? { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': `ns-${i % namespaces}` } } } : { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: `app-${i}` } } } },
        egress: [
          { action: wide ? 'Deny' : 'Accept', to: [{ networks: [`${(i % 200) + 1}.0.0.0/8`] }], protocols: [{ tcp: { destinationPort: { range: { start: 1000, end: 2000 } } } }] },
          { action: wide ? 'Accept' : 'Deny', to: [{ networks: [wide ? '0.0.0.0/0' : `${((i + 1) % 200) + 1}.0.0.0/8`] }] },
        ],
      },
    });
    out.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace: `ns-${i % namespaces}`, labels: { app: `app-${i}`, tier: 'web' } }, spec: { containers: [{ name: 'c', image: 'registry.example/app:1', ports: [{ name: 'http', containerPort: 8080 }] }] } });
  }
  return out;
}
