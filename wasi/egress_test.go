package wasi

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValidateEgressPattern(t *testing.T) {
	for _, ok := range []string{"api.example.com", "API.Example.com", "*.slack.com", "api.example.com:8443", "127.0.0.1", "127.0.0.1:8080", "[::1]", "[2001:db8::1]:443", "localhost"} {
		assert.NoError(t, ValidateEgressPattern(ok), ok)
	}
	for bad, msg := range map[string]string{
		"":                          "empty host",
		"https://api.example.com/x": `give only the host (no scheme, path or user), e.g. "api.example.com"`,
		"api.example.com/v1":        "give only the host",
		"*":                         "wildcard is allowed only as the first label",
		"*.com":                     "at least two labels",
		"api.*.com":                 "wildcard is allowed only as the first label",
		"a..b":                      "not a valid host name label",
		"host:99999":                "port \"99999\" is not a number",
		"::1":                       "must be in brackets",
		"-bad.com":                  "not a valid host name label",
	} {
		err := ValidateEgressPattern(bad)
		if assert.Error(t, err, bad) {
			assert.Contains(t, err.Error(), msg, bad)
		}
	}
}

func TestEgressMatch(t *testing.T) {
	cases := []struct {
		pattern, host, port string
		want                bool
	}{
		{"api.example.com", "api.example.com", "443", true},
		{"api.example.com", "API.EXAMPLE.COM.", "80", true},
		{"api.example.com", "example.com", "443", false},
		{"api.example.com", "evil-api.example.com", "443", false},
		{"api.example.com:8443", "api.example.com", "443", false},
		{"api.example.com:8443", "api.example.com", "8443", true},
		{"*.slack.com", "hooks.slack.com", "443", true},
		{"*.slack.com", "a.b.slack.com", "443", true},
		{"*.slack.com", "slack.com", "443", false},
		{"*.slack.com", "evilslack.com", "443", false},
		{"*.slack.com", "slack.com.evil.org", "443", false},
		{"127.0.0.1", "127.0.0.1", "1234", true},
		{"[::1]:80", "::1", "80", true},
		{"[::1]:80", "::1", "81", false},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, EgressMatch(c.pattern, c.host, c.port), "%s vs %s:%s", c.pattern, c.host, c.port)
	}
	assert.True(t, EgressAllows([]string{"a.com", "*.b.com"}, "x.b.com", "443"))
	assert.False(t, EgressAllows(nil, "a.com", "443"))
}
