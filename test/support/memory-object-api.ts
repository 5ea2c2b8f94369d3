import type { KubernetesObject, KubernetesObjectApi, V1Status } from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';

/** An error shaped like client-node's ApiException. */
class ApiError extends Error {
  constructor(
    readonly code: number,
    what: string,
  ) {
    super(`${code}: ${what}`);
  }
}

type Wire = Record<string, any>;

/**
 * An in-memory object store implementing the read/create/replace/delete part of
 * KubernetesObjectApi. Like the real client it runs every object through client-node's own
 * ObjectSerializer (serialize on write, deserialize on read, so reads come back as client-node
 * models with `_from` and `Date`s), and like the API server it returns 404/409, bumps
 * resourceVersion and defaults NetworkPolicy `ports[].protocol` to TCP.
 */
export class MemoryObjectApi implements Pick<KubernetesObjectApi, 'read' | 'create' | 'replace' | 'delete' | 'patch'> {
  /** What the API server stores: wire JSON. */
  readonly objects = new Map<string, Wire>();
  readonly writes: string[] = [];
  /** Patches of objects this store does not hold (the SandboxTemplates): key, body and strategy. */
  readonly patches: Array<{ key: string; body: Wire; strategy: string | undefined }> = [];
  private version = 0;

  private key(o: { kind?: string; metadata?: { name?: string; namespace?: string } }): string {
    return `${o.kind}/${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}`;
  }

  private toWire(o: KubernetesObject): Wire {
    const wire = JSON.parse(JSON.stringify(ObjectSerializer.serialize(o, 'V1NetworkPolicy'))) as Wire;
    wire.metadata = { ...wire.metadata, namespace: wire.metadata?.namespace ?? 'default', resourceVersion: String(++this.version), creationTimestamp: '2026-11-27T00:00:00Z' };
    for (const dir of ['ingress', 'egress']) for (const rule of wire.spec?.[dir] ?? []) for (const p of rule.ports ?? []) p.protocol ??= 'TCP';
    return wire;
  }

  async read<T extends KubernetesObject>(spec: { kind: string; metadata: { name: string; namespace?: string } }): Promise<T> {
    const o = this.objects.get(this.key(spec));
    if (!o) throw new ApiError(404, this.key(spec));
    return ObjectSerializer.deserialize(structuredClone(o), 'V1NetworkPolicy') as T;
  }

  async create<T extends KubernetesObject>(spec: T): Promise<T> {
    const k = this.key(spec);
    if (this.objects.has(k)) throw new ApiError(409, k);
    this.objects.set(k, this.toWire(spec));
    this.writes.push(`create ${k}`);
    return this.read(spec as never);
  }

  async replace<T extends KubernetesObject>(spec: T): Promise<T> {
    const k = this.key(spec);
    if (!this.objects.has(k)) throw new ApiError(404, k);
    this.objects.set(k, this.toWire(spec));
    this.writes.push(`replace ${k}`);
    return this.read(spec as never);
  }

  /** Records the patch (templates are not stored here; policies are never patched). */
  async patch<T extends KubernetesObject>(spec: T, _pretty?: string, _dryRun?: string, _fieldManager?: string, _force?: boolean, strategy?: string): Promise<T> {
    this.patches.push({ key: this.key(spec), body: JSON.parse(JSON.stringify(spec)) as Wire, strategy });
    return spec;
  }

  async delete(spec: KubernetesObject): Promise<V1Status> {
    const k = this.key(spec);
    if (!this.objects.delete(k)) throw new ApiError(404, k);
    this.writes.push(`delete ${k}`);
    return { kind: 'Status', status: 'Success' };
  }
}
