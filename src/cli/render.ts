/// <reference types="node" />
import { networkPolicyWithChangesFor, applySandboxSecureDefaults, sandboxPodLabels, parseSandboxTemplate, type PolicyOptions } from '../index.js';
import { type InputDocument } from './io.js';

/** What `render` prints for one template. */
export interface Rendered {
  readonly outputs: unknown[];
  readonly notes: string[];
}

/** Renders each SandboxTemplate document: its NetworkPolicy and, if asked, labels and pod spec. */
export function render(docs: readonly InputDocument[], options: PolicyOptions, show: { podSpec: boolean; labels: boolean }): Rendered {
  const outputs: unknown[] = [];
  const notes: string[] = [];
  for (const doc of docs) {
    const template = withContext(doc, () => parseSandboxTemplate(doc.value));
    const result = withContext(doc, () => networkPolicyWithChangesFor(template, options));
    const name = template.metadata.name;
    if (result === null) notes.push(`${name}: networkPolicyManagement is Unmanaged: no NetworkPolicy is generated`);
    else {
      outputs.push(result.policy);
      for (const c of result.floorChanges) notes.push(`${name}: egress floor: ${c.path}: ${c.message}${c.removed.length ? ` (${c.removed.join(', ')})` : ''}`);
    }
    if (show.labels) outputs.push({ kind: 'PodLabels', template: name, labels: sandboxPodLabels(template) });
    if (show.podSpec) outputs.push({ kind: 'PodSpec', template: name, spec: applySandboxSecureDefaults(template, undefined, options) });
  }
  return { outputs, notes };
}

/** Runs `fn`, prefixing any error with the document's file and index. */
export function withContext<T>(doc: InputDocument, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Error) err.message = `${doc.source}: document ${doc.index}: ${err.message}`;
    throw err;
  }
}
