/**
 * Targets as families of pods. A SandboxTemplate, SandboxClaim or SandboxWarmPool makes many pods
 * whose labels differ by sandbox, by claim and by client; policies may select some of them and not
 * others. A family is enumerated symbolically: for every label whose value the controllers choose,
 * only the values some subject selector of the snapshot names matter, plus one value none names,
 * plus "absent" where the label may be missing, so a finite set of label variants stands for
 * every pod the object can have (as far as policy selection can tell them apart). Internal.
 */
import { CREATED_BY_LABEL, CREATED_BY_VALUES, RESERVED_LABEL_PREFIXES, SANDBOX_NAME_HASH_LABEL, TEMPLATE_REF_HASH_LABEL, WARM_POOL_LABEL } from '../constants.js';
import { isObject, listOf } from '../json.js';
import { ANY_SANDBOX_NAME_HASH, templateRefHash } from '../labels.js';
import { byNamespaceAndName, type PodPort, type PodView, type Snapshot } from '../policy/snapshot.js';
import { byteOrder } from '../canonical.js';
import { setOwn } from '../snapshot.js';

/** `agents.x-k8s.io/launch-type`: `cold` or `warm` on a claimed sandbox. */
export const LAUNCH_TYPE_LABEL = 'agents.x-k8s.io/launch-type';
/** `agents.x-k8s.io/claim-uid`: the claiming SandboxClaim's UID. */
export const CLAIM_UID_LABEL = 'agents.x-k8s.io/claim-uid';

/** A value of a controller-chosen label no selector can name (not a valid label value). */
export const ANY_CLAIM_UID = '<any claim>';
/** A warm-pool hash no selector can name (not a valid label value). */
export const ANY_WARM_POOL = '<any pool>';

/** One label variant of a family: the labels policies see on such a pod. */
export interface FamilyMember {
  readonly labels: Readonly<Record<string, string>>;
  /** The controller-chosen labels that tell this member apart, e.g. `claimed, created-by=go-client`; '' for a one-member family. */
  readonly variant: string;
}

/** A target and the pods it stands for. */
export interface Family {
  /** The target as reports name it; its labels are the first member's. */
  readonly pod: PodView;
  readonly members: readonly FamilyMember[];
  /** What the snapshot cannot tell about this family (e.g. its template is absent). */
  readonly unknown: readonly string[];
}

/** Per label key, the values subject selectors name (an empty set: the key only appears in Exists/DoesNotExist). */
export type MentionedLabels = ReadonlyMap<string, ReadonlySet<string>>;

function mention(out: Map<string, Set<string>>, selector: unknown): void {
  if (!isObject(selector)) return;
  const add = (k: string, v?: unknown) => {
    let s = out.get(k);
    if (s === undefined) out.set(k, (s = new Set()));
    if (typeof v === 'string') s.add(v);
  };
  if (isObject(selector.matchLabels)) for (const [k, v] of Object.entries(selector.matchLabels)) add(k, v);
  for (const e of listOf(selector.matchExpressions)) {
    if (!isObject(e) || typeof e.key !== 'string') continue;
    add(e.key);
    for (const v of listOf(e.values)) add(e.key, v);
  }
}

/** Per namespace, the labels the selectors that can apply to its pods name. */
export type MentionedIn = (namespace: string) => MentionedLabels;

/**
 * Every label key (and its named values) that a pod selector deciding which policies apply to a
 * pod of the namespace names: its NetworkPolicies' podSelectors and every ClusterNetworkPolicy
 * subject's. Computed once per namespace asked for.
 */
export function mentionedLabels(snapshot: Snapshot): MentionedIn {
  const cluster = new Map<string, Set<string>>();
  for (const c of snapshot.clusterPolicies) if ('pods' in c.subject) mention(cluster, c.subject.pods.podSelector);
  const memo = new Map<string, MentionedLabels>();
  return (namespace) => {
    let m = memo.get(namespace);
    if (m === undefined) {
      const out = new Map([...cluster].map(([k, v]) => [k, new Set(v)]));
      for (const np of snapshot.policiesByNamespace.get(namespace) ?? []) mention(out, np.view.spec.podSelector);
      memo.set(namespace, (m = out));
    }
    return m;
  };
}

