/** The flags that shape a rendered policy, shared by render, audit and explain. */
import { applySandboxSecureDefaults, networkPolicyFor, type PolicyOptions } from '../index.js';
import { listFlag, stringFlag, UsageError } from './args.js';
import type { FlagSpec, FlagValues } from './command.js';

/** Flags that change the NetworkPolicy a template produces. */
export const POLICY_FLAGS: readonly FlagSpec[] = Object.freeze([
  { name: 'profile', type: 'string', value: 'upstream|hardened', choices: ['upstream', 'hardened'], help: 'excepted ranges of the default egress rule (default upstream)' },
  { name: 'cluster-cidr', type: 'list', value: 'CIDR', help: 'a pod/service/node range to except too (repeatable)' },
  { name: 'router-namespace', type: 'string', value: 'NS', option: 'router.namespace', help: 'namespace of the sandbox router (default agent-sandbox-system)' },
  { name: 'router-label', type: 'list', value: 'KEY=VALUE', option: 'router.podLabels', help: 'label of the router pods (repeatable; default app=sandbox-router)' },
  { name: 'egress-floor', type: 'string', value: 'none|metadata|private', choices: ['none', 'metadata', 'private'], help: "ranges removed from a template's own egress rules (default none)" },
] as const satisfies readonly FlagSpec[]);

/** The DNS override's resolvers: only the pod spec (render --pod-spec) uses them. */
export const NAMESERVER_FLAG: FlagSpec = Object.freeze({ name: 'nameserver', type: 'list', value: 'IP', help: 'resolver for the DNS override (repeatable, 1-3; default 8.8.8.8, 1.1.1.1)' });

/** The namespace of namespaced objects that carry none (audit's effective view and explain --target), as kubectl -n. */
export const NAMESPACE_FLAG: FlagSpec = Object.freeze({ name: 'namespace', short: 'n', type: 'string', value: 'NS', help: 'namespace of objects that name none (default default, as kubectl)' });

/** Keys a label map must never be given from the command line (they are not label keys, and JS objects treat them specially). */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function routerLabels(pairs: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const kv of pairs) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--router-label expects KEY=VALUE, got ${JSON.stringify(kv)}`);
    const key = kv.slice(0, eq);
    if (FORBIDDEN_KEYS.has(key)) throw new UsageError(`--router-label: ${JSON.stringify(key)} is not a valid label key`);
    if (Object.prototype.hasOwnProperty.call(labels, key)) throw new UsageError(`--router-label: key ${JSON.stringify(key)} given twice`);
    labels[key] = kv.slice(eq + 1);
  }
  return { ...labels };
}

const PROBE = Object.freeze({ apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate', metadata: { name: 'probe' }, spec: {} });

/** The library options the flags ask for, checked once up front so a bad value is a usage error (exit 2), not a per-document one. */
export function policyOptions(flags: FlagValues): PolicyOptions {
  const options: { -readonly [K in keyof PolicyOptions]: PolicyOptions[K] } = {};
  const profile = stringFlag(flags, 'profile');
  if (profile !== undefined) options.profile = profile as PolicyOptions['profile'];
  const cidrs = listFlag(flags, 'cluster-cidr');
  if (cidrs !== undefined) options.clusterCidrs = cidrs;
  const nameservers = listFlag(flags, 'nameserver');
  if (nameservers !== undefined) options.nameservers = nameservers;
  const floor = stringFlag(flags, 'egress-floor');
  if (floor !== undefined) options.egressFloor = floor as PolicyOptions['egressFloor'];
  const namespace = stringFlag(flags, 'router-namespace');
  const labels = listFlag(flags, 'router-label');
  if (namespace !== undefined || labels !== undefined) {
    options.router = { ...(namespace !== undefined ? { namespace } : {}), ...(labels !== undefined ? { podLabels: routerLabels(labels) } : {}) };
  }
  // Both throw SandboxPolicyError naming options.<field> for a bad value.
  networkPolicyFor(PROBE, options);
  applySandboxSecureDefaults(PROBE, undefined, options);
  return options;
}
