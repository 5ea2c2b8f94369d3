/**
 * kubectl reads manifests with sigs.k8s.io/yaml (go-yaml v2, YAML 1.1 rules); YAML 1.2 parsers read
 * some plain scalars and merge keys differently. The CLI parses every document both ways and
 * refuses one whose two readings differ, so a document never means one thing to this tool and
 * another to the cluster.
 */
import { isScalar, parseDocument, Scalar, visit, type Document, type ParseOptions, type DocumentOptions, type SchemaOptions } from 'yaml';

/** A YAML construct whose reading depends on the YAML version, and what the CLI does with it. */
export interface YamlConstruct {
  /** Name used in the error message. */
  readonly construct: string;
  /** Plain scalar text this row names (tested against scalars whose readings differ); null for structural rows. */
  readonly pattern: RegExp | null;
  /** A document using it (the table's tests run each one). */
  readonly example: string;
  /** How kubectl (YAML 1.1, go-yaml v2) reads the example's value. */
  readonly kubectl: string;
  /** How a YAML 1.2 reader reads it. */
  readonly yaml12: string;
  /** `refused`: exit 2 naming the construct and line; `accepted`: both readings agree. */
  readonly verdict: 'refused' | 'accepted';
}

/** The constructs, refused ones first. Documentation (docs/yaml.md) and tests are built from this table. */
export const YAML_CONSTRUCTS: readonly YamlConstruct[] = Object.freeze(
  [
    { construct: 'merge key <<', pattern: null, example: 'spec:\n  <<: {networkPolicy: {egress: [{}]}}\n', kubectl: 'merges the map: spec.networkPolicy is set', yaml12: 'a key named "<<"', verdict: 'refused' },
    { construct: 'integer with a leading 0 (YAML 1.1 octal)', pattern: /^[-+]?0[0-7_]+$/, example: 'port: 065\n', kubectl: '53', yaml12: '65', verdict: 'refused' },
    { construct: '0o octal integer', pattern: /^[-+]?0o[0-7_]+$/, example: 'port: 0o17\n', kubectl: '15 (Go ParseInt)', yaml12: '15, but YAML 1.1 parsers read the string "0o17"', verdict: 'refused' },
    { construct: '0b binary integer', pattern: /^[-+]?0b[01_]+$/, example: 'port: 0b101\n', kubectl: '5', yaml12: 'the string "0b101"', verdict: 'refused' },
    { construct: 'yes/no/on/off/y/n boolean', pattern: /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/, example: 'enabled: yes\n', kubectl: 'true', yaml12: 'the string "yes"', verdict: 'refused' },
    { construct: 'sexagesimal (base 60) number', pattern: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/, example: 'port: 1:20\n', kubectl: 'YAML 1.1 defines 80 (go-yaml v2 keeps the string; refused as the readers disagree)', yaml12: 'the string "1:20"', verdict: 'refused' },
    { construct: 'number with _ digit separators', pattern: /^[-+]?(?:0x)?[0-9a-fA-F_]*_[0-9a-fA-F_.]*$/, example: 'port: 1_000\n', kubectl: '1000', yaml12: 'the string "1_000"', verdict: 'refused' },
    { construct: '%YAML directive', pattern: null, example: '%YAML 1.2\n---\nport: 065\n', kubectl: 'an error (kubectl cuts the directive from its document at ---, and go-yaml v2 accepts only %YAML 1.1)', yaml12: '65', verdict: 'refused' },
    { construct: 'explicit tag (!!binary, !!set, !!omap, ...)', pattern: null, example: 'data: !!binary aGVsbG8=\n', kubectl: 'Go-specific values', yaml12: 'a non-JSON value', verdict: 'refused' },
    { construct: 'hexadecimal integer', pattern: null, example: 'port: 0x1F\n', kubectl: '31', yaml12: '31', verdict: 'accepted' },
    { construct: 'null written ~', pattern: null, example: 'port: ~\n', kubectl: 'null', yaml12: 'null', verdict: 'accepted' },
    { construct: 'date-like string', pattern: null, example: 'note: 2001-12-14\n', kubectl: 'the string "2001-12-14"', yaml12: 'the string "2001-12-14"', verdict: 'accepted' },
    { construct: 'quoted number', pattern: null, example: 'port: "065"\n', kubectl: 'the string "065"', yaml12: 'the string "065"', verdict: 'accepted' },
    { construct: 'true/false', pattern: null, example: 'enabled: true\n', kubectl: 'true', yaml12: 'true', verdict: 'accepted' },
  ].map((row) => Object.freeze(row)) as YamlConstruct[],
);

