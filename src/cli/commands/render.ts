/** `render`: the NetworkPolicy the agent-sandbox controller creates for each SandboxTemplate. */
import { applySandboxSecureDefaults, isSandboxPolicyError, networkPolicyWithChangesFor, sandboxPodLabels } from '../../index.js';
import { booleanFlag } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { jsonList, yamlStream } from '../output/serialize.js';
import { NAMESERVER_FLAG, POLICY_FLAGS, policyOptions } from '../policy-flags.js';
import { identify } from '../report.js';
import { classify, parseTemplate } from '../targets.js';

export const renderCommand: Command = {
  name: 'render',
  summary: 'SandboxTemplates -> the NetworkPolicy the controller creates (YAML for kubectl apply -f -)',
  description: `Prints, for each SandboxTemplate, the NetworkPolicy the agent-sandbox controller would create.
-o json prints one document, a kind: List. A template that cannot be rendered is reported on
stderr; the others are still printed, and the exit code is 1.`,
  flags: [
    ...POLICY_FLAGS,
    NAMESERVER_FLAG,
    { name: 'pod-spec', type: 'boolean', help: 'also print the pod spec with the secure defaults applied (kind: PodSpec)' },
    { name: 'labels', type: 'boolean', help: 'also print the labels a sandbox pod carries (kind: PodLabels)' },
  ],
  outputs: ['yaml', 'json'],
  run(ctx: CommandContext): number {
    const options = policyOptions(ctx.flags);
    const outputs: unknown[] = [];
    let failed = false;
    const note = (s: string) => ctx.io.stderr(`agent-sandbox-policy render: ${s}\n`);
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
          outputs.push(result.policy);
          for (const ch of result.floorChanges) note(`${where}: egress floor: ${ch.path}: ${ch.message}${ch.removed.length ? ` (${ch.removed.join(', ')})` : ''}`);
        }
        if (booleanFlag(ctx.flags, 'labels')) outputs.push({ kind: 'PodLabels', template: name, labels: sandboxPodLabels(template) });
        if (booleanFlag(ctx.flags, 'pod-spec')) outputs.push({ kind: 'PodSpec', template: name, spec: applySandboxSecureDefaults(template, undefined, options) });
      } catch (err) {
        if (!isSandboxPolicyError(err)) throw err;
        failed = true;
        for (const i of err.issues) note(`${where}: ${i.path}: ${i.message}`);
      }
    }
    if (ctx.output === 'json') ctx.io.stdout(jsonList(outputs));
    else if (outputs.length > 0) ctx.io.stdout(yamlStream(outputs));
    return failed ? 1 : 0;
  },
};
