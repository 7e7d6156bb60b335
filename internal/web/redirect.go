package web

import (
	"net/url"
	"strings"
)

// safeLocalPath returns target when it is a path on this site, else fallback.
// It refuses anything a browser could read as another origin: "//evil",
// "/\evil", absolute URLs, control characters, and their percent-encoded forms.
func safeLocalPath(target, fallback string) string {
	if target == "" || len(target) > 2048 || target[0] != '/' {
		return fallback
	}
	// Decode repeatedly so encoded slashes and backslashes cannot hide.
	dec := target
	for i := 0; i < 3; i++ {
		d, err := url.PathUnescape(dec)
		if err != nil {
			return fallback
		}
		if d == dec {
			break
		}
		dec = d
	}
	for _, s := range []string{target, dec} {
		if len(s) > 1 && (s[1] == '/' || s[1] == '\\') {
			return fallback
		}
		if strings.ContainsAny(s, "\\") {
			return fallback
		}
		for i := 0; i < len(s); i++ {
			if s[i] < 0x20 || s[i] == 0x7f {
				return fallback
			}
		}
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return fallback
	}
	return target
}
