// Artifact URIs: repository-relative under %SRCROOT% (--sarif-root, default the working
// directory), RFC 3986 percent-encoded, symlinks resolved. Files are written to a temporary
// repository at test time from the self-generated fixture test/fixtures/sarif/repo.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { artifactLocation, SRCROOT } from '../../src/cli/output/sarif-uri.js';
import { CLI, ROOT } from '../support/cli.js';
import { expectGithubSarif, sarifIn, type SarifLog } from './sarif-github.js';

const POLICY = readFileSync(join(ROOT, 'test/fixtures/sarif/repo/deploy/agents/policies.yaml'), 'utf8');

/** A fresh repository: the fixture tree plus `files` (name -> text), its real path. */
function repo(files: Record<string, string> = {}): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sarif-uri-')));
  cpSync(join(ROOT, 'test/fixtures/sarif/repo'), dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const locations = (log: SarifLog) => [...new Set(log.runs[0]!.results.map((r) => JSON.stringify(r.locations[0]!.physicalLocation.artifactLocation)))].map((s) => JSON.parse(s) as { uri: string; uriBaseId?: string });

/** The file a SARIF artifact location names, resolved as a consumer would (against originalUriBaseIds). */
const resolveUri = (log: SarifLog, loc: { uri: string; uriBaseId?: string }) => fileURLToPath(new URL(loc.uri, loc.uriBaseId ? log.runs[0]!.originalUriBaseIds[loc.uriBaseId]!.uri : undefined));

describe('--sarif-root', () => {
  it('anchors URIs at the repository root: cd deploy && audit . --sarif-root .. gives deploy/...', () => {
    const dir = repo();
    const log = sarifIn(join(dir, 'deploy'), ['audit', '.', '-o', 'sarif', '--sarif-root', '..']);
    expect(log.runs[0]!.originalUriBaseIds).toEqual({ [SRCROOT]: { uri: `${pathToFileURL(dir).href}/`, description: { text: 'The repository root (--sarif-root; default the working directory).' } } });
    expect(locations(log).map((l) => l.uri).sort()).toEqual(['deploy/agents/policies.yaml', 'deploy/agents/templates.yaml', 'deploy/staging/nested/deeper/templates.yaml', 'deploy/staging/policies.yaml']);
    for (const loc of locations(log)) {
      expect(loc.uriBaseId).toBe(SRCROOT);
      expect(resolveUri(log, loc)).toBe(join(dir, decodeURIComponent(loc.uri)));
    }
  });

  it('defaults to the working directory', () => {
    const dir = repo();
    const log = sarifIn(join(dir, 'deploy'), ['audit', '.', '-o', 'sarif']);
    expect(locations(log).map((l) => l.uri)).toContain('agents/policies.yaml');
    expect(log.runs[0]!.originalUriBaseIds[SRCROOT]!.uri).toBe(`${pathToFileURL(join(dir, 'deploy')).href}/`);
  });

  it('gives a file outside the root an absolute file: URL, not a ../ path', () => {
    const dir = repo();
    const log = sarifIn(dir, ['audit', 'clusters', 'deploy/agents', '-o', 'sarif', '--sarif-root', 'deploy']);
    const uris = locations(log);
    expect(uris).toContainEqual({ uri: 'agents/policies.yaml', uriBaseId: SRCROOT });
    expect(uris).toContainEqual({ uri: pathToFileURL(join(dir, 'clusters/prod/agents/policies.yaml')).href });
  });

  it('names the target of a symlink (GitHub cannot show a result in a symlink)', () => {
    const dir = repo();
    symlinkSync(join(dir, 'deploy/agents/policies.yaml'), join(dir, 'link.yaml'));
    const log = sarifIn(dir, ['audit', 'link.yaml', '-o', 'sarif']);
    expect(locations(log)).toEqual([{ uri: 'deploy/agents/policies.yaml', uriBaseId: SRCROOT }]);
  });

  it('names standard input <stdin>, outside the repository', () => {
    const dir = repo();
    const r = spawnSync(process.execPath, [CLI, 'audit', '-', '-o', 'sarif'], { cwd: dir, encoding: 'utf8', input: POLICY });
    const log = JSON.parse(r.stdout) as SarifLog;
    expectGithubSarif(log);
    expect(locations(log)).toEqual([{ uri: '%3Cstdin%3E' }]);
  });

  it('exits 2 when the root is not a directory', () => {
    const dir = repo();
    for (const root of ['missing', 'deploy/agents/policies.yaml']) {
      const r = spawnSync(process.execPath, [CLI, 'audit', 'deploy', '-o', 'sarif', '--sarif-root', root], { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--sarif-root "${root}": not a directory`);
      expect(r.stdout).toBe('');
    }
  });
});

describe('file names', () => {
  const NAMES: Record<string, string> = {
    'a#b.yaml': 'a%23b.yaml',
    'q?x=1.yaml': 'q%3Fx%3D1.yaml',
    'with space.yaml': 'with%20space.yaml',
    'ünï 東.yaml': '%C3%BCn%C3%AF%20%E6%9D%B1.yaml',
    '100%.yaml': '100%25.yaml',
    "it's (1)!*.yaml": 'it%27s%20%281%29%21%2A.yaml',
    'c:d.yaml': 'c%3Ad.yaml',
  };
  it('are percent-encoded per RFC 3986 and resolve back to the file', () => {
    const files = Object.fromEntries(Object.keys(NAMES).map((n) => [`odd dir#1/${n}`, POLICY]));
    const dir = repo(files);
    const log = sarifIn(dir, ['audit', '--per-document', 'odd dir#1', '-o', 'sarif']);
    const uris = locations(log);
    expect(uris.map((l) => l.uri).sort()).toEqual(Object.values(NAMES).map((u) => `odd%20dir%231/${u}`).sort());
    for (const loc of uris) expect(readFileSync(resolveUri(log, loc), 'utf8')).toBe(POLICY);
  });

  it('any file name becomes a relative URI that resolves to it (property)', () => {
    const root = '/nonexistent-sarif-root';
    const segment = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => !s.includes('/') && !s.includes('\0') && s !== '.' && s !== '..');
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 3 }), (parts) => {
        const loc = artifactLocation(parts.join('/'), root, root);
        expect(loc.uriBaseId).toBe(SRCROOT);
        expect(loc.uri).toMatch(/^(?:[A-Za-z0-9\-._~$&+,;=@/]|%[0-9A-F]{2})+$/);
        expect(fileURLToPath(new URL(loc.uri, `${pathToFileURL(root).href}/`))).toBe(join(root, ...parts));
      }),
    );
  });
});
