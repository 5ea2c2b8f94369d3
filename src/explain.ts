/** Internal helpers (selectorText, rulesText, portsText) are shared with the effective-policy explainer. */
import { policyViews, rulePorts, type PortSpec } from './policy/network-policy-view.js';
import { isObject, listOf } from './json.js';
import { readPolicy } from './policy-input.js';
import { throwIfInvalid, validatePolicyItem } from './validation/network-policy.js';

export function selectorText(sel: unknown, noun: string): string {
  if (!isObject(sel)) return '';
  const parts: string[] = [];
  if (isObject(sel.matchLabels)) for (const k of Object.keys(sel.matchLabels).sort()) parts.push(`${k}=${String(sel.matchLabels[k])}`);
  for (const e of listOf(sel.matchExpressions)) {
    if (!isObject(e)) continue;
    const values = listOf(e.values).map(String).join(', ');
    const op = String(e.operator);
    parts.push(op === 'Exists' ? `${String(e.key)} exists` : op === 'DoesNotExist' ? `no ${String(e.key)}` : `${String(e.key)} ${op === 'In' ? 'in' : 'not in'} (${values})`);
  }
  return parts.length === 0 ? `all ${noun}s` : `${noun}s with ${parts.join(', ')}`;
}

function peerText(peer: unknown): string {
  if (!isObject(peer)) return 'an invalid peer';
  if (isObject(peer.ipBlock)) {
    const except = listOf(peer.ipBlock.except).map(String);
    return `${String(peer.ipBlock.cidr)}${except.length ? ` except ${except.join(', ')}` : ''}`;
  }
  const pods = isObject(peer.podSelector) ? selectorText(peer.podSelector, 'pod') : 'all pods';
  if (isObject(peer.namespaceSelector)) return `${pods} in ${selectorText(peer.namespaceSelector, 'namespace')}`;
  return `${pods} in the policy's namespace`;
}

export function portsText(ports: readonly PortSpec[] | null): string {
  if (ports === null) return 'on all ports';
  return `on ${ports
    .map((p) => (p.port === undefined ? `all ${p.protocol} ports` : `${p.protocol} ${String(p.port)}${p.endPort !== undefined ? `-${p.endPort}` : ''}`))
    .join(', ')}`;
}

export function rulesText(rules: unknown[], peersKey: 'from' | 'to', verb: string): string[] {
  if (rules.length === 0) return [`  nothing: all ${verb === 'from' ? 'incoming' : 'outgoing'} traffic is denied`];
  return rules.map((rule, i) => {
    if (!isObject(rule)) return `  rule ${i}: invalid`;
    const peers = listOf(rule[peersKey]);
    const who = peers.length === 0 ? (verb === 'from' ? 'any source' : 'any destination') : peers.map(peerText).join('; or ');
    return `  ${verb} ${who}, ${portsText(rulePorts(rule))}`;
  });
}

/**
 * A short plain-English account of what a NetworkPolicy allows: which pods it applies to, who
 * may connect in, and where those pods may connect out, on which ports. Directions a policy does
 * not isolate are said to be unrestricted (by this policy).
 *
 * @param policy - a NetworkPolicy or its spec (parsed JSON/YAML, or a client-node object with
 *   ingress `_from`).
 * @returns lines of text joined with `\n`, ending without a newline.
 * @throws {@link SandboxPolicyError} when `policy` is not plain data, not a NetworkPolicy or spec,
 *   or is one the API server would refuse (e.g. `cidr: 10.0.0.0/33`, an ingress rule with both
 *   `from` and `_from`): an invalid policy is never described as if it allowed something.
 * @example
 * ```ts
 * console.log(explainNetworkPolicy(networkPolicyFor(template)!));
 * // NetworkPolicy sandbox-network-policy applies to pods with agents.x-k8s.io/sandbox-template-ref-hash=da1fd924.
 * // Incoming: allowed only
 * //   from pods with app=sandbox-router in namespaces with kubernetes.io/metadata.name=agent-sandbox-system, on all ports
 * // ...
 * ```
 */
export function explainNetworkPolicy(policy: unknown): string {
  const input = readPolicy(policy, '');
  // Never describe a policy the API server would refuse (legacy CIDR rules: what any cluster accepts).
  throwIfInvalid([...input.issues, ...validatePolicyItem(input.data, { strictCidr: false })], '');
  const view = policyViews([input.data])[0]!;
  const spec = view.spec;
  const title = view.name ? `NetworkPolicy ${view.name}` : 'This NetworkPolicy';
  const lines = [`${title} applies to ${selectorText(isObject(spec.podSelector) ? spec.podSelector : {}, 'pod')}.`];
  if (view.isolatesIngress) lines.push('Incoming: allowed only', ...rulesText(listOf(spec.ingress), 'from', 'from'));
  else lines.push('Incoming: not restricted by this policy.');
  if (view.isolatesEgress) lines.push('Outgoing: allowed only', ...rulesText(listOf(spec.egress), 'to', 'to'));
  else lines.push('Outgoing: not restricted by this policy.');
  lines.push('Other policies selecting the same pods add to what is allowed; traffic to the pod\'s own node is always allowed.');
  return lines.join('\n');
}
