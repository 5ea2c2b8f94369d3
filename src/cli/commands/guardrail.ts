/** `guardrail`: the Admin-tier ClusterNetworkPolicies that hold for every sandbox pod whatever its template says. */
import {
  clusterGuardrailFor,
  GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION,
  requiredCrdChannel,
  type ClusterNetworkPolicy,
  type GuardrailOptions,
  type GuardrailPassTarget,
  type GuardrailPort,
} from '../../index.js';
import { booleanFlag, flagOfOption, listFlag, optionTable, stringFlag, UsageError } from '../args.js';
import type { Command, CommandContext, FlagSpec, FlagValues } from '../command.js';
import { jsonList, yamlStream } from '../output/serialize.js';

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** KEY=VALUE pairs as a label map (a fresh plain object; special keys refused). */
function labelPairs(flag: string, pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const kv of pairs) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${flag} expects KEY=VALUE, got ${JSON.stringify(kv)}`);
    const key = kv.slice(0, eq);
    if (FORBIDDEN_KEYS.has(key)) throw new UsageError(`--${flag}: ${JSON.stringify(key)} is not a valid label key`);
    if (Object.prototype.hasOwnProperty.call(out, key)) throw new UsageError(`--${flag}: key ${JSON.stringify(key)} given twice`);
    out[key] = kv.slice(eq + 1);
  }
  return { ...out };
}

/** `443`, `TCP/443`, `UDP/53`, `TCP/8000-8080`. */
function portOf(flag: string, text: string): GuardrailPort {
  const m = /^(?:(TCP|UDP|SCTP)\/)?(\d{1,5})(?:-(\d{1,5}))?$/i.exec(text);
  if (m === null) throw new UsageError(`--${flag} expects PORT, PROTOCOL/PORT or PROTOCOL/PORT-END (e.g. 443, UDP/53, TCP/8000-8080), got ${JSON.stringify(text)}`);
  return { ...(m[1] ? { protocol: m[1].toUpperCase() as GuardrailPort['protocol'] } : {}), port: Number(m[2]), ...(m[3] ? { endPort: Number(m[3]) } : {}) };
}

function integer(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,4}$/.test(text)) throw new UsageError(`--${flag} expects an integer 0-1000, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** clusterGuardrailFor's options from the flags (the library checks the values). */
export function guardrailOptions(ctx: CommandContext): GuardrailOptions {
  const f = ctx.flags;
  const passTo: GuardrailPassTarget[] = [];
  const passPorts = listFlag(f, 'pass-port')?.map((p) => portOf('pass-port', p));
  const withPorts = passPorts ? { ports: passPorts } : {};
  const passNetworks = listFlag(f, 'pass-to');
  if (passNetworks) passTo.push({ name: 'pass-networks', networks: passNetworks, ...withPorts });
  const passNamespaces = listFlag(f, 'pass-to-namespace');
  if (passNamespaces) passTo.push({ name: 'pass-namespaces', namespaces: { matchLabels: labelPairs('pass-to-namespace', passNamespaces) }, ...withPorts });
  if (passPorts && passTo.length === 0) throw new UsageError('--pass-port sets the ports of the Pass rules: give --pass-to or --pass-to-namespace too');
  const nsSelector = listFlag(f, 'namespace-selector');
  const ports = listFlag(f, 'port');
  const priority = integer('priority', stringFlag(f, 'priority'));
  const baselinePriority = integer('baseline-priority', stringFlag(f, 'baseline-priority'));
  if (baselinePriority !== undefined && !booleanFlag(f, 'baseline')) throw new UsageError('--baseline-priority needs --baseline');
  if (ports && !listFlag(f, 'allow-domain')) throw new UsageError('--port sets the ports of --allow-domain; give --allow-domain too');
  const name = stringFlag(f, 'name');
  const cidrs = listFlag(f, 'cluster-cidr');
  const nameservers = listFlag(f, 'nameserver');
  const domains = listFlag(f, 'allow-domain');
  const allowSensitive = listFlag(f, 'allow-sensitive');
  return {
    ...(name !== undefined ? { name } : {}),
    ...(priority !== undefined ? { priority } : {}),
    ...(booleanFlag(f, 'baseline') ? { baseline: true } : {}),
    ...(baselinePriority !== undefined ? { baselinePriority } : {}),
    ...(nsSelector ? { namespaceSelector: { matchLabels: labelPairs('namespace-selector', nsSelector) } } : {}),
    ...(cidrs ? { clusterCidrs: cidrs } : {}),
    ...(nameservers ? { nameservers } : {}),
    ...(domains ? { allowDomains: domains } : {}),
    ...(ports ? { ports: ports.map((p) => portOf('port', p)) } : {}),
    ...(booleanFlag(f, 'deny-all-other-egress') ? { denyAllOtherEgress: true } : {}),
    ...(passTo.length > 0 ? { passTo } : {}),
    ...(booleanFlag(f, 'no-cluster-dns') ? { clusterDns: false as const } : {}),
    ...(allowSensitive ? { allowSensitive } : {}),
  };
}

