// Command cidrdiff prints what Kubernetes' Go code makes of CIDR and IP text, for the differential
// test in test/go/differential.ts. It reads one JSON object per line on stdin,
//
//	{"cidr": "10.0.0.1/8", "except": ["10.1.0.0/16"], "ip": "10.0.0.7"}
//
// and writes one JSON object per line on stdout with:
//
//   - sloppy: netutils.ParseCIDRSloppy(cidr) (k8s.io/utils/net, the real code from Debian's
//     golang-k8s-utils-dev): the address, the network, and the mask's ones and bits;
//   - std: net.ParseCIDR(cidr), under current Go's rules (see overlongIPv6Field);
//   - addr: netutils.ParseIPSloppy(ip).String(), and contains: the sloppy network's Contains(that IP);
//   - strict, legacy: the errors of ValidateIPBlock({cidr, except}) with StrictIPCIDRValidation on
//     and off, and warnings: GetWarningsForCIDR for the cidr and each except.
//
// Debian ships k8s.io/utils but not k8s.io/apimachinery, so parseCIDR, GetWarningsForCIDR,
// ValidateIPBlock and field.Error's message body are reproduced below from the upstream sources:
//
//	kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/validation/ip.go
//	kubernetes/kubernetes pkg/apis/networking/validation/validation.go (ValidateIPBlock)
//	kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go (ErrorBody)
//
// Build offline in GOPATH mode: GO111MODULE=off GOPATH=/usr/share/gocode go build.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"

	netutils "k8s.io/utils/net"
)

type input struct {
	Cidr   string   `json:"cidr"`
	Except []string `json:"except"`
	IP     string   `json:"ip"`
}

type parsed struct {
	IP   string `json:"ip"`
	Net  string `json:"net"`
	Ones int    `json:"ones"`
	Bits int    `json:"bits"`
}

type issue struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

type output struct {
	Sloppy   *parsed `json:"sloppy"`
	Std      *parsed `json:"std"`
	Addr     *string `json:"addr"`
	Contains *bool   `json:"contains"`
	Strict   []issue `json:"strict"`
	Legacy   []issue `json:"legacy"`
	Warnings []issue `json:"warnings"`
}

// Debian's Go is 1.19; the API server is built with a current Go, whose net/netip (and so
// net.ParseIP and net.ParseCIDR, which use it since Go 1.22) rejects two things Go 1.19 accepts.
// These pre-checks apply current Go's rules before calling Go 1.19's parsers.

// overlongIPv6Field reports an IPv6 field of more than four hex digits ("::00001"), which
// current netip.ParseAddr rejects and Go 1.19's accepts.
func overlongIPv6Field(addr string) bool {
	if !strings.Contains(addr, ":") {
		return false
	}
	if z := strings.IndexByte(addr, '%'); z >= 0 {
		addr = addr[:z]
	}
	for _, field := range strings.Split(addr, ":") {
		if !strings.Contains(field, ".") && len(field) > 4 {
			return true
		}
	}
	return false
}

// prefixRejectedByCurrentGo reports a prefix that current netip.ParsePrefix rejects and Go
// 1.19's accepts: an overlong IPv6 field, or a prefix length with a leading zero or a sign
// ("/08", "/+8"; Go 1.19 read it with strconv.Atoi).
func prefixRejectedByCurrentGo(s string) bool {
	i := strings.LastIndexByte(s, '/')
	if i < 0 {
		return false
	}
	bits := s[i+1:]
	if len(bits) > 1 && (bits[0] < '1' || bits[0] > '9') {
		return true
	}
	return overlongIPv6Field(s[:i])
}

func parsePrefix(s string) (netip.Prefix, error) {
	if prefixRejectedByCurrentGo(s) {
		return netip.Prefix{}, errors.New("rejected by current Go")
	}
	return netip.ParsePrefix(s)
}

func describe(ip net.IP, ipnet *net.IPNet) *parsed {
	ones, bits := ipnet.Mask.Size()
	return &parsed{IP: ip.String(), Net: ipnet.String(), Ones: ones, Bits: bits}
}

// invalid is field.Invalid(path, value, detail) printed by ErrorBody (a string value is %q-quoted).
func invalid(path, value, detail string) issue {
	return issue{Path: path, Message: fmt.Sprintf("Invalid value: %q: %s", value, detail)}
}

