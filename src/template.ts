import { z } from 'zod';
import {
  DNS_POLICIES,
  MANAGEMENT_MODES,
  MAX_TEMPLATE_NAME_LENGTH,
  NETWORK_POLICY_NAME_SUFFIX,
  SANDBOX_TEMPLATE_API_VERSIONS,
} from './constants.js';
import { SandboxPolicyError, type PolicyIssue } from './errors.js';
import { dns1123LabelErrors, dns1123SubdomainErrors } from './validation/names.js';
import { readValidationOptions, validateRules, type ValidationOptions } from './validation/network-policy.js';
import { fieldError, type ValidationIssue } from './validation/field.js';
import { unknownFieldIssues } from './validation/strict-fields.js';
import { SANDBOX_TEMPLATE_FIELDS } from './validation/template-fields.generated.js';
import type { SandboxTemplate } from './template-types.js';
import { isObject } from './json.js';
import { describeValue, freezeSnapshot, snapshot } from './snapshot.js';

/** An own property's value (never an inherited one, so `__proto__` reads the own key). */
const ownValue = (value: object, key: PropertyKey): unknown =>
  Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<PropertyKey, unknown>)[key] : undefined;

export type { SandboxTemplate } from './template-types.js';

// Zod checks the envelope only. The rules under `spec.networkPolicy` are checked by the
// Kubernetes rule validators (src/validation/), in the API server's words, and their unknown
// fields are errors: an unknown key is far more likely a typo (`ipblock`, `egres`) than a field,
// and a typo must not silently change a security policy.

const LabelMap = /* @__PURE__ */ (() => z.record(z.string(), z.string()))();

const DnsConfigSchema = /* @__PURE__ */ (() =>
  z.looseObject({
    nameservers: z.array(z.string()).nullish(),
    searches: z.array(z.string()).nullish(),
    options: z.array(z.looseObject({ name: z.string().optional(), value: z.string().nullish() })).nullish(),
  }))();

/** The pod spec fields this library reads; every other field passes through untouched. Internal. */
export const PodSpecSchema = /* @__PURE__ */ (() =>
  z.looseObject({
    dnsPolicy: z.enum([...DNS_POLICIES, '']).nullish(),
    dnsConfig: DnsConfigSchema.nullish(),
    automountServiceAccountToken: z.boolean().nullish(),
  }))();

const ObjectMetaSchema = /* @__PURE__ */ (() =>
  z.looseObject({
    name: z.string(),
    namespace: z.string().nullish(),
    uid: z.string().nullish(),
    labels: LabelMap.nullish(),
    annotations: LabelMap.nullish(),
  }))();

/**
 * Zod schema of an `extensions.agents.x-k8s.io` `SandboxTemplate` (v1beta1 or v1alpha1), as parsed
 * JSON or YAML. It checks the envelope only (apiVersion, kind, metadata, the pod template fields
 * this library reads, `spec.networkPolicy` being an object); {@link parseSandboxTemplate} adds
 * the name rules and the Kubernetes validation of the rules in `spec.networkPolicy`, so prefer it.
 *
 * @example
 * ```ts
 * SandboxTemplateSchema.safeParse(doc).success; // shape check only
 * ```
 */
export const SandboxTemplateSchema: z.ZodType<SandboxTemplate> = /* @__PURE__ */ (() =>
  z.looseObject({
    apiVersion: z.enum(SANDBOX_TEMPLATE_API_VERSIONS),
    kind: z.literal('SandboxTemplate'),
    metadata: ObjectMetaSchema,
    spec: z.looseObject({
      podTemplate: z
        .looseObject({
          metadata: z.looseObject({ labels: LabelMap.nullish(), annotations: LabelMap.nullish() }).nullish(),
          spec: PodSpecSchema.nullish(),
        })
        .nullish(),
      // An object; its rules are the rule validators' (parseSandboxTemplate).
      networkPolicy: z.looseObject({}).nullish(),
      networkPolicyManagement: z.enum([...MANAGEMENT_MODES, '']).nullish(),
    }),
  }) as unknown as z.ZodType<SandboxTemplate>)();


/** Options of {@link parseSandboxTemplate}. */
export interface ParseOptions extends ValidationOptions {}

