/** `audit --per-document`: each NetworkPolicy and each template's policy judged alone, as if nothing else selected its pods. */
import { auditNetworkPolicy, isSandboxPolicyError, sandboxTemplateFindings, templateRefHash, type Finding, type PolicyOptions } from '../index.js';
import type { InputDocument, InputSet } from './input/documents.js';
import { identify, locatedFinding, type LocatedFinding, type TargetReport } from './report.js';
import { isNamespaceName, merged, suppressionsOf, UNSUPPRESSIBLE, unknownSuppressionMessage, type Suppressions } from './suppressions.js';
import { classify, errorFinding, issuesToFindings, kindIsSkipped, parseTemplate, templatePath, templatePolicy, unsupportedKind } from './targets.js';
import { settle } from './audit-output.js';

const ACCEPTED = 'a NetworkPolicy, a SandboxTemplate or a Namespace';

interface Work {
  readonly doc: InputDocument;
  readonly findings: LocatedFinding[];
  /** Set for a template that parsed: its name and namespace for the hash-collision check. */
  template?: { name: string; namespace: string };
}

/** Library findings placed in the document (`place` maps a policy path to the document's field). */
export function locate(doc: InputDocument, findings: readonly Finding[], place: (path: string) => string): LocatedFinding[] {
  return findings.map((f) => locatedFinding(f, doc.position(place(f.path))));
}

function auditFindings(doc: InputDocument, policy: unknown, options: PolicyOptions, strictCidr: boolean, place: (path: string) => string): LocatedFinding[] {
  try {
    return locate(doc, auditNetworkPolicy(policy, { ...(options.clusterCidrs ? { clusterCidrs: options.clusterCidrs } : {}), strictCidr }).findings, place);
  } catch (err) {
    if (!isSandboxPolicyError(err)) throw err;
    return issuesToFindings(doc, err.issues);
  }
}

/** Templates in one namespace whose names share a hash: each gets a `hash-collision` finding naming the other. */
function hashCollisions(work: readonly Work[]): void {
  const groups = new Map<string, Work[]>();
  for (const w of work) {
    if (!w.template) continue;
    const key = `${w.template.namespace}\u0000${templateRefHash(w.template.name)}`;
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  for (const group of groups.values()) {
    const names = [...new Set(group.map((w) => w.template!.name))];
    if (names.length < 2) continue;
    for (const w of group) {
      const others = names.filter((n) => n !== w.template!.name).map((n) => JSON.stringify(n));
      const hash = templateRefHash(w.template!.name);
      const ns = w.template!.namespace ? ` in namespace ${w.template!.namespace}` : '';
      w.findings.push(errorFinding(w.doc, 'hash-collision', 'metadata.name', `template ${JSON.stringify(w.template!.name)} shares template hash ${hash} with ${others.join(', ')}${ns}: each policy selects the other's pods`));
    }
  }
}

/** The findings of an object's ignore-check annotations that cannot suppress anything (no visible reason, no such code). */
export function suppressionFindings(doc: InputDocument): LocatedFinding[] {
  const s = suppressionsOf(doc.value);
  return [
    ...s.invalid.map((key) => errorFinding(doc, 'invalid-suppression', `metadata.annotations[${key}]`, `annotation ${key} needs a reason with visible text`)),
    ...s.unknown.map((key) => errorFinding(doc, 'unknown-suppression', `metadata.annotations[${key}]`, unknownSuppressionMessage(key))),
  ];
}

/** The per-document view: one report per document (Namespaces only when their annotations are wrong), and the documents of kinds it skips. */
export function perDocumentReports(input: InputSet, options: PolicyOptions, strictCidr: boolean, useSuppressions: boolean, strictKinds = false): { reports: TargetReport[]; skipped: InputDocument[] } {
  // The last Namespace of a name counts, as with kubectl apply; only a valid name lends anything.
  const namespaces = new Map<string, Suppressions>();
  for (const doc of input.documents) {
    const { name } = identify(doc);
    if (classify(doc).type === 'namespace' && isNamespaceName(name)) namespaces.set(name, suppressionsOf(doc.value));
  }

  const work: Work[] = [];
  const skipped: InputDocument[] = [];
  for (const doc of input.documents) {
    const c = classify(doc);
    if (c.type === 'other' && !strictKinds && kindIsSkipped(c.kind)) {
      skipped.push(doc);
      continue;
    }
    const w: Work = { doc, findings: suppressionFindings(doc) };
    if (c.type === 'namespace') {
      if (w.findings.length > 0) work.push(w);
      continue;
    }
    work.push(w);
    if (c.type === 'other') w.findings.push(unsupportedKind(doc, c.kind, ACCEPTED));
    else if (c.type === 'policy') w.findings.push(...auditFindings(doc, doc.value, options, strictCidr, (p) => p));
    else {
      const parsed = parseTemplate(doc, strictCidr);
      if ('errors' in parsed) {
        w.findings.push(...parsed.errors);
        continue;
      }
      const { template } = parsed;
      w.template = { name: template.metadata.name, namespace: template.metadata.namespace ?? '' };
      w.findings.push(...locate(doc, sandboxTemplateFindings(template), (p) => p));
      const rendered = templatePolicy(doc, template, options);
      if ('errors' in rendered) w.findings.push(...rendered.errors);
      else if (rendered.policy !== null) w.findings.push(...auditFindings(doc, rendered.policy, options, strictCidr, (p) => templatePath(template, p)));
    }
  }
  hashCollisions(work);
  const reports = work.map((w) => {
    const id = identify(w.doc);
    // An object that names no namespace is in `default`, as kubectl puts it; a Namespace lends only to objects in it.
    const own = id.kind === 'Namespace' ? undefined : namespaces.get(id.namespace || 'default');
    const reasons = useSuppressions ? merged(suppressionsOf(w.doc.value), own) : new Map<string, string>();
    return { ...id, source: w.doc.source, start: w.doc.start, findings: settle(w.findings, (f) => (UNSUPPRESSIBLE.has(f.code) ? new Map() : reasons)) };
  });
  return { reports, skipped };
}
