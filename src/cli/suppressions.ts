/** Suppressions as kube-linter has them: an annotation `ignore-check.agent-sandbox-policy/<code>: "<reason>"` on the object or its Namespace. */
import { editDistance } from './args.js';
import { FINDING_CATALOGUE } from '../index.js';
import { isObject } from '../json.js';
import { SUPPRESSION_PREFIX } from './codes.js';

/** Suppressed codes with their reasons, and annotations that cannot suppress anything. */
export interface Suppressions {
  readonly reasons: ReadonlyMap<string, string>;
  /** Annotation keys whose reason is empty, not a string, or has no visible character: reported as `invalid-suppression`. */
  readonly invalid: readonly string[];
  /** Annotation keys naming a code that does not exist (a typo suppresses nothing): reported as `unknown-suppression`. */
  readonly unknown: readonly string[];
}

/** Codes no annotation can suppress: a hash collision is about two templates at once, and either one could otherwise hide it. */
export const UNSUPPRESSIBLE: ReadonlySet<string> = new Set(['hash-collision']);

const KNOWN: ReadonlySet<string> = new Set(FINDING_CATALOGUE.map((k) => k.code));

/**
 * A character a reviewer can see: a letter, digit, punctuation or symbol that is not a default
 * ignorable code point (zero-width spaces and joiners, the Hangul fillers) nor the blank braille
 * pattern U+2800. Spaces, controls, format characters and lone combining marks are not.
 */
const VISIBLE = /(?![\p{Default_Ignorable_Code_Point}\u2800])[\p{L}\p{N}\p{P}\p{S}]/u;

/**
 * True when `reason` has at least one character a reviewer can see.
 * @returns false for empty, blank and invisible-only reasons (`\u200b`, `\u2800`, `\u3164`, ...).
 */
export function hasVisibleText(reason: string): boolean {
  return VISIBLE.test(reason);
}

/**
 * The suppressions an object's `metadata.annotations` declare.
 * @returns the codes with a visible reason, and the keys that suppress nothing (no reason, unknown code).
 */
export function suppressionsOf(object: unknown): Suppressions {
  const reasons = new Map<string, string>();
  const invalid: string[] = [];
  const unknown: string[] = [];
  const annotations = isObject(object) && isObject(object.metadata) ? object.metadata.annotations : undefined;
  if (isObject(annotations)) {
    for (const key of Object.keys(annotations)) {
      if (!key.startsWith(SUPPRESSION_PREFIX)) continue;
      const code = key.slice(SUPPRESSION_PREFIX.length);
      const reason = annotations[key];
      if (!KNOWN.has(code)) unknown.push(key);
      else if (typeof reason === 'string' && hasVisibleText(reason)) reasons.set(code, reason.trim());
      else invalid.push(key);
    }
  }
  return { reasons, invalid, unknown };
}

/** Every reason of the sources, the first source naming a code winning. */
export function merged(...sources: readonly (Suppressions | ReadonlyMap<string, string> | undefined)[]): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const s of sources) {
    const reasons = s === undefined ? [] : s instanceof Map ? (s as ReadonlyMap<string, string>) : (s as Suppressions).reasons;
    for (const [code, reason] of reasons) if (!out.has(code)) out.set(code, reason);
  }
  return out;
}


/**
 * The message of an `unknown-suppression` finding.
 * @returns the annotation key, and the nearest known code when one is close (did you mean).
 */
export function unknownSuppressionMessage(key: string): string {
  const code = key.slice(SUPPRESSION_PREFIX.length);
  let best: { code: string; d: number } | undefined;
  for (const known of KNOWN) {
    const d = editDistance(code.toLowerCase(), known);
    if (best === undefined || d < best.d) best = { code: known, d };
  }
  const hint = best !== undefined && best.d <= Math.max(2, Math.floor(code.length / 3)) ? `; did you mean ${SUPPRESSION_PREFIX}${best.code}?` : '';
  return `annotation ${key} names no finding code, so it suppresses nothing${hint} (codes: docs/findings/README.md)`;
}

/**
 * A namespace name the API server accepts (an RFC 1123 label): only such a Namespace lends its suppressions.
 * @returns true for a valid namespace name.
 */
export function isNamespaceName(name: string): boolean {
  return name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}