/** Converts a zod path to the Kubernetes field-path format: `spec.egress[0].to[1]`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}


/** Readable messages for zod issues, keyed by the Kubernetes path. */
export function zodIssues(error: z.ZodError, input: unknown, prefix = ''): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  for (const issue of error.issues) {
    const base = formatPath(issue.path);
    const path = prefix && base ? `${prefix}.${base}` : prefix || base;
    let value: unknown = input;
    for (const part of issue.path) value = isObject(value) || Array.isArray(value) ? ownValue(value, part) : undefined;
    if (issue.code === 'invalid_type') {
      out.push({ path, message: value === undefined ? `is required (${issue.expected})` : `must be ${issue.expected}, got ${describeValue(value)}` });
    } else if (issue.code === 'invalid_value') {
      // The API server's enum wording; '' (read as the default) is accepted but not advertised.
      const allowed = issue.values.filter((v) => v !== '').map((v) => String(v));
      if (allowed.length === 1) out.push({ path, message: `must be ${JSON.stringify(allowed[0])}, got ${describeValue(value)}` });
      else out.push(...fromValidation([fieldError.notSupported(path, value, allowed)]));
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}

function fromValidation(issues: readonly ValidationIssue[]): PolicyIssue[] {
  return issues.filter((i) => i.severity === 'error').map(({ path, message, type, reason }) => ({ path, message, type, reason }));
}

function nameIssues(name: string): PolicyIssue[] {
  if (name === '') return [{ path: 'metadata.name', message: 'is required' }];
  const issues = dns1123SubdomainErrors(name).map((message) => ({ path: 'metadata.name', message }));
  if (name.length > MAX_TEMPLATE_NAME_LENGTH) {
    issues.push({
      path: 'metadata.name',
      message: `must be at most ${MAX_TEMPLATE_NAME_LENGTH} characters (got ${name.length}): the policy name "<name>${NETWORK_POLICY_NAME_SUFFIX}" may not exceed 253`,
    });
  }
  return issues;
}

/**
 * Parses and checks a SandboxTemplate (v1beta1 or v1alpha1) from parsed JSON or YAML. Fails
 * closed wherever the Go controller would silently create no policy or a weaker one:
 *
 * - not a SandboxTemplate (not an object, wrong `apiVersion` or `kind`);
 * - `metadata.name` missing, not a DNS-1123 subdomain, or so long that `<name>-network-policy`
 *   exceeds 253 characters (upstream then creates no policy while pods run);
 * - `metadata.namespace` not a DNS-1123 label;
 * - `spec.networkPolicyManagement` other than `Managed` or `Unmanaged`;
 * - an unknown field in the template's own fields (top level, `spec`, `spec.podTemplate` and its
 *   `metadata`, the rules in `spec.networkPolicy`), as the API server's strict field validation
 *   (kubectl's default) refuses it: `unknown field "spec.networkpolicy"; did you mean
 *   "spec.networkPolicy"?` (here the suggestion is the field equal ignoring case). Its
 *   `metadata`, pod spec (`spec.podTemplate.spec`) and volume claim templates are not checked
 *   here, to keep the Pod schema out of a controller's bundle: {@link templateUnknownFields}
 *   checks the whole template (with edit-distance suggestions), and the CLI's `validate`, `audit`
 *   and `render` and `auditCluster` apply it;
 * - `podSelector` or `policyTypes` inside `spec.networkPolicy` (they belong to the controller);
 * - rules the API server would reject (wrong types, unknown protocol, port outside 1-65535,
 *   `endPort` without a numeric `port` or below it, invalid label selectors, an invalid CIDR, an
 *   `except` that is not a strict subset of its `cidr`), with the API server's field paths under
 *   `spec.networkPolicy`. CIDRs are checked strictly, as Kubernetes >= 1.36 does, unless
 *   `options.strictCidr` is `false`.
 *
 * @param input - a parsed object (e.g. from `JSON.parse` or `yaml.parse`). It is never modified.
 * @returns a fresh, deep-frozen SandboxTemplate (copy it to change it).
 * @throws {@link SandboxPolicyError} listing every problem with its field path; also when `input`
 *   is not plain data (getters or proxy traps that throw, cycles, BigInt, symbol values, sparse
 *   lists, nesting deeper than {@link MAX_NESTING_DEPTH}) or `options` is invalid. The input is
 *   read once into a private copy, so nothing can change between the check and the result.
 * @example
 * ```ts
 * const template = parseSandboxTemplate(yaml.parse(fs.readFileSync('template.yaml', 'utf8')));
 * ```
 */
export function parseSandboxTemplate(input: unknown, options?: ParseOptions): SandboxTemplate {
  const validation = readValidationOptions(options);
  // One read of the input; everything below sees only this plain-data copy.
  const raw = snapshot(input, '');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SandboxPolicyError([{ path: '', message: `a SandboxTemplate must be an object, got ${describeValue(raw)}` }]);
  }
  const data = raw as Record<string, unknown>;
  const issues: PolicyIssue[] = [];
  if (data.kind !== 'SandboxTemplate' || !(SANDBOX_TEMPLATE_API_VERSIONS as readonly unknown[]).includes(data.apiVersion)) {
    // Not a SandboxTemplate at all: say that, not what its spec lacks.
    if (data.kind !== 'SandboxTemplate') issues.push({ path: 'kind', message: `must be "SandboxTemplate", got ${describeValue(data.kind)}` });
    if (!(SANDBOX_TEMPLATE_API_VERSIONS as readonly unknown[]).includes(data.apiVersion)) {
      issues.push({ path: 'apiVersion', message: `must be one of ${SANDBOX_TEMPLATE_API_VERSIONS.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(data.apiVersion)}` });
    }
    throw new SandboxPolicyError(issues);
  }
  const rawSpec = isObject(data.spec) ? data.spec : undefined;
  const rawNp = rawSpec && isObject(rawSpec.networkPolicy) ? rawSpec.networkPolicy : undefined;
  // Strict field validation (kubectl's default) of the template's own fields, its rules included:
  // a typo such as `spec.networkpolicy` is refused, never dropped in favour of the open default.
  // `podSelector` and `policyTypes` are not fields of the rules: the controller sets them (the
  // template's pods, both directions isolated).
  for (const issue of fromValidation(unknownFieldIssues(data, SANDBOX_TEMPLATE_FIELDS, ''))) {
    issues.push(/^spec\.networkPolicy\.(podSelector|policyTypes)$/.test(issue.path) ? { path: issue.path, message: 'is set by the controller and may not be given in a template' } : issue);
  }
  const result = SandboxTemplateSchema.safeParse(data);
  if (!result.success) {
    const seen = new Set(issues.map((i) => i.path));
    for (const issue of zodIssues(result.error, data)) if (!seen.has(issue.path)) issues.push(issue);
  }
  const meta = isObject(data.metadata) ? data.metadata : {};
  if (typeof meta.name === 'string') issues.push(...nameIssues(meta.name));
  if (typeof meta.namespace === 'string' && meta.namespace !== '') {
    for (const msg of dns1123LabelErrors(meta.namespace)) issues.push({ path: 'metadata.namespace', message: msg });
  }
  if (rawNp) {
    const found: ValidationIssue[] = [];
    validateRules(rawNp, 'spec.networkPolicy', validation, found);
    const seen = new Set(issues.map((i) => i.path));
    for (const issue of fromValidation(found)) if (!seen.has(issue.path)) issues.push(issue);
  }
  if (issues.length > 0 || !result.success) throw new SandboxPolicyError(issues);
  // The snapshot is ours alone: freeze it and remember that we checked it.
  const template = freezeSnapshot(data) as unknown as SandboxTemplate;
  PARSED.add(template);
  return template;
}