type Value = string | null; // null: the label is absent

/**
 * The values of one controller-chosen label that selectors can tell apart: absent (if possible),
 * each candidate a selector names, and one candidate none names. A key no selector names keeps
 * only its first candidate: every value looks alike to every selector.
 */
function distinct(key: string, candidates: readonly Value[], mentioned: MentionedLabels): Value[] {
  const named = mentioned.get(key);
  if (named === undefined) return candidates.slice(0, 1);
  const out: Value[] = [];
  let fresh = false;
  for (const v of candidates) {
    if (v === null || named.has(v)) {
      if (!out.includes(v)) out.push(v);
    } else if (!fresh) {
      fresh = true;
      out.push(v);
    }
  }
  return out;
}

/** How a pod of the family came to be: claimed (cold or adopted warm), unclaimed in a warm pool, or a bare Sandbox's. */
type Mode = 'claimed' | 'unclaimed' | 'bare';

interface Shape {
  readonly mode: Mode;
  /** Fixed labels (pod-template labels without reserved keys, the ref hash, a claim's own labels). */
  readonly base: Readonly<Record<string, string>>;
  /** Candidate values per controller-chosen key, before {@link distinct}. */
  readonly dims: ReadonlyArray<readonly [string, readonly Value[]]>;
}

const short = (key: string) => key.replace(/^agents\.x-k8s\.io\//, '');
const normaliseCreatedBy = (v: string): string => (CREATED_BY_VALUES.includes(v) ? v : 'unknown');
/** Every value `created-by` can have on a pod, absent first (a function: nothing runs at import). */
const createdByAny = (): Value[] => [null, ...CREATED_BY_VALUES, 'unknown'];

function expand(shapes: readonly Shape[], mentioned: MentionedLabels): FamilyMember[] {
  const rows: Array<{ mode: Mode; labels: Record<string, string>; parts: Array<[string, Value]> }> = [];
  for (const shape of shapes) {
    let partial: Array<{ labels: Record<string, string>; parts: Array<[string, Value]> }> = [{ labels: { ...shape.base }, parts: [] }];
    for (const [key, candidates] of shape.dims) {
      const values = distinct(key, candidates, mentioned);
      const next: typeof partial = [];
      for (const p of partial) {
        for (const v of values) {
          const labels = { ...p.labels };
          if (v === null) delete labels[key];
          else labels[key] = v;
          next.push({ labels, parts: [...p.parts, [key, v]] });
        }
      }
      partial = next;
    }
    for (const p of partial) rows.push({ mode: shape.mode, ...p });
  }
  // A part is worth naming when members differ on it.
  const varies = (key: string) => new Set(rows.map((r) => r.parts.find(([k]) => k === key)?.[1] ?? null)).size > 1 || rows.some((r) => !r.parts.some(([k]) => k === key));
  const modes = new Set(rows.map((r) => r.mode)).size > 1;
  const seen = new Set<string>();
  const out: FamilyMember[] = [];
  for (const r of rows) {
    const sorted: Record<string, string> = {};
    for (const k of Object.keys(r.labels).sort(byteOrder)) setOwn(sorted, k, r.labels[k]!);
    const key = JSON.stringify(sorted);
    if (seen.has(key)) continue;
    seen.add(key);
    const words = [
      ...(modes ? [r.mode === 'unclaimed' ? 'unclaimed warm-pool pod' : r.mode === 'claimed' ? 'claimed' : 'bare'] : []),
      ...r.parts.filter(([k]) => rows.length > 1 && varies(k)).map(([k, v]) => (v === null ? `${short(k)} absent` : `${short(k)}=${v}`)),
    ];
    out.push(Object.freeze({ labels: Object.freeze(sorted), variant: rows.length > 1 ? words.join(', ') : '' }));
  }
  return out;
}

const withoutReserved = (labels: Readonly<Record<string, string>>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels)) if (!RESERVED_LABEL_PREFIXES.some((p) => k.startsWith(p))) setOwn(out, k, labels[k]!);
  return out;
};

