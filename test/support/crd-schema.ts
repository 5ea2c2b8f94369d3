/**
 * The ClusterNetworkPolicy CRD's openAPIV3Schema (copied verbatim into test/fixtures/crds/) compiled
 * with ajv, as an independent check of what the API server's schema validation accepts.
 *
 * How the Kubernetes extensions are read:
 * - `x-kubernetes-list-type: set`: items must be unique (the API server rejects duplicates);
 * - `x-kubernetes-validations` (CEL), `x-kubernetes-map-type` and `x-kubernetes-list-map-keys`: annotations only here — ajv
 *   cannot run CEL, so the CEL rules are covered by our validator's own tests;
 * - `format: int32`: an integer in the int32 range.
 * `strictFields: true` adds `additionalProperties: false` to every object schema that lists its
 * properties (the API server's strict field validation, kubectl's default); without it unknown
 * fields pass, as the API server prunes them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { FIXTURES } from '../helpers.js';

export type Channel = 'standard' | 'experimental';

export function crdSchema(channel: Channel): Record<string, unknown> {
  const crd = parse(readFileSync(join(FIXTURES, 'crds', `clusternetworkpolicies-${channel}.yaml`), 'utf8')) as {
    spec: { versions: Array<{ name: string; schema: { openAPIV3Schema: Record<string, unknown> } }> };
  };
  const version = crd.spec.versions.find((v) => v.name === 'v1alpha2')!;
  return version.schema.openAPIV3Schema;
}

function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, closeObjects(s)])) : closeObjects(v);
  if (out.type === 'object' && out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const cache = new Map<string, ValidateFunction>();

export function crdValidator(channel: Channel, strictFields = true): ValidateFunction {
  const id = `${channel}/${strictFields}`;
  let validate = cache.get(id);
  if (validate) return validate;
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  ajv.addKeyword({ keyword: 'x-kubernetes-validations' });
  ajv.addKeyword({ keyword: 'x-kubernetes-map-type' });
  ajv.addKeyword({ keyword: 'x-kubernetes-list-map-keys' }); // status.conditions only
  ajv.addKeyword({
    keyword: 'x-kubernetes-list-type',
    type: 'array',
    schemaType: 'string',
    validate: (kind: string, data: unknown[]) => kind !== 'set' || new Set(data.map((d) => JSON.stringify(d))).size === data.length,
  });
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/); // status.conditions only
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) }); // status.conditions only
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  // The metadata schema is just `type: object`; keep it open even in strict-fields mode.
  const schema = crdSchema(channel);
  const strict = strictFields ? (closeObjects(schema) as Record<string, { metadata?: unknown }>) : schema;
  if (strictFields) {
    const props = strict.properties as Record<string, Record<string, unknown>>;
    props.metadata = { type: 'object' };
  }
  validate = ajv.compile(strict);
  cache.set(id, validate);
  return validate;
}

/** ajv's errors for a value, as `instancePath keyword` strings (empty when valid). */
export function crdErrors(value: unknown, channel: Channel = 'experimental', strictFields = true): string[] {
  const validate = crdValidator(channel, strictFields);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
}