/**
 * The templates parseSandboxTemplate returned. Only this module can add to it, and only deep-frozen
 * objects it built itself: no copy, prototype child, proxy or JSON round trip of a template is in
 * it, so the mark cannot be forged or inherited, and a marked template cannot change after it was
 * checked.
 */
const PARSED = new WeakSet<object>();

/** True when `value` is a template returned by parseSandboxTemplate (internal). */
export function isParsedTemplate(value: unknown): value is SandboxTemplate {
  return typeof value === 'object' && value !== null && PARSED.has(value);
}

/**
 * What the policy functions accept: a template from {@link parseSandboxTemplate} (used as is), or
 * raw parsed JSON/YAML (parsed and checked first, so nothing unchecked reaches the output).
 */
export type TemplateInput = SandboxTemplate | Readonly<Record<string, unknown>>;

/** Returns the template when it came from parseSandboxTemplate, else parses it. Internal. */
export function ensureParsed(template: TemplateInput): SandboxTemplate {
  return isParsedTemplate(template) ? template : parseSandboxTemplate(template);
}

/** `networkPolicyManagement` is Managed, or empty (which the controller reads as Managed). Internal. */
export function isManaged(template: SandboxTemplate): boolean {
  const m = template.spec.networkPolicyManagement;
  return m === undefined || m === null || m === '' || m === 'Managed';
}
