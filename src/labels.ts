import { byteOrder } from './canonical.js';
import {
  CREATED_BY_LABEL,
  CREATED_BY_VALUES,
  RESERVED_LABEL_PREFIXES,
  SANDBOX_NAME_HASH_LABEL,
  TEMPLATE_REF_HASH_LABEL,
  WARM_POOL_LABEL,
} from './constants.js';
import { SandboxPolicyError, type PolicyIssue } from './errors.js';
import { isObject } from './json.js';
import { describeValue, setOwn, snapshot } from './snapshot.js';
import { ensureParsed, isParsedTemplate, type TemplateInput } from './template.js';
import { dns1123SubdomainErrors, labelValueErrors } from './validation/names.js';
import { validateLabels } from './validation/network-policy.js';
import type { ValidationIssue } from './validation/field.js';

const FNV32_OFFSET_BASIS = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;
const HEX = '0123456789abcdef';

/**
 * FNV-1a 32-bit hash of `name`'s UTF-8 bytes as exactly 8 lowercase hex digits: the value of the
 * `agents.x-k8s.io/sandbox-template-ref-hash` label (Go `NameHash` / `SandboxTemplateRefHash`).
 *
 * It is not collision resistant: `costarring` and `liquid` both hash to `5e4daa9d`, so two such
 * templates in one namespace select each other's pods (the CLI's `audit` reports such pairs).
 *
 * @param name - the SandboxTemplate's `metadata.name` (any string; hashed as UTF-8).
 * @returns 8 lowercase hex digits.
 * @throws {@link SandboxPolicyError} when `name` is not a string.
 * @example
 * ```ts
 * templateRefHash('sandbox'); // 'da1fd924'
 * ```
 */
export function templateRefHash(name: string): string {
  if (typeof name !== 'string') throw new SandboxPolicyError([{ path: 'name', message: `must be a string, got ${describeValue(name)}` }]);
  let hash = FNV32_OFFSET_BASIS;
  for (let i = 0; i < name.length; i++) {
    let code = name.codePointAt(i)!;
    if (code < 0x80) {
      hash = Math.imul(hash ^ code, FNV32_PRIME);
      continue;
    }
    if (code > 0xffff) i++; // a surrogate pair is one code point
    else if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // lone surrogate: Go writes U+FFFD
    // Its UTF-8 bytes, encoded by hand (no TextEncoder allocation on the hot path): a lead byte,
    // then `extra` continuation bytes of 6 bits each.
    const extra = code < 0x800 ? 1 : code < 0x10000 ? 2 : 3;
    hash = Math.imul(hash ^ ((0xff ^ (0xff >> (extra + 1))) | (code >> (6 * extra))), FNV32_PRIME);
    for (let k = extra - 1; k >= 0; k--) hash = Math.imul(hash ^ (0x80 | ((code >> (6 * k)) & 0x3f)), FNV32_PRIME);
  }
  hash >>>= 0;
  let out = '';
  for (let shift = 28; shift >= 0; shift -= 4) out += HEX[(hash >>> shift) & 0xf];
  return out;
}

/**
 * The labels a sandbox pod must carry for the template's shared NetworkPolicy to select it:
 * exactly `{ 'agents.x-k8s.io/sandbox-template-ref-hash': templateRefHash(name) }`.
 *
 * The controller stamps this label on every sandbox pod of the template, whatever its
 * `networkPolicyManagement` (admins of Unmanaged templates are told to target it). For every
 * label the pod carries, see {@link sandboxPodLabelSet}.
 *
 * @param template - a parsed SandboxTemplate (or any plain object with a string `metadata.name`;
 *   the name is not validated here — {@link parseSandboxTemplate} does that).
 * @returns a fresh object on every call.
 * @throws {@link SandboxPolicyError} when `template` is not plain data or has no string
 *   `metadata.name`.
 * @example
 * ```ts
 * sandboxPodLabels(parseSandboxTemplate(doc)); // { 'agents.x-k8s.io/sandbox-template-ref-hash': 'da1fd924' }
 * ```
 */
