import type { Severity } from './severity.js';
import type { FindingCode } from './finding-catalogue.js';
import type { PolicyView } from './grants.js';
import { isObject, listOf, type JsonObject } from '../json.js';
import { parseCidr } from '../cidr/prefix.js';
import { selectsEverything } from '../selector.js';

/** A namespace selector that selects every namespace: `{}`, or only `Exists` on `kubernetes.io/metadata.name`. */
const allNamespaces = (sel: unknown): boolean => selectsEverything(sel, 'namespaces');
/** A pod selector that selects every pod: `{}`. */
const allPods = (sel: unknown): boolean => selectsEverything(sel, 'pods');

interface SelectorFinding {
  severity: Severity;
  code: FindingCode;
  message: string;
  path: string;
  ranges: readonly string[];
  example: string;
  suggestion?: string;
}

/**
 * Findings about selector peers and ingress: `broad-peer-selector`, `ingress-open`,
 * `ingress-selector-or` and `endport-used`.
 */
export function selectorFindings(view: PolicyView, sink: (f: SelectorFinding) => void): void {
  if (view.isolatesEgress) {
    listOf(view.spec.egress).forEach((rule, i) => {
      if (!isObject(rule)) return;
      listOf(rule.to).forEach((peer, j) => {
        if (!isObject(peer)) return;
        // An ipBlock peer (most peers of a long list) has no selector: nothing to write.
        if (peer.namespaceSelector === undefined && peer.podSelector === undefined) return;
        const path = `spec.egress[${i}].to[${j}]`;
        if (allNamespaces(peer.namespaceSelector)) {
          sink({
            severity: 'high',
            code: 'broad-peer-selector',
            message: 'egress peer namespaceSelector: {} selects pods in every namespace (the control plane add-ons and other tenants among them)',
            path: `${path}.namespaceSelector`,
            ranges: [],
            example: 'kube-dns in kube-system',
            suggestion: 'select the namespaces by label, e.g. namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: <namespace>}}',
          });
        } else if (allPods(peer.podSelector) && peer.namespaceSelector === undefined) {
          sink({
            severity: 'medium',
            code: 'broad-peer-selector',
            message: "egress peer podSelector: {} selects every pod in the policy's namespace, other sandboxes included",
            path: `${path}.podSelector`,
            ranges: [],
            example: 'another sandbox pod in the same namespace',
            suggestion: 'select the pods by label',
          });
        }
      });
      forEachEndPort(rule, `spec.egress[${i}]`, sink);
    });
  }
  if (!view.isolatesIngress) return;
  listOf(view.spec.ingress).forEach((rule, i) => {
    const path = `spec.ingress[${i}]`;
    if (!isObject(rule)) return;
    const from = listOf(rule.from);
    if (from.length === 0) {
      sink({
        severity: 'high',
        code: 'ingress-open',
        message: 'ingress rule has no "from": any source may connect',
        path,
        ranges: [],
        example: 'any pod in any namespace, or any external address',
        suggestion: 'list the allowed sources, e.g. the sandbox router: from: [{podSelector: {matchLabels: {app: sandbox-router}}, namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: agent-sandbox-system}}}]',
      });
    }
    let podOnly = -1;
    let nsOnly = -1;
    from.forEach((peer, j) => {
      if (!isObject(peer)) return;
      if (isObject(peer.ipBlock) && typeof peer.ipBlock.cidr === 'string' && parseCidr(peer.ipBlock.cidr)?.prefix === 0) {
        const family = parseCidr(peer.ipBlock.cidr)!.family;
        sink({
          severity: 'high',
          code: 'ingress-open',
          message: `ingress peer ipBlock ${peer.ipBlock.cidr} admits every ${family === 4 ? 'IPv4' : 'IPv6'} source (${family === 4 ? '0.0.0.0/0' : '::/0'} covers all pods and external hosts), minus its excepts`,
          path: `${path}.from[${j}].ipBlock`,
          ranges: [family === 4 ? '0.0.0.0/0' : '::/0'],
          example: family === 4 ? '203.0.113.7' : '2001:db8::7',
          suggestion: 'list the allowed sources, e.g. the sandbox router: from: [{podSelector: {matchLabels: {app: sandbox-router}}, namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: agent-sandbox-system}}}]',
        });
      }
      if (allNamespaces(peer.namespaceSelector)) {
        sink({
          severity: 'high',
          code: 'ingress-open',
          message: 'ingress peer namespaceSelector: {} admits pods from every namespace',
          path: `${path}.from[${j}].namespaceSelector`,
          ranges: [],
          example: 'a pod in any namespace',
          suggestion: 'select the namespace by name: namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: <namespace>}}',
        });
      }
      const hasPod = isObject(peer.podSelector);
      const hasNs = isObject(peer.namespaceSelector);
      if (hasPod && !hasNs) podOnly = j;
      if (hasNs && !hasPod) nsOnly = j;
    });
    if (podOnly >= 0 && nsOnly >= 0) {
      sink({
        severity: 'high',
        code: 'ingress-selector-or',
        message: `from[${Math.min(podOnly, nsOnly)}] and from[${Math.max(podOnly, nsOnly)}] are separate peers (OR): every pod of the selected namespaces may connect, not only the selected pods in them`,
        path: `${path}.from`,
        ranges: [],
        example: 'any pod in the selected namespace',
        suggestion: 'put namespaceSelector and podSelector in one list element to require both (AND)',
      });
    }
    forEachEndPort(rule, path, sink);
  });
}

function forEachEndPort(rule: JsonObject, path: string, sink: (f: SelectorFinding) => void): void {
  listOf(rule.ports).forEach((p, k) => {
    if (isObject(p) && p.endPort !== undefined && p.endPort !== null) {
      sink({
        severity: 'info',
        code: 'endport-used',
        message: 'endPort ranges are not enforced by every network plugin (Cilium lists them as unsupported)',
        path: `${path}.ports[${k}].endPort`,
        ranges: [],
        example: `${String(p.port)}-${String(p.endPort)}`,
      });
    }
  });
}
