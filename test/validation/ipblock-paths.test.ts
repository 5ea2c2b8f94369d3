// Paths under a peer list are built only when an issue is reported: every kind of ipBlock issue,
// at every depth, must still name its exact field path (hand-written expectations, from the API
// server's field paths: spec.<direction>[i].<to|from>[j].ipBlock.<cidr|except[k]>).
import { describe, expect, it } from 'vitest';
import { validateNetworkPolicySpec } from '../../src/index.js';

const at = (spec: Record<string, unknown>, options?: { strictCidr?: boolean }) =>
  validateNetworkPolicySpec({ podSelector: {}, ...spec }, options).map((i) => `${i.severity} ${i.path} ${i.reason} ${i.message}`);

describe('ipBlock issue paths', () => {
  it('names the peer, the block, the cidr and each except', () => {
    const spec = {
      ingress: [{}, { from: [{ podSelector: {} }, { ipBlock: 'x' }, { ipBlock: { except: ['10.0.0.0/8'] } }, { ipBlock: { cidr: 7 } }] }],
      egress: [
        { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: 'x' } }, { ipBlock: { cidr: '10.0.0.0/8', except: [5, '10.1.0.0/16', '11.0.0.0/16', '10.0.0.0/8', '10.1.0.1/16', 'x'] } }] },
        { to: [{}, { ipBlock: { cidr: '2001:DB8::/32' }, podSelector: {} }, { ipBlock: { cidr: 'fd00::/8', except: ['fd00::/16', '10.0.0.0/16', 'fd00:0::/16'] } }] },
      ],
    };
    expect(at(spec)).toEqual([
      'error spec.ingress[1].from[1].ipBlock wrong-type Invalid value: "x": must be an ipBlock object',
      'error spec.ingress[1].from[2].ipBlock.cidr required Required value',
      'error spec.ingress[1].from[3].ipBlock.cidr wrong-type Invalid value: 7: must be a CIDR string',
      'error spec.egress[0].to[0].ipBlock.except wrong-type Invalid value: "x": must be a list',
      'error spec.egress[0].to[1].ipBlock.except[0] wrong-type Invalid value: 5: must be a CIDR string',
      'error spec.egress[0].to[1].ipBlock.except[2] except-not-subset Invalid value: "11.0.0.0/16": must be a strict subset of `cidr`',
      'error spec.egress[0].to[1].ipBlock.except[3] except-not-subset Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`',
      'error spec.egress[0].to[1].ipBlock.except[4] host-bits Invalid value: "10.1.0.1/16": must not have bits set beyond the prefix length',
      'error spec.egress[0].to[1].ipBlock.except[5] invalid-cidr Invalid value: "x": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      'error spec.egress[1].to[0] required Required value: must specify a peer',
      'warning spec.egress[1].to[1].ipBlock.cidr noncanonical-ipv6 IPv6 CIDR value "2001:DB8::/32" should be in RFC 5952 canonical format ("2001:db8::/32")',
      'error spec.egress[1].to[1] forbidden Forbidden: may not specify both ipBlock and another peer',
      'error spec.egress[1].to[2].ipBlock.except[1] except-not-subset Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`',
      'warning spec.egress[1].to[2].ipBlock.except[2] noncanonical-ipv6 IPv6 CIDR value "fd00:0::/16" should be in RFC 5952 canonical format ("fd00::/16")',
    ]);
  });
  it('legacy mode: the host-bits except is a warning, and still checked as a subset of the masked network', () => {
    expect(at({ egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.1/16', '11.0.0.1/16'] } }] }] }, { strictCidr: false })).toEqual([
      'warning spec.egress[0].to[0].ipBlock.except[0] host-bits CIDR value "10.1.0.1/16" is ambiguous in this context (should be "10.1.0.0/16" or "10.1.0.1/32"?)',
      'warning spec.egress[0].to[0].ipBlock.except[1] host-bits CIDR value "11.0.0.1/16" is ambiguous in this context (should be "11.0.0.0/16" or "11.0.0.1/32"?)',
      'error spec.egress[0].to[0].ipBlock.except[1] except-not-subset Invalid value: "11.0.0.1/16": must be a strict subset of `cidr`',
    ]);
  });
});
