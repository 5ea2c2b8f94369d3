/** The controller's secure pod defaults as a JSON Patch (RFC 6902), for mutating admission webhooks. */
import type { PodSpecInput } from './wire-types.js';
import { dnsOverride } from './dns.js';
import { SandboxPolicyError } from './errors.js';
import { isObject } from './json.js';
import { resolveOptions, type PolicyOptions } from './options.js';
import { podSpecFor } from './pod-spec.js';
import { ensureParsed, type TemplateInput } from './template.js';

/** One RFC 6902 operation; {@link secureDefaultsPatch} only ever adds or replaces a field. */
export interface JsonPatchOperation {
  /** `add` when the field is absent, `replace` when it is present (as `null` or `""`). */
  readonly op: 'add' | 'replace';
  /** A JSON Pointer (RFC 6901) to the field, e.g. `/spec/dnsPolicy`. */
  readonly path: string;
  /** The field's new value. */
  readonly value: unknown;
}

/** Options of {@link secureDefaultsPatch}: the policy options, plus where the pod spec sits. */
export interface PatchOptions extends PolicyOptions {
  /**
   * The keys leading from the patched document's root to the pod spec, unescaped: `[]` (the
   * default) when the document is the pod spec itself, `['spec']` for a Pod,
   * `['spec', 'podTemplate', 'spec']` for a Sandbox. Each key is escaped as RFC 6901 says
   * (`~` as `~0`, `/` as `~1`).
   */
  readonly at?: readonly string[];
}

/** One reference token of a JSON Pointer: `~` becomes `~0`, then `/` becomes `~1` (RFC 6901 §3). */
function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function prefixOf(at: unknown): string {
  if (at === undefined) return '';
  if (!Array.isArray(at) || !at.every((k): k is string => typeof k === 'string')) {
    throw new SandboxPolicyError([{ path: 'options.at', message: "must be a list of keys, e.g. ['spec'] for a Pod" }]);
  }
  return at.map((k) => `/${pointerToken(k)}`).join('');
}

const ownValue = (obj: Readonly<Record<string, unknown>>, key: string): unknown =>
  Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;

/**
 * The controller's secure defaults as RFC 6902 operations: applied to `podSpec` they give exactly
 * what {@link applySandboxSecureDefaults} returns (up to key order). At most three operations, in
 * this order:
 *
 * 1. `automountServiceAccountToken: false` when the pod spec leaves it unset (an explicit `true`
 *    or `false` is kept);
 * 2. `dnsPolicy: None` and 3. `dnsConfig: { nameservers }` when the controller overrides DNS
 *    ({@link sandboxDnsConfig}); the new `dnsConfig` replaces the pod's whole one.
 *
 * A field that is absent gets `add`, one that is present (`null`, `""`, an old `dnsConfig`) gets
 * `replace`, so the patch applies with any RFC 6902 implementation. When nothing changes the
 * result is an empty list (a webhook then sends no patch).
 *
 * @param template - the SandboxTemplate (parsed, or raw JSON/YAML which is parsed first).
 * @param podSpec - the pod spec the patch is for (`null` or `undefined`: the template's own).
 * @param options - `nameservers` (1 to 3 resolver IPs), `at` (where the pod spec sits in the
 *   patched document); other policy options are accepted and ignored.
 * @returns a fresh list of operations; the arguments are never modified.
 * @throws {@link SandboxPolicyError} for an invalid template or options, or a pod spec whose
 *   `dnsPolicy`, `dnsConfig` or `automountServiceAccountToken` has the wrong type or value.
 * @example
 * ```ts
 * const template = parseSandboxTemplate({
 *   apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate', metadata: { name: 'sandbox' }, spec: {},
 * });
 * // In a mutating webhook for Pods: the patch for the incoming pod's spec.
 * secureDefaultsPatch(template, { containers: [{ name: 'agent', image: 'python:3.12' }] }, { at: ['spec'] });
 * // [ { op: 'add', path: '/spec/automountServiceAccountToken', value: false },
 * //   { op: 'add', path: '/spec/dnsPolicy', value: 'None' },
 * //   { op: 'add', path: '/spec/dnsConfig', value: { nameservers: ['8.8.8.8', '1.1.1.1'] } } ]
 * ```
 */
export function secureDefaultsPatch(template: TemplateInput, podSpec: PodSpecInput | null | undefined, options?: PatchOptions): JsonPatchOperation[] {
  let prefix = '';
  let policyOptions: PolicyOptions | undefined = options;
  if (isObject(options) && Object.prototype.hasOwnProperty.call(options, 'at')) {
    const { at, ...rest } = options as PatchOptions;
    prefix = prefixOf(at);
    policyOptions = rest;
  }
  const resolved = resolveOptions(policyOptions);
  const t = ensureParsed(template);
  const spec = podSpecFor(t, podSpec);
  const ops: JsonPatchOperation[] = [];
  const set = (field: string, value: unknown): void => {
    ops.push({ op: ownValue(spec, field) === undefined ? 'add' : 'replace', path: `${prefix}/${field}`, value });
  };
  const automount = ownValue(spec, 'automountServiceAccountToken');
  if (automount === undefined || automount === null) set('automountServiceAccountToken', false);
  const dns = dnsOverride(t, spec, resolved);
  if (dns !== null) {
    set('dnsPolicy', dns.dnsPolicy);
    set('dnsConfig', dns.dnsConfig);
  }
  return ops;
}
