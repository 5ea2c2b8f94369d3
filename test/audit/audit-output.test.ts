import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fingerprint, fingerprintCases } from '../support/audit-fingerprints.js';

// Self-generated fixture: the auditor's whole report on the benchmark's workload shapes, hashed,
// as main produced it before the one-sweep range findings. A faster path must give byte-identical
// reports (same findings, order, messages, ranges, examples, suggestions and reachable set).
const fixture = JSON.parse(readFileSync(new URL('../fixtures/audit-output/fingerprints.json', import.meta.url), 'utf8')) as { cases: Record<string, string> };

describe('audit output on the benchmark shapes (several seeds, ports and options)', () => {
  const cases = fingerprintCases();
  it('covers every recorded case', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(Object.keys(fixture.cases).sort());
  });
  for (const c of cases) {
    it(c.name, () => {
      expect(fingerprint(c.input, c.options)).toBe(fixture.cases[c.name]);
    });
  }
});
