package wasi

import (
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
)

// Egress host patterns. A plugin may reach a host over HTTP(S) only if a
// pattern in its manifest (server.python.egress) matches it AND the
// administrator allows it (docs/ARCHITECTURE.md, "Sandbox policy"). A pattern
// is
//
//	api.example.com        that host, any port
//	api.example.com:8443   that host and port only
//	*.slack.com            any subdomain of slack.com (not slack.com itself)
//	203.0.113.7, [2001:db8::1]:443   an IP literal
//
// Names are case-insensitive; no scheme, path or other wildcard is allowed.

var labelRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// ValidateEgressPattern reports why p is not a valid egress host pattern.
func ValidateEgressPattern(p string) error {
	const how = `use a host name such as "api.example.com", "*.example.com" or "api.example.com:8443"`
	if p == "" {
		return fmt.Errorf("empty host: %s", how)
	}
	if strings.Contains(p, "://") || strings.ContainsAny(p, "/?#@ \t") {
		return fmt.Errorf("%q is not a host: give only the host (no scheme, path or user), e.g. %q", p, hostOnly(p))
	}
	host, port, err := splitPattern(p)
	if err != nil {
		return fmt.Errorf("%q: %v: %s", p, err, how)
	}
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%q: port %q is not a number from 1 to 65535", p, port)
		}
	}
	if net.ParseIP(host) != nil {
		return nil
	}
	name := strings.TrimPrefix(host, "*.")
	if strings.Contains(name, "*") {
		return fmt.Errorf("%q: a wildcard is allowed only as the first label (\"*.example.com\")", p)
	}
	labels := strings.Split(name, ".")
	if strings.HasPrefix(host, "*.") && len(labels) < 2 {
		return fmt.Errorf("%q: a wildcard needs a domain with at least two labels, e.g. \"*.example.com\"", p)
	}
	for _, l := range labels {
		if !labelRe.MatchString(strings.ToLower(l)) {
			return fmt.Errorf("%q: %q is not a valid host name label: %s", p, l, how)
		}
	}
	return nil
}

func hostOnly(p string) string {
	if i := strings.Index(p, "://"); i >= 0 {
		p = p[i+3:]
	}
	if i := strings.IndexAny(p, "/?#"); i >= 0 {
		p = p[:i]
	}
	if i := strings.LastIndex(p, "@"); i >= 0 {
		p = p[i+1:]
	}
	return strings.TrimSpace(p)
}

// splitPattern splits "host", "host:port", "[v6]" or "[v6]:port".
func splitPattern(p string) (host, port string, err error) {
	if strings.HasPrefix(p, "[") {
		i := strings.Index(p, "]")
		if i < 0 {
			return "", "", fmt.Errorf("unclosed [")
		}
		host, rest := p[1:i], p[i+1:]
		if net.ParseIP(host) == nil {
			return "", "", fmt.Errorf("%q is not an IPv6 address", host)
		}
		if rest == "" {
			return host, "", nil
		}
		if !strings.HasPrefix(rest, ":") {
			return "", "", fmt.Errorf("unexpected %q after ]", rest)
		}
		return host, rest[1:], nil
	}
	if strings.Count(p, ":") > 1 {
		return "", "", fmt.Errorf("an IPv6 address must be in brackets, e.g. \"[2001:db8::1]\"")
	}
	if i := strings.LastIndex(p, ":"); i >= 0 {
		return p[:i], p[i+1:], nil
	}
	return p, "", nil
}

// EgressMatch reports whether pattern (valid per ValidateEgressPattern)
// matches host (a name or IP, without brackets) and port.
func EgressMatch(pattern, host, port string) bool {
	ph, pp, err := splitPattern(pattern)
	if err != nil {
		return false
	}
	if pp != "" && pp != port {
		return false
	}
	ph = strings.ToLower(strings.TrimSuffix(ph, "."))
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if ip := net.ParseIP(ph); ip != nil {
		return ip.Equal(net.ParseIP(host))
	}
	if suffix, ok := strings.CutPrefix(ph, "*."); ok {
		return strings.HasSuffix(host, "."+suffix) && len(host) > len(suffix)+1
	}
	return ph == host
}

// EgressAllows reports whether any of patterns matches host and port.
func EgressAllows(patterns []string, host, port string) bool {
	for _, p := range patterns {
		if EgressMatch(p, host, port) {
			return true
		}
	}
	return false
}
