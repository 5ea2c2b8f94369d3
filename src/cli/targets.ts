/** The objects of the input, sorted into what each command works on. */
import {
  CLUSTER_FINDING_CODES,
  isSandboxPolicyError,
  networkPolicyFor,
  TEMPLATE_FINDINGS,
  parseSandboxTemplate,
  templateUnknownFields,
  type PolicyIssue,
  type PolicyOptions,
  type SandboxTemplate,
  type ValidationIssue,
} from '../index.js';
import { editDistance } from './args.js';
import { isObject } from '../json.js';
import { CLI_CODES } from './codes.js';
import type { InputDocument } from './input/documents.js';
import type { LocatedFinding } from './report.js';

/** A document and what it is. */
export type Classified =
  | { readonly type: 'template'; readonly doc: InputDocument }
  | { readonly type: 'policy'; readonly doc: InputDocument }
  | { readonly type: 'namespace'; readonly doc: InputDocument }
  | { readonly type: 'other'; readonly doc: InputDocument; readonly kind: unknown };

/** Sorts a document by its kind. */
export function classify(doc: InputDocument): Classified {
  const kind = isObject(doc.value) ? doc.value.kind : undefined;
  if (kind === 'SandboxTemplate') return { type: 'template', doc };
  if (kind === 'NetworkPolicy') return { type: 'policy', doc };
  if (kind === 'Namespace') return { type: 'namespace', doc };
  return { type: 'other', doc, kind };
}

const severityOf = (code: string) => [...CLI_CODES, ...CLUSTER_FINDING_CODES, ...TEMPLATE_FINDINGS].find((c) => c.code === code)!.severity;

/** An `error` finding of the CLI's own, located at `path` of the document. */
export function errorFinding(doc: InputDocument, code: string, path: string, message: string): LocatedFinding {
  return { severity: severityOf(code), code, message, path, ranges: [], location: doc.position(path) };
}

/** Kinds some command models: a skipped kind that is one of these but for case or a typo is a mistake, not another kind. */
const MODELLED_KINDS: readonly string[] = Object.freeze([
  'SandboxTemplate', 'Sandbox', 'SandboxClaim', 'SandboxWarmPool', 'NetworkPolicy', 'ClusterNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'Pod', 'Namespace', 'Node', 'List',
]);


/**
 * True for a document kind audit skips (Service, ConfigMap, Deployment...): a string that is not
 * a modelled kind nor within a typo of one. A missing kind, or `NetworkPolicyy` and `pod`, are
 * not skipped: dropping them could drop the object the gate is about.
 */
export function kindIsSkipped(kind: unknown): boolean {
  if (typeof kind !== 'string' || kind === '') return false;
  const lower = kind.toLowerCase();
  return !MODELLED_KINDS.some((k) => {
    const d = editDistance(lower, k.toLowerCase());
    return d === 0 || d <= (k.length >= 8 ? 2 : 1);
  });
}

/** The finding for a document of a kind no command handles. */
export function unsupportedKind(doc: InputDocument, kind: unknown, accepted: string): LocatedFinding {
  return errorFinding(doc, 'unsupported-kind', 'kind', `expected ${accepted}, got kind ${JSON.stringify(kind ?? null)}`);
}

/** A template parsed, or the error findings that stop it (one per problem, each at its field). */
export function parseTemplate(doc: InputDocument, strictCidr = true): { template: SandboxTemplate } | { errors: LocatedFinding[] } {
  // Strict field validation of the whole template, the pod spec included (parseSandboxTemplate
  // checks the template's own fields only); its did-you-mean also uses edit distance, so its
  // message is kept where both report the same path. Data it cannot read is parseSandboxTemplate's to report.
  let strict: ValidationIssue[] = [];
  try {
    strict = templateUnknownFields(doc.value);
  } catch (err) {
    if (!isSandboxPolicyError(err)) throw err;
  }
  const strictPaths = new Set(strict.map((i) => i.path));
  const unknown: PolicyIssue[] = strict.map(({ path, message, type, reason }) => ({ path, message, type, reason }));
  try {
    const template = parseSandboxTemplate(doc.value, { strictCidr });
    return unknown.length > 0 ? { errors: issuesToFindings(doc, unknown) } : { template };
  } catch (err) {
    if (!isSandboxPolicyError(err)) throw err;
    return { errors: issuesToFindings(doc, [...unknown, ...err.issues.filter((i) => !strictPaths.has(i.path))]) };
  }
}

/** SandboxPolicyError issues as `invalid-template` findings. */
export function issuesToFindings(doc: InputDocument, issues: readonly PolicyIssue[]): LocatedFinding[] {
  return issues.map((i) => errorFinding(doc, 'invalid-template', i.path, i.message));
}

/** The policy a template produces with the options (null when Unmanaged), or the findings that stop it. */
export function templatePolicy(doc: InputDocument, template: SandboxTemplate, options: PolicyOptions): { policy: unknown } | { errors: LocatedFinding[] } {
  try {
    return { policy: networkPolicyFor(template, options) };
  } catch (err) {
    if (!isSandboxPolicyError(err)) throw err;
    return { errors: issuesToFindings(doc, err.issues) };
  }
}

/**
 * The template field an audit path of its rendered policy comes from: `spec.egress[0]...` is
 * `spec.networkPolicy.egress[0]...` when the template writes its own rules; the default policy's
 * findings point at `spec.networkPolicy` (absent: `spec`).
 */
export function templatePath(template: SandboxTemplate, policyPath: string): string {
  const own = template.spec.networkPolicy !== undefined && template.spec.networkPolicy !== null;
  if (own && /^spec\.(egress|ingress)\b/.test(policyPath)) return policyPath.replace(/^spec\./, 'spec.networkPolicy.');
  return own ? 'spec.networkPolicy' : 'spec';
}