const namedValues = (key: string, mentioned: MentionedLabels): string[] => [...(mentioned.get(key) ?? [])].sort(byteOrder);

/** The claimed shape: cold (the sandbox has the claim's name) or adopted from a warm pool (any name). */
function claimedShape(base: Record<string, string>, names: readonly Value[], createdBy: readonly Value[], mentioned: MentionedLabels): Shape {
  return {
    mode: 'claimed',
    base,
    dims: [
      [SANDBOX_NAME_HASH_LABEL, names],
      [CREATED_BY_LABEL, createdBy],
      [LAUNCH_TYPE_LABEL, [null, 'cold', 'warm']],
      [CLAIM_UID_LABEL, [null, ANY_CLAIM_UID, ...namedValues(CLAIM_UID_LABEL, mentioned)]],
      [WARM_POOL_LABEL, [null]],
    ],
  };
}

function unclaimedShape(base: Record<string, string>, names: readonly Value[], pools: readonly Value[]): Shape {
  return {
    mode: 'unclaimed',
    base,
    dims: [
      [SANDBOX_NAME_HASH_LABEL, names],
      [CREATED_BY_LABEL, ['controller']],
      [LAUNCH_TYPE_LABEL, [null, 'warm']],
      [CLAIM_UID_LABEL, [null]],
      [WARM_POOL_LABEL, pools],
    ],
  };
}

/**
 * The sandbox targets of a snapshot with their families, templates first, then bare Sandboxes,
 * SandboxClaims and SandboxWarmPools, each by namespace and name:
 *
 * - a **SandboxTemplate**'s family is every pod a sandbox of it can have: claimed ones (cold or
 *   adopted from a warm pool) with `created-by` absent or any of its normalised values,
 *   `launch-type` absent, `cold` or `warm`, `claim-uid` absent or any value, `warm-pool-sandbox`
 *   absent; and unclaimed warm-pool ones (`created-by: controller`, `launch-type` absent or
 *   `warm`, `warm-pool-sandbox` any value); every one with any `sandbox-name-hash`, the template's
 *   pod labels minus reserved keys and its ref hash. Labels a claim adds (`additionalPodMetadata`)
 *   are modelled only for the claims the snapshot holds (their own targets);
 * - a **SandboxClaim**'s family is the claimed members of its template with the claim's own
 *   `created-by` (normalised) and added labels, and `sandbox-name-hash` its own name's hash (cold)
 *   or any (adopted);
 * - a **SandboxWarmPool**'s family is the unclaimed members with its own `warm-pool-sandbox`;
 * - a bare **Sandbox** (no extension owner) is one pod: its pod-template labels minus reserved
 *   keys and its name hash, with `created-by` absent or any normalised value; no ref hash.
 *
 * "Any value" stands for each value a selector that can apply to the pods names (their
 * namespace's NetworkPolicies, every ClusterNetworkPolicy subject) plus one none names, so the family is
 * finite and over-approximates: it may hold label sets no real pod has, never miss one a
 * selector could tell apart. A claim or pool whose template the snapshot lacks keeps only the
 * labels it knows (the ref hash and its own), and says so in `unknown`.
 */
