/** `explain`: what each NetworkPolicy (or each SandboxTemplate's policy) allows, in plain English. */
import { explainNetworkPolicy, explainTarget, isSandboxPolicyError, type TargetRef } from '../../index.js';
import { stringFlag, UsageError } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { NAMESPACE_FLAG, POLICY_FLAGS, policyOptions } from '../policy-flags.js';
import { identify } from '../report.js';
import { classify, parseTemplate, templatePolicy } from '../targets.js';

export const explainCommand: Command = {
  name: 'explain',
  summary: 'NetworkPolicies or SandboxTemplates -> what each policy allows, in plain English',
  description: `Describes in plain English what each NetworkPolicy (or the policy each SandboxTemplate
produces) allows. An object that cannot be explained is reported on stderr; the others are still
explained, and the exit code is 1.

--target explains one target's effective policy instead: every NetworkPolicy of its namespace
that selects it (unioned), the ClusterNetworkPolicies of the Admin and Baseline tiers in
evaluation order, what it can reach and which domain-name rules apply. Targets are named as
audit reports them, e.g. --target SandboxTemplate/agents/python.`,
  flags: [...POLICY_FLAGS, NAMESPACE_FLAG, { name: 'target', type: 'string', value: 'KIND/NS/NAME', help: "explain this target's effective policy under every object in the input\n(SandboxTemplate/ns/name, Pod/ns/name, PodSelector/ns/policy-name)" }],
  outputs: ['text'],
  run(ctx: CommandContext): number {
    const options = policyOptions(ctx.flags);
    const target = stringFlag(ctx.flags, 'target');
    if (target !== undefined) {
      const m = /^(SandboxTemplate|Pod|PodSelector)\/([^/]+)\/([^/]+)$/.exec(target);
      if (m === null) throw new UsageError(`--target expects SandboxTemplate/NAMESPACE/NAME, Pod/NAMESPACE/NAME or PodSelector/NAMESPACE/POLICY, got ${JSON.stringify(target)}`);
      const ref: TargetRef = { kind: m[1] as TargetRef['kind'], namespace: m[2]!, name: m[3]! };
      const { clusterCidrs } = options;
      const namespace = stringFlag(ctx.flags, 'namespace');
      ctx.io.stdout(`${explainTarget(ctx.input.documents.map((d) => d.value), ref, { policy: options, ...(namespace !== undefined ? { namespace } : {}), ...(clusterCidrs ? { clusterCidrs } : {}) })}\n`);
      return 0;
    }
    if (stringFlag(ctx.flags, 'namespace') !== undefined) throw new UsageError('--namespace applies with --target');
    const parts: string[] = [];
    let failed = false;
    const fail = (where: string, message: string) => {
      failed = true;
      ctx.io.stderr(`agent-sandbox-policy explain: ${where}: ${message}\n`);
    };
    for (const doc of ctx.input.documents) {
      const c = classify(doc);
      const id = identify(doc);
      const where = `${doc.source}:${doc.start.line} ${id.target}`;
      if (c.type === 'namespace') continue;
      if (c.type === 'other') {
        fail(where, `expected a NetworkPolicy or a SandboxTemplate, got kind ${JSON.stringify(c.kind ?? null)}`);
        continue;
      }
      let policy: unknown = doc.value;
      if (c.type === 'template') {
        const parsed = parseTemplate(doc);
        const rendered = 'errors' in parsed ? parsed : templatePolicy(doc, parsed.template, options);
        if ('errors' in rendered) {
          for (const e of rendered.errors) fail(`${doc.source}:${e.location.line}`, `${e.path}: ${e.message}`);
          continue;
        }
        if (rendered.policy === null) {
          parts.push(`# ${where}\nnetworkPolicyManagement is Unmanaged: the controller creates no NetworkPolicy for this template.\n`);
          continue;
        }
        policy = rendered.policy;
      }
      try {
        parts.push(`# ${where}\n${explainNetworkPolicy(policy)}\n`);
      } catch (err) {
        if (!isSandboxPolicyError(err)) throw err;
        for (const i of err.issues) fail(where, `${i.path ? `${i.path}: ` : ''}${i.message}`);
      }
    }
    ctx.io.stdout(parts.join('\n'));
    return failed ? 1 : 0;
  },
};
