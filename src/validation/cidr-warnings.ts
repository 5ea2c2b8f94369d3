/**
 * The API server's warnings for a CIDR it accepts (`GetWarningsForCIDR` in apimachinery's
 * `validation/ip.go`), word for word. Internal.
 */
import { hostBitsAlternative, type ParsedCidr } from '../cidr/prefix.js';
import { goQuote } from './go-quote.js';
import type { IssueReason } from './field.js';

/**
 * Every warning the API server gives for a CIDR the legacy parser accepts, in its order:
 * "ambiguous" when bits are set beyond the prefix length; "non-standard" for leading zeros or an
 * IPv4-mapped address (both warnings when both apply); otherwise, for IPv6 text that is not
 * RFC 5952 canonical, "should be in RFC 5952 canonical format".
 */
export function cidrWarnings(parsed: ParsedCidr): Array<{ readonly message: string; readonly reason: IssueReason }> {
  if (parsed.strictProblem === null && !parsed.nonCanonicalText) return [];
  const text = goQuote(parsed.text);
  const canonical = goQuote(parsed.canonical);
  const warnings: Array<{ readonly message: string; readonly reason: IssueReason }> = [];
  const single = hostBitsAlternative(parsed);
  if (single !== null) {
    warnings.push({ message: `CIDR value ${text} is ambiguous in this context (should be ${canonical} or ${goQuote(single)}?)`, reason: 'host-bits' });
  }
  if (parsed.strictProblem === 'leading-zeros' || parsed.strictProblem === 'ipv4-mapped') {
    warnings.push({ message: `non-standard CIDR value ${text} will be considered invalid in a future Kubernetes release: use ${canonical}`, reason: parsed.strictProblem });
  }
  if (warnings.length === 0 && parsed.nonCanonicalText) {
    warnings.push({ message: `IPv6 CIDR value ${text} should be in RFC 5952 canonical format (${canonical})`, reason: 'noncanonical-ipv6' });
  }
  return warnings;
}
