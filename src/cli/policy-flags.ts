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

/** Which controller `audit` models when it renders a Managed template's policy. */
export type ControllerModel = 'stock' | 'embedded';

/** `audit --controller`: the stock agent-sandbox controller (default), or one that embeds this library with the render flags. */
export const CONTROLLER_FLAG: FlagSpec = Object.freeze({
  name: 'controller',
  type: 'string',
  value: 'stock|embedded',
  help: 'who renders a Managed template whose NetworkPolicy is not in the input: stock (the\nagent-sandbox Go controller; default) or embedded (built on this library; the render flags need it)',
});

/** The POLICY_FLAGS only a controller embedding this library honours (the stock one has no such settings). */
const EMBEDDED_ONLY: readonly string[] = Object.freeze(['profile', 'egress-floor', 'cluster-cidr', 'router-namespace', 'router-label']);

/**
 * The controller `--controller` names, checked against the render flags: with the stock controller a
 * render flag would judge a policy that never runs, so it is a usage error that says what to add.
 * @returns `stock` (default) or `embedded`.
 * @throws UsageError for another value, or a render flag with the stock controller.
 */
export function controllerModel(flags: FlagValues): ControllerModel {
  const value = stringFlag(flags, 'controller') ?? 'stock';
  if (value !== 'stock' && value !== 'embedded') throw new UsageError(`--controller must be stock or embedded, got ${JSON.stringify(value)}`);
  if (value === 'stock') {
    const given = EMBEDDED_ONLY.filter((name) => flags[name] !== undefined);
    if (given.length > 0) {
      const names = given.map((n) => `--${n}`).join(', ');
      throw new UsageError(
        `${names} ${given.length > 1 ? 'model' : 'models'} a controller that embeds agent-sandbox-policy; the stock agent-sandbox controller renders the upstream policy and takes no such option, so judging a stock cluster with ${given.length > 1 ? 'them' : 'it'} would pass policies that do not run. Add --controller embedded if your controller embeds this library, or drop ${names}`,
      );
    }
  }
  return value;
}

/** One line naming the controller modelled, for the reports. */
export function controllerDescription(model: ControllerModel, options: PolicyOptions): string {
  if (model === 'stock') return 'stock (the agent-sandbox Go controller, which has no options, renders each Managed template whose NetworkPolicy is not in the input)';
  const parts = [`profile ${options.profile ?? 'upstream'}`, `egress floor ${options.egressFloor ?? 'none'}`, ...(options.clusterCidrs?.length ? [`cluster CIDRs ${options.clusterCidrs.join(', ')}`] : [])];
  return `embedded (a controller built on agent-sandbox-policy: ${parts.join(', ')})`;
}
