/**
 * Errors in the user's words: a library error names `options.<field>`, the CLI prints the flag
 * that set it (one table, derived from the flag specs). Self-generated cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flagOfOption, issueInFlags, optionTable } from '../../src/cli/args.js';
import { commonFlags } from '../../src/cli/help.js';
import { COMMANDS } from '../../src/cli/registry.js';
import { EXAMPLE, run } from '../support/cli.js';

const specsOf = (name: string) => {
  const c = COMMANDS.find((x) => x.name === name)!;
  return [...c.flags, ...commonFlags(c)];
};

describe('the option table', () => {
  it('maps every option the guardrail and policy flags set to its flag', () => {
    const guardrail = optionTable(specsOf('guardrail'));
    const cases: Array<[string, string]> = [
      ['options.name', '--name'],
      ['options.priority', '--priority'],
      ['options.baselinePriority', '--baseline-priority'],
      ['options.baseline', '--baseline'],
      ['options.namespaceSelector.matchLabels', '--namespace-selector'],
      ['options.clusterCidrs[0]', '--cluster-cidr'],
      ['options.nameservers', '--nameserver'],
      ['options.allowDomains[3]', '--allow-domain'],
      ['options.ports[0].endPort', '--port'],
      ['options.denyAllOtherEgress', '--deny-all-other-egress'],
      ['options.passTo[0].networks[0]', '--pass-to'],
      ['options.passTo[1].namespaces.matchLabels', '--pass-to-namespace'],
      ['options.passTo[1].ports[0].port', '--pass-port'],
      ['options.clusterDns', '--no-cluster-dns'],
      ['options.allowSensitive[0]', '--allow-sensitive'],
    ];
    for (const [path, flag] of cases) expect(flagOfOption(path, guardrail, {}), path).toBe(flag);
    const render = optionTable(specsOf('render'));
    for (const [path, flag] of [
      ['options.profile', '--profile'],
      ['options.clusterCidrs[1]', '--cluster-cidr'],
      ['options.nameservers[0]', '--nameserver'],
      ['options.egressFloor', '--egress-floor'],
      ['options.router.namespace', '--router-namespace'],
      ['options.router.podLabels', '--router-label'],
    ]) {
      expect(flagOfOption(path!, render, {}), path).toBe(flag);
    }
  });

  it('a path no flag sets stays as it is; a prefix is matched only at a field boundary', () => {
    const table = optionTable(specsOf('render'));
    expect(flagOfOption('options.routers', table, {})).toBeUndefined();
    expect(flagOfOption('spec.networkPolicy', table, {})).toBeUndefined();
    expect(issueInFlags({ path: 'spec.egress[0]', message: 'bad' }, table, {})).toBe('spec.egress[0]: bad');
  });

  it('property: an index into a list flag shows the value the user typed at that position', () => {
    const table = optionTable(specsOf('guardrail'));
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[0-9a-f.:/]{1,12}$/), { minLength: 1, maxLength: 6 }), fc.nat(), (values, n) => {
        const i = n % values.length;
        expect(flagOfOption(`options.nameservers[${i}]`, table, { nameserver: values })).toBe(`--nameserver ${values[i]}`);
        expect(flagOfOption(`options.passTo[0].networks[${i}]`, table, { 'pass-to': values })).toBe(`--pass-to ${values[i]}`);
        expect(flagOfOption(`options.nameservers[${values.length}]`, table, { nameserver: values })).toBe('--nameserver');
      }),
    );
  });

  it('option names in a message become flags; plain words do not', () => {
    const table = optionTable(specsOf('guardrail'));
    const text = issueInFlags({ path: 'options.ports', message: 'applies to allowDomains, which is empty; list it in allowSensitive; see options.passTo[0].networks[1] and the name' }, table, { 'pass-to': ['a', 'b'] });
    expect(text).toBe('--port: applies to --allow-domain, which is empty; list it in --allow-sensitive; see --pass-to b and the name');
  });
});

describe('every command prints flags, not option paths, for a bad value', () => {
  const cases: Array<[string[], RegExp]> = [
    [['render', EXAMPLE, '--cluster-cidr', '10.0.0.1/8'], /render: --cluster-cidr 10\.0\.0\.1\/8: /],
    [['render', EXAMPLE, '--router-namespace', 'Bad_NS'], /render: --router-namespace: /],
    [['render', EXAMPLE, '--router-label', 'a/b/c=x'], /render: --router-label/],
    [['render', EXAMPLE, '--nameserver', '1.1.1.1', '--nameserver', 'x'], /render: --nameserver x: /],
    [['audit', EXAMPLE, '--controller', 'embedded', '--cluster-cidr', '300.0.0.0/8'], /audit: --cluster-cidr 300\.0\.0\.0\/8: /],
    [['explain', EXAMPLE, '--cluster-cidr', '10.0.0.0/33'], /explain: --cluster-cidr 10\.0\.0\.0\/33: /],
    [['guardrail', '--name', 'Bad'], /guardrail: --name: /],
    [['guardrail', '--priority', '5000'], /guardrail: --priority: must be an integer from 0 to 1000/],
    [['guardrail', '--namespace-selector', 'bad key!=x'], /guardrail: --namespace-selector: /],
    [['guardrail', '--nameserver', '8.8.8.8', '--nameserver', '169.254.20.10'], /guardrail: --nameserver 169\.254\.20\.10: reaches 169\.254\.20\.10\/32, .*169\.254\.0\.0\/16.*--allow-sensitive/],
    [['guardrail', '--pass-to', '203.0.113.0/24', '--pass-to', '10.0.0.0/16'], /guardrail: --pass-to 10\.0\.0\.0\/16: reaches .*rule "pass-networks"/],
    [['guardrail', '--pass-to-namespace', 'team=a', '--pass-port', '0'], /guardrail: --pass-port 0: must be an integer from 1 to 65535/],
    [['guardrail', '--allow-domain', 'a.io', '--port', '70000'], /guardrail: --port 70000: /],
    [['guardrail', '--allow-sensitive', '10.0.0.0/8'], /guardrail: --allow-sensitive 10\.0\.0\.0\/8: excepts nothing/],
    [['guardrail', '--allow-sensitive', 'x'], /guardrail: --allow-sensitive x: /],
  ];
  it.each(cases)('%j', (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/options\.|\b(allowSensitive|allowDomains|clusterCidrs|passTo|nameservers|egressFloor)\b/);
  });

  it('several problems: one line each, every one in flags', () => {
    const r = run(['guardrail', '--nameserver', '169.254.20.10', '--pass-to', '10.1.0.0/16']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^agent-sandbox-policy guardrail: 2 problems:\n- --nameserver 169\.254\.20\.10: .*\n- --pass-to 10\.1\.0\.0\/16: .*\n$/);
  });
});