/** Parser options for the YAML 1.1 reading: merge keys on, timestamps kept as strings (go-yaml v2 does for untyped values). */
export const YAML11_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = Object.freeze({
  version: '1.1',
  merge: true,
  customTags: (tags: SchemaOptions['customTags'] & unknown[]) => tags.filter((t) => (t as { tag?: string }).tag !== 'tag:yaml.org,2002:timestamp'),
}) as ParseOptions & DocumentOptions & SchemaOptions;

/** Where a document's readings differ, for the error message. */
export interface ReadingDifference {
  readonly construct: string;
  /** The scalar's text (or `<<`). */
  readonly text: string;
  /** Offset in the source. */
  readonly offset: number;
  readonly yaml11: string;
  readonly yaml12: string;
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Reads one plain scalar under YAML 1.1 rules, as the value of a map (where it stood). */
function read11(text: string): unknown {
  return (parseDocument(`v: ${text}`, YAML11_OPTIONS).toJS() as { v?: unknown } | null)?.v;
}

/** Tags every reader agrees on; any other explicit tag (`!!binary`, `!!set`, `!foo`) is refused. */
const CORE_TAGS: ReadonlySet<string> = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/**
 * Finds a merge key or a non-core explicit tag in a document (cheap: one walk of the tree).
 * Null when there is none.
 */
export function findStructuralConstruct(doc: Document): ReadingDifference | null {
  if (doc.directives?.yaml.explicit) {
    // The parser would honour `%YAML 1.2` (or 1.1); kubectl's go-yaml v2 reads YAML 1.1 rules regardless.
    return { construct: '%YAML directive', text: `%YAML ${doc.directives.yaml.version}`, offset: 0, yaml11: 'YAML 1.1 rules regardless', yaml12: `YAML ${doc.directives.yaml.version} rules` };
  }
  let found: ReadingDifference | null = null;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.type === Scalar.PLAIN && pair.key.source === '<<') {
        found = { construct: 'merge key <<', text: '<<', offset: pair.key.range?.[0] ?? 0, yaml11: 'a merge into the enclosing map', yaml12: 'a key named "<<"' };
        return visit.BREAK;
      }
      return undefined;
    },
    Node(_, node) {
      const tag = (node as { tag?: string }).tag;
      if (typeof tag === 'string' && !CORE_TAGS.has(tag)) {
        found = { construct: 'explicit tag (!!binary, !!set, !!omap, ...)', text: tag, offset: node.range?.[0] ?? 0, yaml11: 'a value of a Go type', yaml12: 'a value of another type' };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The first plain scalar that YAML 1.1 reads differently from YAML 1.2 (run only when the readings differ). */
export function findScalarDifference(doc: Document): ReadingDifference | null {
  let found: ReadingDifference | null = null;
  visit(doc, {
    Scalar(_, node) {
      if (node.type !== Scalar.PLAIN || typeof node.source !== 'string') return undefined;
      const v11 = read11(node.source);
      if (sameScalar(v11, node.value)) return undefined;
      const row = YAML_CONSTRUCTS.find((r) => r.pattern !== null && r.pattern.test(node.source as string));
      found = { construct: row?.construct ?? 'plain scalar', text: node.source, offset: node.range?.[0] ?? 0, yaml11: show(v11), yaml12: show(node.value) };
      return visit.BREAK;
    },
  });
  return found;
}

function sameScalar(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}