export function sandboxPodLabels(template: { readonly metadata: { readonly name: string } }): Record<string, string> {
  const data = isParsedTemplate(template) ? template : snapshot(template, '');
  const meta = isObject(data) ? data.metadata : undefined;
  const name = isObject(meta) ? meta.name : undefined;
  if (typeof name !== 'string') {
    throw new SandboxPolicyError([{ path: 'metadata.name', message: `must be a string, got ${describeValue(name)}` }]);
  }
  return { [TEMPLATE_REF_HASH_LABEL]: templateRefHash(name) };
}

/**
 * The `agents.x-k8s.io/sandbox-name-hash` value {@link sandboxPodLabelSet} uses when no sandbox
 * name is given: it stands for "some sandbox of this template". It is deliberately not a valid
 * label value, so no valid label selector can name it: against it `Exists` and `NotIn` match,
 * `In` and `matchLabels` equality never do, and `DoesNotExist` does not match either (the label is
 * always there). Never write it to a pod; pass `sandboxName` to get the real label.
 */
export const ANY_SANDBOX_NAME_HASH = '<any sandbox>';

/** Options of {@link sandboxPodLabelSet}. */
export interface PodLabelSetOptions {
  /**
   * The Sandbox's `metadata.name` (a claim's cold-start Sandbox has the claim's name; a warm-pool
   * Sandbox is `<pool>-` plus a random suffix). Without it `sandbox-name-hash` is
   * {@link ANY_SANDBOX_NAME_HASH}.
   */
  readonly sandboxName?: string;
  /** The SandboxWarmPool's name, for a warm-pool pod that no claim has adopted yet. */
  readonly warmPool?: string;
  /**
   * The claiming SandboxClaim's `agents.x-k8s.io/created-by` label, if it has one. The pod gets it
   * normalised (`go-client`, `python-client`, `controller`, anything else `unknown`). Not with
   * `warmPool`: an unclaimed warm-pool pod is always `created-by: controller`.
   */
  readonly createdBy?: string;
}

const LABEL_SET_OPTION_KEYS: ReadonlySet<string> = new Set(['sandboxName', 'warmPool', 'createdBy']);
const POD_LABELS_PATH = 'spec.podTemplate.metadata.labels';

/** True for the keys the core controller never copies from a pod template to a pod. */
const isReservedLabel = (key: string): boolean => RESERVED_LABEL_PREFIXES.some((prefix) => key.startsWith(prefix));

/** Reads and checks the options; throws every problem at once. */
function labelSetOptions(input: unknown): { sandboxName?: string; warmPool?: string; createdBy?: string } {
  if (input === undefined || input === null) return {};
  const options = snapshot(input, 'options');
  if (!isObject(options)) throw new SandboxPolicyError([{ path: 'options', message: 'must be an object' }]);
  const issues: PolicyIssue[] = [];
  const out: { sandboxName?: string; warmPool?: string; createdBy?: string } = {};
  for (const k of Object.keys(options)) {
    if (!LABEL_SET_OPTION_KEYS.has(k)) issues.push({ path: `options.${k}`, message: 'is not a known option (typo?)' });
  }
  for (const name of ['sandboxName', 'warmPool'] as const) {
    const v = options[name];
    if (v === undefined) continue;
    if (typeof v !== 'string') issues.push({ path: `options.${name}`, message: 'must be a string (an object name)' });
    else if (v === '') issues.push({ path: `options.${name}`, message: 'Required value: a Kubernetes object has a name' });
    else {
      for (const msg of dns1123SubdomainErrors(v)) issues.push({ path: `options.${name}`, message: `Invalid value: ${JSON.stringify(v)}: ${msg}` });
      out[name] = v;
    }
  }
  const createdBy = options.createdBy;
  if (createdBy !== undefined) {
    if (typeof createdBy !== 'string') issues.push({ path: 'options.createdBy', message: 'must be a string (a label value)' });
    else {
      for (const msg of labelValueErrors(createdBy)) issues.push({ path: 'options.createdBy', message: `Invalid value: ${JSON.stringify(createdBy)}: ${msg}` });
      if (options.warmPool !== undefined) {
        issues.push({ path: 'options.createdBy', message: 'must not be given with warmPool: an unclaimed warm-pool pod is always created-by "controller"' });
      }
      out.createdBy = createdBy;
    }
  }
  if (issues.length > 0) throw new SandboxPolicyError(issues);
  return out;
}

