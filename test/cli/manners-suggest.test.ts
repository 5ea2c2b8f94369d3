/** Did-you-mean for flags, commands and enum values; `help COMMAND`. Self-generated cases. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closest } from '../../src/cli/args.js';
import { COMMANDS } from '../../src/cli/registry.js';
import { EXAMPLE, run } from '../support/cli.js';

describe('closest', () => {
  it('finds typos (a swap, a missing or extra letter), not unrelated words', () => {
    expect(closest('hihg', ['error', 'critical', 'high', 'medium', 'low', 'info'])).toBe('high');
    expect(closest('jsn', ['text', 'json', 'sarif', 'html'])).toBe('json');
    expect(closest('--lables', ['--labels', '--dns'])).toBe('--labels');
    expect(closest('audti', ['render', 'audit', 'validate'])).toBe('audit');
    expect(closest('valid', ['render', 'audit', 'validate'])).toBe('validate');
    expect(closest('frobnicate', ['render', 'audit', 'validate', 'explain', 'guardrail'])).toBeUndefined();
    expect(closest('x', ['json', 'yaml'])).toBeUndefined();
  });

  it('property: every candidate finds itself, and one adjacent swap in a word of 4+ letters is found', () => {
    const word = fc.stringMatching(/^[a-z]{4,12}$/);
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 8 }), fc.nat(), fc.nat(), (words, n, k) => {
        const w = words[n % words.length]!;
        expect(closest(w, words)).toBe(w);
        const i = k % (w.length - 1);
        const swapped = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
        expect(closest(swapped, [w, 'zzzzzzzzzzzzzzzzzzzz'])).toBe(w);
        expect(closest(swapped, words)).toBeDefined();
      }),
    );
  });
});

describe('did you mean', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown flag', ['render', EXAMPLE, '--lables'], /unknown flag --lables for render \(see 'agent-sandbox-policy render --help'\); did you mean --labels\?/],
    ['an unknown command', ['audti', EXAMPLE], /unknown command "audti"; commands: .*; did you mean audit\?/],
    ['--fail-on hihg', ['audit', EXAMPLE, '--fail-on', 'hihg'], /--fail-on must be one of error, critical, high, medium, low, info, got "hihg"; did you mean high\?/],
    ['--output jsn', ['audit', EXAMPLE, '--output', 'jsn'], /audit cannot print "jsn"; -o\/--output takes text, json, sarif, html; did you mean json\?/],
    ['-o yml', ['render', EXAMPLE, '-o', 'yml'], /did you mean yaml\?/],
    ['--profile hardend', ['render', EXAMPLE, '--profile', 'hardend'], /--profile must be upstream or hardened, got "hardend"; did you mean hardened\?/],
    ['--egress-floor metdata', ['explain', EXAMPLE, '--egress-floor', 'metdata'], /--egress-floor must be one of none, metadata, private, got "metdata"; did you mean metadata\?/],
    ['--crd-channel experimantal', ['validate', EXAMPLE, '--crd-channel', 'experimantal'], /--crd-channel must be standard or experimental, got "experimantal"; did you mean experimental\?/],
  ];
  it.each(cases)('%s', (_what, args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('nothing far enough off is guessed', () => {
    const r = run(['audit', EXAMPLE, '--fail-on', 'urgent']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('did you mean');
    expect(run(['frobnicate']).stderr).not.toContain('did you mean');
  });
});

describe('help COMMAND', () => {
  it.each(COMMANDS.map((c) => c.name))('help %s prints what %s --help prints, exit 0', (name) => {
    const help = run(['help', name]);
    const flag = run([name, '--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toBe(flag.stdout);
    expect(help.stdout).toMatch(new RegExp(`^Usage: agent-sandbox-policy ${name}`));
  });

  it('help alone prints the main help; help nosuch exits 2 with a did-you-mean; help takes one name', () => {
    expect(run(['help']).stdout).toContain('Commands:');
    const unknown = run(['help', 'nosuch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/unknown command "nosuch"/);
    const typo = run(['help', 'gaurdrail']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/did you mean guardrail\?/);
    expect(run(['help', 'audit', 'render']).code).toBe(2);
    expect(run(['help', '--help']).stdout).toContain('Commands:');
    expect(run(['--versoin']).stderr).toMatch(/did you mean --version\?/);
  });
});
