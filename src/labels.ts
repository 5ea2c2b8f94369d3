import { TEMPLATE_REF_HASH_LABEL } from './constants.js';
import { SandboxPolicyError } from './errors.js';
import { isObject } from './json.js';
import { describeValue, snapshot } from './snapshot.js';
import { isParsedTemplate } from './template.js';

const FNV32_OFFSET_BASIS = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;
const HEX = '0123456789abcdef';

/**
 * FNV-1a 32-bit hash of `name`'s UTF-8 bytes as exactly 8 lowercase hex digits: the value of the
 * `agents.x-k8s.io/sandbox-template-ref-hash` label (Go `NameHash` / `SandboxTemplateRefHash`).
 *
 * It is not collision resistant: `costarring` and `liquid` both hash to `5e4daa9d`, so two such
 * templates in one namespace select each other's pods (the CLI's `audit` reports such pairs).
 *
 * @param name - the SandboxTemplate's `metadata.name` (any string; hashed as UTF-8).
 * @returns 8 lowercase hex digits.
 * @throws {@link SandboxPolicyError} when `name` is not a string.
 * @example
 * ```ts
 * templateRefHash('sandbox'); // 'da1fd924'
 * ```
 */
export function templateRefHash(name: string): string {
  if (typeof name !== 'string') throw new SandboxPolicyError([{ path: 'name', message: `must be a string, got ${describeValue(name)}` }]);
  let hash = FNV32_OFFSET_BASIS;
  for (let i = 0; i < name.length; i++) {
    let code = name.charCodeAt(i);
    if (code < 0x80) {
      hash = Math.imul(hash ^ code, FNV32_PRIME);
      continue;
    }
    // Encode as UTF-8 by hand: no TextEncoder allocation on the hot path.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < name.length) {
      const low = name.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // lone surrogate: Go writes U+FFFD
    if (code < 0x800) {
      hash = Math.imul(hash ^ (0xc0 | (code >> 6)), FNV32_PRIME);
    } else if (code < 0x10000) {
      hash = Math.imul(hash ^ (0xe0 | (code >> 12)), FNV32_PRIME);
      hash = Math.imul(hash ^ (0x80 | ((code >> 6) & 0x3f)), FNV32_PRIME);
    } else {
      hash = Math.imul(hash ^ (0xf0 | (code >> 18)), FNV32_PRIME);
      hash = Math.imul(hash ^ (0x80 | ((code >> 12) & 0x3f)), FNV32_PRIME);
      hash = Math.imul(hash ^ (0x80 | ((code >> 6) & 0x3f)), FNV32_PRIME);
    }
    hash = Math.imul(hash ^ (0x80 | (code & 0x3f)), FNV32_PRIME);
  }
  hash >>>= 0;
  let out = '';
  for (let shift = 28; shift >= 0; shift -= 4) out += HEX[(hash >>> shift) & 0xf];
  return out;
}

/**
 * The labels a sandbox pod must carry for the template's shared NetworkPolicy to select it:
 * exactly `{ 'agents.x-k8s.io/sandbox-template-ref-hash': templateRefHash(name) }`.
 *
 * The controller stamps this label on every sandbox pod of the template, whatever its
 * `networkPolicyManagement` (admins of Unmanaged templates are told to target it).
 *
 * @param template - a parsed SandboxTemplate (or any plain object with a string `metadata.name`;
 *   the name is not validated here — {@link parseSandboxTemplate} does that).
 * @returns a fresh object on every call.
 * @throws {@link SandboxPolicyError} when `template` is not plain data or has no string
 *   `metadata.name`.
 * @example
 * ```ts
 * sandboxPodLabels(parseSandboxTemplate(doc)); // { 'agents.x-k8s.io/sandbox-template-ref-hash': 'da1fd924' }
 * ```
 */
export function sandboxPodLabels(template: { readonly metadata: { readonly name: string } }): Record<string, string> {
  const data = isParsedTemplate(template) ? template : snapshot(template, '');
  const meta = isObject(data) ? data.metadata : undefined;
  const name = isObject(meta) ? meta.name : undefined;
  if (typeof name !== 'string') {
    throw new SandboxPolicyError([{ path: 'metadata.name', message: `must be a string, got ${describeValue(name)}` }]);
  }
  return { [TEMPLATE_REF_HASH_LABEL]: templateRefHash(name) };
}