// parseCIDR reproduces apimachinery validation.parseCIDR (ip.go).
func parseCIDR(path, value string, strict bool) (*net.IPNet, []issue) {
	_, ipnet, err := netutils.ParseCIDRSloppy(value)
	if err != nil {
		return nil, []issue{invalid(path, value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")}
	}
	var errs []issue
	if strict {
		prefix, err := parsePrefix(value)
		if err != nil {
			errs = append(errs, invalid(path, value, "must not have leading 0s in IP or prefix length"))
		} else if prefix.Addr().Is4In6() {
			errs = append(errs, invalid(path, value, "must not have an IPv4-mapped IPv6 address"))
		} else if prefix.Addr() != prefix.Masked().Addr() {
			errs = append(errs, invalid(path, value, "must not have bits set beyond the prefix length"))
		}
	}
	return ipnet, errs
}

// warningsForCIDR reproduces apimachinery validation.GetWarningsForCIDR (ip.go), with the field
// path kept apart from the message instead of prefixed to it.
func warningsForCIDR(path, value string) []issue {
	ip, ipnet, err := netutils.ParseCIDRSloppy(value)
	if err != nil {
		return nil
	}
	var warnings []issue
	if !ip.Equal(ipnet.IP) {
		_, addrlen := ipnet.Mask.Size()
		single := fmt.Sprintf("%s/%d", ip.String(), addrlen)
		warnings = append(warnings, issue{path, fmt.Sprintf("CIDR value %q is ambiguous in this context (should be %q or %q?)", value, ipnet.String(), single)})
	}
	prefix, _ := parsePrefix(value)
	addr := prefix.Addr()
	if !prefix.IsValid() || addr.Is4In6() {
		warnings = append(warnings, issue{path, fmt.Sprintf("non-standard CIDR value %q will be considered invalid in a future Kubernetes release: use %q", value, ipnet.String())})
	}
	if len(warnings) == 0 && addr.Is6() && prefix.String() != value {
		warnings = append(warnings, issue{path, fmt.Sprintf("IPv6 CIDR value %q should be in RFC 5952 canonical format (%q)", value, prefix.String())})
	}
	return warnings
}

// validateIPBlock reproduces networking validation.ValidateIPBlock.
func validateIPBlock(in input, path string, strict bool) []issue {
	if in.Cidr == "" {
		return []issue{{Path: path + ".cidr", Message: "Required value"}}
	}
	cidrNet, errs := parseCIDR(path+".cidr", in.Cidr, strict)
	if cidrNet == nil {
		return errs
	}
	for i, except := range in.Except {
		p := fmt.Sprintf("%s.except[%d]", path, i)
		exceptNet, exceptErrs := parseCIDR(p, except, strict)
		errs = append(errs, exceptErrs...)
		if exceptNet == nil {
			continue
		}
		cidrMaskLen, _ := cidrNet.Mask.Size()
		exceptMaskLen, _ := exceptNet.Mask.Size()
		if !cidrNet.Contains(exceptNet.IP) || cidrMaskLen >= exceptMaskLen {
			errs = append(errs, invalid(p, except, "must be a strict subset of `cidr`"))
		}
	}
	return errs
}

func run(in input) output {
	const path = "spec.egress[0].to[0].ipBlock"
	var out output
	ip, ipnet, err := netutils.ParseCIDRSloppy(in.Cidr)
	if err == nil {
		out.Sloppy = describe(ip, ipnet)
	}
	// Current net.ParseCIDR parses the address with netip.ParseAddr and the length with dtoi
	// (leading zeros allowed), so only the overlong-field rule applies to it.
	if slash := strings.IndexByte(in.Cidr, '/'); slash < 0 || !overlongIPv6Field(in.Cidr[:slash]) {
		if ip, ipnet, err := net.ParseCIDR(in.Cidr); err == nil {
			out.Std = describe(ip, ipnet)
		}
	}
	if a := netutils.ParseIPSloppy(in.IP); a != nil {
		s := a.String()
		out.Addr = &s
		if out.Sloppy != nil {
			c := ipnet.Contains(a)
			out.Contains = &c
		}
	}
	out.Strict = validateIPBlock(in, path, true)
	out.Legacy = validateIPBlock(in, path, false)
	// Warnings for the excepts only when the cidr parses: with an invalid cidr the API server
	// rejects the object in both modes (and then returns no warnings at all), and the library's
	// validation stops at the cidr, as ValidateIPBlock does.
	if in.Cidr != "" {
		out.Warnings = warningsForCIDR(path+".cidr", in.Cidr)
		if out.Sloppy != nil {
			for i, except := range in.Except {
				out.Warnings = append(out.Warnings, warningsForCIDR(fmt.Sprintf("%s.except[%d]", path, i), except)...)
			}
		}
	}
	return out
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<26)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	for scanner.Scan() {
		var in input
		if err := json.Unmarshal(scanner.Bytes(), &in); err != nil {
			fmt.Fprintln(os.Stderr, "cidrdiff: bad input line:", err)
			os.Exit(2)
		}
		if err := enc.Encode(run(in)); err != nil {
			fmt.Fprintln(os.Stderr, "cidrdiff:", err)
			os.Exit(2)
		}
	}
	if err := scanner.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "cidrdiff:", err)
		os.Exit(2)
	}
}