export function sandboxFamilies(snapshot: Snapshot, mentionedIn: MentionedIn): Family[] {
  const out: Family[] = [];
  let mentioned: MentionedLabels = new Map();
  let anyName: Value[] = [];
  let anyPool: Value[] = [];
  const enter = (namespace: string) => {
    mentioned = mentionedIn(namespace);
    anyName = [ANY_SANDBOX_NAME_HASH, ...namedValues(SANDBOX_NAME_HASH_LABEL, mentioned)];
    anyPool = [ANY_WARM_POOL, ...namedValues(WARM_POOL_LABEL, mentioned)];
  };
  const templateOf = (namespace: string, name: string) => snapshot.templates.find((t) => t.pod.namespace === namespace && t.template.metadata.name === name);
  const baseOf = (tpl: ReturnType<typeof templateOf>, name: string): Record<string, string> => {
    if (tpl === undefined) return { [TEMPLATE_REF_HASH_LABEL]: templateRefHash(name) };
    const labels = { ...tpl.pod.labels };
    delete labels[SANDBOX_NAME_HASH_LABEL];
    return labels;
  };
  const view = (kind: PodView['kind'], namespace: string, name: string, ports: readonly PodPort[], hostNetwork: boolean, members: FamilyMember[]): PodView =>
    Object.freeze({ kind, name, namespace, labels: members[0]!.labels, ports, ips: [], hostNetwork });

  for (const { template, pod } of [...snapshot.templates].sort((a, b) => byNamespaceAndName(a.pod, b.pod))) {
    enter(pod.namespace);
    const base = baseOf({ template, pod }, template.metadata.name);
    const members = expand([claimedShape(base, anyName, createdByAny(), mentioned), unclaimedShape(base, anyName, anyPool)], mentioned);
    out.push({ pod: view('SandboxTemplate', pod.namespace, pod.name, pod.ports, pod.hostNetwork, members), members, unknown: [] });
  }
  for (const s of [...snapshot.sandboxes].filter((x) => x.extensionOwner === null).sort(byNamespaceAndName)) {
    enter(s.namespace);
    const members = expand([{ mode: 'bare', base: { ...withoutReserved(s.podLabels), [SANDBOX_NAME_HASH_LABEL]: templateRefHash(s.name) }, dims: [[CREATED_BY_LABEL, createdByAny()]] }], mentioned);
    out.push({ pod: view('Sandbox', s.namespace, s.name, s.ports, s.hostNetwork, members), members, unknown: [] });
  }
  for (const c of [...snapshot.claims].sort(byNamespaceAndName)) {
    enter(c.namespace);
    const tpl = templateOf(c.namespace, c.template);
    const base = baseOf(tpl, c.template);
    for (const k of Object.keys(c.additionalLabels)) if (!Object.hasOwn(base, k)) setOwn(base, k, c.additionalLabels[k]!); // merged without overriding
    const createdBy: Value[] = [c.createdBy === null || c.createdBy === '' ? null : normaliseCreatedBy(c.createdBy)];
    const members = expand([claimedShape(base, [templateRefHash(c.name), ...anyName], createdBy, mentioned)], mentioned);
    const unknown = tpl === undefined ? [`SandboxTemplate ${c.namespace}/${c.template} is not in the snapshot: its pod labels, ports and hostNetwork are unknown`] : [];
    out.push({ pod: view('SandboxClaim', c.namespace, c.name, tpl?.pod.ports ?? [], tpl?.pod.hostNetwork ?? false, members), members, unknown });
  }
  for (const w of [...snapshot.warmPools].sort(byNamespaceAndName)) {
    enter(w.namespace);
    const tpl = templateOf(w.namespace, w.template);
    const members = expand([unclaimedShape(baseOf(tpl, w.template), anyName, [templateRefHash(w.name)])], mentioned);
    const unknown = tpl === undefined ? [`SandboxTemplate ${w.namespace}/${w.template} is not in the snapshot: its pod labels, ports and hostNetwork are unknown`] : [];
    out.push({ pod: view('SandboxWarmPool', w.namespace, w.name, tpl?.pod.ports ?? [], tpl?.pod.hostNetwork ?? false, members), members, unknown });
  }
  return out;
}

/** A one-pod family (a Pod, or a representative pod of a podSelector). */
export const singleFamily = (pod: PodView): Family => ({ pod, members: [Object.freeze({ labels: pod.labels, variant: '' })], unknown: [] });
