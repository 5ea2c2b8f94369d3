/// <reference types="node" />
/** SARIF artifact locations: repository-relative, percent-encoded URIs under one `uriBaseId`. */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../args.js';

/** The `uriBaseId` of the repository root (the name GitHub's examples and the SARIF spec use). */
export const SRCROOT = '%SRCROOT%';

/** Standard input has no file: its findings name this artifact, outside the repository. */
const STDIN = '<stdin>';

/** A path with symlinks resolved (GitHub cannot show a result in a symlink), or resolved lexically when it does not exist. */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * The directory `--sarif-root` names, absolute and with symlinks resolved.
 *
 * @param dir - the flag's value (relative to `cwd`), or undefined for `cwd` itself.
 * @param cwd - the working directory.
 * @returns the root's real absolute path.
 * @throws UsageError when `dir` is not a directory (the CLI exits 2).
 * @example
 * ```sh
 * cd deploy && agent-sandbox-policy audit . -o sarif --sarif-root ..   # URIs read deploy/x.yaml
 * ```
 */
export function sarifRoot(dir: string | undefined, cwd: string): string {
  const path = resolve(cwd, dir ?? '.');
  let directory = false;
  try {
    directory = statSync(path).isDirectory();
  } catch {
    directory = false;
  }
  if (!directory) throw new UsageError(`--sarif-root ${JSON.stringify(dir ?? '.')}: not a directory`);
  return real(path);
}

/** One path segment percent-encoded per RFC 3986 (UTF-8; a lone surrogate as U+FFFD). */
function segment(name: string): string {
  return encodeURIComponent(name.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A SARIF `artifactLocation`. */
export interface ArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
}

/**
 * Where a file of the input is, for SARIF: relative to `root` under {@link SRCROOT} when the
 * file is inside it, else an absolute `file:` URL; each path segment percent-encoded (`a#b.yaml`
 * is `a%23b.yaml`, `q?x=1.yaml` is `q%3Fx%3D1.yaml`).
 *
 * @param source - the file name as the CLI read it (relative to `cwd`), or `<stdin>`.
 * @param root - the repository root, as {@link sarifRoot} returns it.
 * @param cwd - the working directory.
 * @returns the artifact location.
 * @throws never.
 * @example
 * ```text
 * artifactLocation('a#b.yaml', '/repo', '/repo/deploy') -> { uri: 'deploy/a%23b.yaml', uriBaseId: '%SRCROOT%' }
 * ```
 */
export function artifactLocation(source: string, root: string, cwd: string): ArtifactLocation {
  if (source === STDIN) return { uri: segment(STDIN) };
  const path = real(resolve(cwd, source));
  const rel = relative(root, path);
  if (rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) return { uri: pathToFileURL(path).href };
  return { uri: rel.split(sep).map(segment).join('/'), uriBaseId: SRCROOT };
}

/**
 * The run's `originalUriBaseIds`: {@link SRCROOT} as the root's `file:` URL (ending in `/`, as
 * SARIF requires of a base URI).
 *
 * @returns the property's value.
 * @throws never.
 * @example
 * ```text
 * originalUriBaseIds('/repo') -> { '%SRCROOT%': { uri: 'file:///repo/', description: {...} } }
 * ```
 */
export function originalUriBaseIds(root: string): Record<string, { uri: string; description: { text: string } }> {
  const href = pathToFileURL(root).href;
  return { [SRCROOT]: { uri: href.endsWith('/') ? href : `${href}/`, description: { text: 'The repository root (--sarif-root; default the working directory).' } } };
}