const FLAGS: readonly FlagSpec[] = [
  { name: 'name', type: 'string', value: 'NAME', help: 'metadata.name of the Admin policy (default sandbox-guardrail)' },
  { name: 'priority', type: 'string', value: 'N', help: 'Admin-tier priority, 0-1000 (default 10; split policies take the next numbers)' },
  { name: 'namespace-selector', type: 'list', value: 'KEY=VALUE', help: 'only sandbox pods in namespaces with this label (repeatable: all must match)' },
  { name: 'cluster-cidr', type: 'list', value: 'CIDR', help: "the cluster's pod, service, node or VPC range, denied too (repeatable)" },
  { name: 'nameserver', type: 'list', value: 'IP', help: 'resolver accepted on UDP and TCP 53 before the denies (repeatable;\ndefault 8.8.8.8, 1.1.1.1 with --allow-domain or --deny-all-other-egress)' },
  { name: 'allow-domain', type: 'list', value: 'NAME', help: 'accept this domain or *.domain, after the sensitive denies (repeatable;\nneeds the experimental CRD)' },
  { name: 'port', type: 'list', value: 'PORT', help: 'port of --allow-domain: 443, UDP/53, TCP/8000-8080 (repeatable; default TCP/443)' },
  { name: 'deny-all-other-egress', type: 'boolean', help: 'deny 0.0.0.0/0 and ::/0 after the accepts' },
  { name: 'pass-to', type: 'list', value: 'CIDR', option: 'passTo[*].networks', help: "hand these destinations to the templates' NetworkPolicies (Pass; repeatable)" },
  { name: 'pass-to-namespace', type: 'list', value: 'KEY=VALUE', option: 'passTo[*].namespaces', help: "hand pods of namespaces with this label to the templates' NetworkPolicies (Pass)" },
  { name: 'pass-port', type: 'list', value: 'PORT', option: 'passTo[*].ports', help: 'port of the --pass-to and --pass-to-namespace rules: 8080, UDP/53, TCP/8000-8080\n(repeatable; default every port)' },
  {
    name: 'allow-sensitive',
    type: 'list',
    value: 'CIDR',
    help: 'let --nameserver or --pass-to reach this part of the sensitive ranges (repeatable; e.g.\n169.254.20.10/32 for NodeLocal DNSCache); named in the output and an annotation',
  },
  { name: 'no-cluster-dns', type: 'boolean', option: 'clusterDns', help: 'no Pass rule for kube-system/k8s-app=kube-dns on port 53 (cluster DNS is then denied)' },
  { name: 'baseline', type: 'boolean', help: 'also a Baseline-tier Deny of all egress for sandbox pods no NetworkPolicy selects' },
  { name: 'baseline-priority', type: 'string', value: 'N', help: 'priority of the Baseline policy, 0-1000 (default 1000)' },
];

/**
 * The sensitive-range exceptions the Admin policy's annotation names, each with the flag that
 * asked for it (`169.254.20.10/32 via --nameserver 169.254.20.10 (rule dns)`).
 */
function exceptionLines(policies: readonly ClusterNetworkPolicy[], flags: FlagValues): string[] {
  const text = policies[0]?.metadata.annotations?.[GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION];
  if (text === undefined) return [];
  const table = optionTable(FLAGS);
  return text.split('\n').map((line) => line.replace(/ via (\S+) \(/, (whole, option: string) => ` via ${flagOfOption(`options.${option}`, table, flags) ?? option} (`));
}

export const guardrailCommand: Command = {
  name: 'guardrail',
  summary: 'flags -> ClusterNetworkPolicies that hold for every sandbox pod (YAML for kubectl apply -f -)',
  description: `Prints the Admin-tier ClusterNetworkPolicies (policy.networking.k8s.io/v1alpha2) that deny every
agent-sandbox pod (label agents.x-k8s.io/sandbox-name-hash) the sensitive ranges of the hardened
profile (cloud metadata, link-local, private, CGNAT, ULA, NAT64, ...) plus --cluster-cidr, whatever
its template's NetworkPolicy says. The public internet is left to the templates unless
--deny-all-other-egress. --allow-domain names are accepted after the sensitive denies, so a name
that resolves into a sensitive range stays denied. A --nameserver or --pass-to inside the
sensitive ranges is refused unless --allow-sensitive covers it; the exception is then named in a
comment, on stderr and in the policy's annotation. The YAML starts with a comment naming the CRD
channel it needs (experimental for --allow-domain). Reads no input; a bad value exits 2.

  agent-sandbox-policy guardrail --cluster-cidr 10.0.0.0/8 | kubectl apply -f -`,
  readsInput: false,
  flags: FLAGS,
  outputs: ['yaml', 'json'],
  run(ctx: CommandContext): number {
    const policies = clusterGuardrailFor(guardrailOptions(ctx));
    const channel = requiredCrdChannel(policies);
    const exceptions = exceptionLines(policies, ctx.flags);
    // Stderr too: in `guardrail | kubectl apply -f -` nobody reads the YAML's comments.
    for (const line of exceptions) ctx.io.stderr(`agent-sandbox-policy guardrail: warning: sensitive-range exception (--allow-sensitive): ${line}\n`);
    if (ctx.output === 'json') {
      ctx.io.stdout(jsonList(policies));
      ctx.io.stderr(`agent-sandbox-policy guardrail: needs the ${channel}-channel ClusterNetworkPolicy CRD (policy.networking.k8s.io/v1alpha2)\n`);
    } else {
      const named = exceptions.map((line) => `#   ${line}\n`).join('');
      const header = `# ClusterNetworkPolicies from agent-sandbox-policy guardrail: apply with kubectl apply -f -\n# Needs the ${channel}-channel ClusterNetworkPolicy CRD (policy.networking.k8s.io/v1alpha2) from kubernetes-sigs/network-policy-api${channel === 'experimental' ? ' (domainNames exist only there)' : ''}.\n${named ? `# Sensitive ranges these policies let sandboxes reach (--allow-sensitive; also in the ${GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION} annotation):\n${named}` : ''}`;
      ctx.io.stdout(header + yamlStream(policies));
    }
    return 0;
  },
};
