package main

import (
	"io"
	"strings"
	"testing"
)

// An https:// base URL makes the site secure (Secure cookies with prefixes,
// HSTS) by itself; the flag forces it on for a TLS proxy with an http base
// URL, and cannot turn it off for an https one.
func TestSecureCookiesFollowBaseURL(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want bool
	}{
		{nil, nil, false},
		{[]string{"--base-url", "https://news.example"}, nil, true},
		{[]string{"--base-url", "HTTPS://news.example/"}, nil, true},
		{nil, map[string]string{"BROADSHEET_BASE_URL": "https://news.example"}, true},
		{[]string{"--base-url", "http://news.example"}, nil, false},
		{[]string{"--base-url", "http://news.example", "--secure-cookies", "true"}, nil, true},
		{[]string{"--secure-cookies", "1"}, nil, true},
		{[]string{"--base-url", "https://news.example", "--secure-cookies", "true"}, nil, true},
		{[]string{"--base-url", "http://news.example", "--secure-cookies", "false"}, nil, false},
	} {
		c, err := parseConfig(tc.args, env(tc.env), io.Discard)
		if err != nil {
			t.Fatalf("%v %v: %v", tc.args, tc.env, err)
		}
		if c.SecureCookies != tc.want {
			t.Errorf("%v %v: SecureCookies=%v, want %v", tc.args, tc.env, c.SecureCookies, tc.want)
		}
	}
	for _, tc := range []struct {
		args []string
		env  map[string]string
	}{
		{[]string{"--base-url", "https://news.example", "--secure-cookies", "false"}, nil},
		{nil, map[string]string{"BROADSHEET_BASE_URL": "https://news.example", "BROADSHEET_SECURE_COOKIES": "false"}},
	} {
		_, err := parseConfig(tc.args, env(tc.env), io.Discard)
		if err == nil || !strings.Contains(err.Error(), "--secure-cookies") || !strings.Contains(err.Error(), "Secure") {
			t.Errorf("%v %v: err=%v, want a refusal naming --secure-cookies", tc.args, tc.env, err)
		}
	}
}
