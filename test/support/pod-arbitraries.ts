/** fast-check generators of SandboxTemplates and pod specs, for the DNS and patch properties. */
import fc from 'fast-check';
import { baseTemplate } from '../helpers.js';

/** Keys that are neither the fields the defaults touch nor anything JavaScript treats specially. */
const otherKey = fc.stringMatching(/^[a-z][a-zA-Z]{0,8}$/).filter((k) => !['automountServiceAccountToken', 'dnsPolicy', 'dnsConfig'].includes(k));
const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null));
const otherValue = fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(otherKey, leaf, { maxKeys: 3 }));

/** A field that may be absent (`undefined` here means "leave the key out"). */
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 3 });

const dnsConfig = fc.record(
  {
    nameservers: fc.array(fc.constantFrom('10.96.0.10', '8.8.4.4', 'fd00::a'), { maxLength: 3 }),
    searches: fc.array(fc.constantFrom('svc.cluster.local', 'example.com'), { maxLength: 2 }),
    options: fc.array(fc.record({ name: fc.constantFrom('ndots', 'edns0'), value: fc.constantFrom('1', '5') }, { requiredKeys: ['name'] }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

/** A pod spec as JSON: the three defaulted fields in every state, plus unrelated fields. */
export const podSpecArb: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    maybe(fc.constantFrom(true, false, null)),
    maybe(fc.constantFrom('ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None', '', null)),
    maybe(fc.oneof(fc.constant(null), dnsConfig)),
    fc.dictionary(otherKey, otherValue, { maxKeys: 4 }),
  )
  .map(([automount, dnsPolicy, dns, rest]) => {
    const spec: Record<string, unknown> = { ...rest };
    if (automount !== undefined) spec.automountServiceAccountToken = automount;
    if (dnsPolicy !== undefined) spec.dnsPolicy = dnsPolicy;
    if (dns !== undefined) spec.dnsConfig = dns;
    return spec;
  });

/** A SandboxTemplate in each management mode, with no, null, empty or real rules of its own. */
export const templateArb: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    maybe(fc.constantFrom('', 'Managed', 'Unmanaged')),
    maybe(fc.constantFrom<unknown>(null, {}, { egress: [{}] }, { ingress: [] })),
    maybe(podSpecArb),
  )
  .map(([management, networkPolicy, podSpec]) => {
    const spec: Record<string, unknown> = {};
    if (management !== undefined) spec.networkPolicyManagement = management;
    if (networkPolicy !== undefined) spec.networkPolicy = networkPolicy;
    if (podSpec !== undefined) spec.podTemplate = { spec: podSpec };
    return baseTemplate(spec);
  });

/** The rule of the controller's DNS override, read from its source: Managed, no rules, no dnsPolicy. */
export function controllerOverridesDns(template: Record<string, unknown>, podSpec: Record<string, unknown>): boolean {
  const spec = template.spec as Record<string, unknown>;
  const managed = spec.networkPolicyManagement === undefined || spec.networkPolicyManagement === '' || spec.networkPolicyManagement === 'Managed';
  const noRules = spec.networkPolicy === undefined || spec.networkPolicy === null;
  const noDnsPolicy = podSpec.dnsPolicy === undefined || podSpec.dnsPolicy === null || podSpec.dnsPolicy === '';
  return managed && noRules && noDnsPolicy;
}
