/** `render`: the NetworkPolicy the agent-sandbox controller creates for each SandboxTemplate, and the sandbox pod as it makes it. */
import {
  applySandboxSecureDefaults,
  isSandboxPolicyError,
  networkPolicyWithChangesFor,
  sandboxDnsConfig,
  sandboxPodLabelSet,
  secureDefaultsPatch,
  type PodLabelSetOptions,
} from '../../index.js';
import { booleanFlag, stringFlag, UsageError } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { stringify } from 'yaml';
import { goJsonList } from '../output/serialize.js';
import { NAMESERVER_FLAG, POLICY_FLAGS, policyOptions } from '../policy-flags.js';
import { identify } from '../report.js';
import { classify, parseTemplate } from '../targets.js';

/** `/spec/podTemplate/spec` (a JSON Pointer, RFC 6901) as unescaped keys. */
function pointerKeys(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  if (!pointer.startsWith('/')) throw new UsageError(`--patch-at expects a JSON Pointer such as /spec or /spec/podTemplate/spec, got ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The sandbox pod's details (`PodLabels`, `PodDnsConfig`, `PodSpec`, `JsonPatch`): not Kubernetes
 * objects (no apiVersion; kubectl refuses them), so they never enter the stream as documents.
 */
type Detail = { readonly kind: 'PodLabels' | 'PodDnsConfig' | 'PodSpec' | 'JsonPatch'; readonly template: string } & Record<string, unknown>;

/** Everything YAML 1.1 (kubectl's reader) and 1.2 take as a line break. */
const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/;

/**
 * The YAML stream: the objects as documents, each detail as a commented-out block after its
 * template's objects. Every line of a detail is a comment, so no value (whatever line breaks
 * it holds) can start a document kubectl would apply.
 */
function yamlWithDetails(items: readonly ({ object: unknown } | { detail: Detail })[]): string {
  let out = '';
  let documents = 0;
  for (const item of items) {
    if ('object' in item) {
      if (documents++ > 0) out += '---\n';
      out += stringify(item.object, { lineWidth: 0 });
    } else {
      const text = stringify(item.detail, { lineWidth: 0 }).replace(/\n$/, '');
      out += `${text
        .split(LINE_BREAK)
        .map((line) => `# ${line}`.trimEnd())
        .join('\n')}\n`;
    }
  }
  return out;
}

function labelOptions(ctx: CommandContext): PodLabelSetOptions {
  const sandboxName = stringFlag(ctx.flags, 'sandbox-name');
  const warmPool = stringFlag(ctx.flags, 'warm-pool');
  const createdBy = stringFlag(ctx.flags, 'created-by');
  const given = [sandboxName !== undefined && '--sandbox-name', warmPool !== undefined && '--warm-pool', createdBy !== undefined && '--created-by'].filter(Boolean);
  if (given.length > 0 && !booleanFlag(ctx.flags, 'labels')) throw new UsageError(`${given.join(', ')} shape the label set: give --labels too`);
  return { ...(sandboxName !== undefined ? { sandboxName } : {}), ...(warmPool !== undefined ? { warmPool } : {}), ...(createdBy !== undefined ? { createdBy } : {}) };
}

export const renderCommand: Command = {
  name: 'render',
  summary: 'SandboxTemplates -> the NetworkPolicy the controller creates (YAML for kubectl apply -f -)',
  description: `Prints, for each SandboxTemplate, the NetworkPolicy the agent-sandbox controller would create.
--labels, --dns, --pod-spec and --patch also print the sandbox pod as the controllers make it:
these details are not Kubernetes objects, so the YAML holds them as comments (# kind: PodLabels,
...) after the template's NetworkPolicy, and every document stays input for kubectl apply -f -.
-o json prints one document, a kind: List of the objects, each item written byte for byte as Go's
encoding/json writes it (map keys sorted as strings), and the details beside it in "details"
(which kubectl ignores). A template that cannot be rendered is reported on stderr;
the others are still printed, and the exit code is 1.`,
  flags: [
    ...POLICY_FLAGS,
    NAMESERVER_FLAG,
    { name: 'labels', type: 'boolean', help: "also print the sandbox pod's full label set (# kind: PodLabels)" },
    { name: 'sandbox-name', type: 'string', value: 'NAME', help: 'with --labels: the Sandbox name (sets agents.x-k8s.io/sandbox-name-hash)' },
    { name: 'warm-pool', type: 'string', value: 'POOL', help: 'with --labels: the pod of a warm pool no claim has adopted yet' },
    { name: 'created-by', type: 'string', value: 'VALUE', help: "with --labels: the claim's agents.x-k8s.io/created-by label" },
    { name: 'dns', type: 'boolean', help: "also print the DNS override the controller gives the pod (# kind: PodDnsConfig)\nor say on stderr that there is none" },
    { name: 'pod-spec', type: 'boolean', help: 'also print the pod spec with the secure defaults applied (# kind: PodSpec)' },
    { name: 'patch', type: 'boolean', help: 'also print the secure defaults as an RFC 6902 JSON Patch (# kind: JsonPatch)' },
    { name: 'patch-at', type: 'string', value: 'POINTER', help: 'with --patch: where the pod spec is in the patched object (/spec for a Pod;\ndefault: the pod spec itself)' },
  ],
  outputs: ['yaml', 'json'],
  run(ctx: CommandContext): number {
    const options = policyOptions(ctx.flags);
    const labels = labelOptions(ctx);
    const patchAt = stringFlag(ctx.flags, 'patch-at');
    if (patchAt !== undefined && !booleanFlag(ctx.flags, 'patch')) throw new UsageError('--patch-at says where --patch applies: give --patch too');
    const at = patchAt === undefined ? [] : pointerKeys(patchAt);
    const outputs: ({ object: unknown } | { detail: Detail })[] = [];
    const detail = (d: Detail) => outputs.push({ detail: d });
    let failed = false;
    const note = (s: string) => ctx.io.stderr(`agent-sandbox-policy render: ${s}\n`);
    if (booleanFlag(ctx.flags, 'labels') && labels.sandboxName === undefined && labels.warmPool === undefined) {
      note('no --sandbox-name: agents.x-k8s.io/sandbox-name-hash has a placeholder value (it matches Exists and NotIn selectors, never In or equality)');
    }
    for (const doc of ctx.input.documents) {
      const c = classify(doc);
      const id = identify(doc);
      const where = `${doc.source}:${doc.start.line} ${id.target}`;
      if (c.type !== 'template') {
        failed = true;
        note(`${where}: expected a SandboxTemplate, got kind ${JSON.stringify(id.kind)}`);
        continue;
      }
      const parsed = parseTemplate(doc);
      if ('errors' in parsed) {
        failed = true;
        for (const e of parsed.errors) note(`${doc.source}:${e.location.line}:${e.location.column}: ${e.path}: ${e.message}`);
        continue;
      }
      const { template } = parsed;
      try {
        const result = networkPolicyWithChangesFor(template, options);
        const name = template.metadata.name;
        if (result === null) note(`${where}: networkPolicyManagement is Unmanaged: no NetworkPolicy is generated`);
        else {
          outputs.push({ object: result.policy });
          for (const ch of result.floorChanges) note(`${where}: egress floor: ${ch.path}: ${ch.message}${ch.removed.length ? ` (${ch.removed.join(', ')})` : ''}`);
        }
        if (booleanFlag(ctx.flags, 'labels')) detail({ kind: 'PodLabels', template: name, labels: sandboxPodLabelSet(template, labels) });
        if (booleanFlag(ctx.flags, 'dns')) {
          const dns = sandboxDnsConfig(template, undefined, options);
          if (dns === null) note(`${where}: no DNS override: the pod keeps the dnsPolicy its spec gives (the controller overrides DNS only for a Managed template without spec.networkPolicy or dnsPolicy)`);
          else detail({ kind: 'PodDnsConfig', template: name, ...dns });
        }
        if (booleanFlag(ctx.flags, 'pod-spec')) detail({ kind: 'PodSpec', template: name, spec: applySandboxSecureDefaults(template, undefined, options) });
        if (booleanFlag(ctx.flags, 'patch')) detail({ kind: 'JsonPatch', template: name, operations: secureDefaultsPatch(template, undefined, { ...options, at }) });
      } catch (err) {
        if (!isSandboxPolicyError(err)) throw err;
        failed = true;
        for (const i of err.issues) note(`${where}: ${i.path}: ${i.message}`);
      }
    }
    const objects = outputs.flatMap((o) => ('object' in o ? [o.object] : []));
    const details = outputs.flatMap((o) => ('detail' in o ? [o.detail] : []));
    if (ctx.output === 'json') ctx.io.stdout(goJsonList(objects, details.length > 0 ? { details } : undefined));
    else if (outputs.length > 0) ctx.io.stdout(yamlWithDetails(outputs));
    return failed ? 1 : 0;
  },
};
