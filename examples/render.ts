/**
 * Template in, policy out: the smallest embedding.
 *
 *   npx tsx examples/render.ts [template.yaml]
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { applySandboxSecureDefaults, networkPolicyFor, parseSandboxTemplate, sandboxPodLabels } from 'agent-sandbox-policy';

export function renderTemplate(yamlText: string) {
  const template = parseSandboxTemplate(parse(yamlText)); // throws SandboxPolicyError with field paths
  return {
    networkPolicy: networkPolicyFor(template), // null when the template is Unmanaged
    podLabels: sandboxPodLabels(template),
    podSpec: applySandboxSecureDefaults(template),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? new URL('./sandbox-template.yaml', import.meta.url).pathname;
  console.log(JSON.stringify(renderTemplate(readFileSync(file, 'utf8')), null, 2));
}
