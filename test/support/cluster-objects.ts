// Small builders of cluster objects for the cluster tests: plain data, as `kubectl get -o yaml` prints it.

/** A Namespace with its labels (the API server adds `kubernetes.io/metadata.name` itself). */
export const ns = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

/** A NetworkPolicy `namespace/name` with the given spec. */
export const np = (name: string, namespace: string, spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });

/** A ClusterNetworkPolicy (v1alpha2) of a tier and priority; the subject defaults to every namespace. */
export const cnp = (name: string, tier: 'Admin' | 'Baseline', priority: number, spec: object, subject: object = { namespaces: {} }) => ({
  apiVersion: 'policy.networking.k8s.io/v1alpha2',
  kind: 'ClusterNetworkPolicy',
  metadata: { name },
  spec: { tier, priority, subject, ...spec },
});