/**
 * The whole label set of a sandbox pod made from `template`, as the agent-sandbox controllers
 * write it (the selector label of {@link sandboxPodLabels} is one of them):
 *
 * - the template's `spec.podTemplate.metadata.labels`, minus every key under `agents.x-k8s.io/`
 *   or `extensions.agents.x-k8s.io/` (the core controller drops them, so a template cannot forge
 *   the labels that policies and the router select on);
 * - `agents.x-k8s.io/sandbox-template-ref-hash`: {@link templateRefHash} of the template's name;
 * - `agents.x-k8s.io/sandbox-name-hash`: the same hash of `options.sandboxName`, or, without a
 *   name, {@link ANY_SANDBOX_NAME_HASH}: a value no label selector can name, so the set answers
 *   "does this selector pick the template's pods, whichever sandbox they belong to": `Exists` and
 *   `NotIn` on that key match, `In` and equality never do. That value is not a valid label value:
 *   such a set is a model for selector matching, not labels to write to a pod;
 * - with `options.warmPool` (a pod of that SandboxWarmPool no claim has adopted yet):
 *   `agents.x-k8s.io/warm-pool-sandbox` (the hash of the pool's name) and
 *   `agents.x-k8s.io/created-by: controller`. Adoption by a claim removes `warm-pool-sandbox`;
 * - with `options.createdBy` (the claim's `created-by` label): `agents.x-k8s.io/created-by`,
 *   normalised to `go-client`, `python-client`, `controller` or `unknown`.
 *
 * Labels a SandboxClaim adds of its own (`additionalPodMetadata`) are not included. Keys come in
 * byte order, as Go writes a map.
 *
 * @param template - the SandboxTemplate (parsed, or raw JSON/YAML which is parsed first).
 * @param options - the sandbox's name, its warm pool, its claim's `created-by`; all optional.
 * @returns a fresh object on every call.
 * @throws {@link SandboxPolicyError} for an invalid template or options, or a pod-template label
 *   the API server would reject on the pod (path `spec.podTemplate.metadata.labels`).
 * @example
 * ```ts
 * const template = parseSandboxTemplate({
 *   apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate',
 *   metadata: { name: 'sandbox' },
 *   spec: { podTemplate: { metadata: { labels: { app: 'agent', 'agents.x-k8s.io/sandbox-name-hash': 'forged' } } } },
 * });
 * sandboxPodLabelSet(template, { sandboxName: 'sandbox-name' });
 * // { 'agents.x-k8s.io/sandbox-name-hash': 'ab179450',
 * //   'agents.x-k8s.io/sandbox-template-ref-hash': 'da1fd924', app: 'agent' }
 * ```
 */
export function sandboxPodLabelSet(template: TemplateInput, options?: PodLabelSetOptions): Record<string, string> {
  const opts = labelSetOptions(options);
  const t = ensureParsed(template);
  const own = t.spec.podTemplate?.metadata?.labels ?? {};
  const kept: Record<string, string> = {};
  for (const k of Object.keys(own)) if (!isReservedLabel(k)) setOwn(kept, k, own[k]!);
  const problems: ValidationIssue[] = [];
  validateLabels(kept, POD_LABELS_PATH, problems);
  if (problems.length > 0) throw new SandboxPolicyError(problems.map(({ path, message, type }) => ({ path, message, type })));

  const labels: Record<string, string> = { ...kept };
  labels[SANDBOX_NAME_HASH_LABEL] = opts.sandboxName === undefined ? ANY_SANDBOX_NAME_HASH : templateRefHash(opts.sandboxName);
  labels[TEMPLATE_REF_HASH_LABEL] = templateRefHash(t.metadata.name);
  if (opts.warmPool !== undefined) {
    labels[WARM_POOL_LABEL] = templateRefHash(opts.warmPool);
    labels[CREATED_BY_LABEL] = 'controller';
  } else if (opts.createdBy !== undefined && opts.createdBy !== '') {
    labels[CREATED_BY_LABEL] = CREATED_BY_VALUES.includes(opts.createdBy) ? opts.createdBy : 'unknown';
  }
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(labels).sort(byteOrder)) setOwn(sorted, k, labels[k]!);
  return sorted;
}
