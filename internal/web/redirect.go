package web

import (
	"net/url"
	"strings"
)

// safeLocalPath returns target when it is a path on this site, else fallback.
// Only the path can make a browser leave the site, so the path is what is
// checked, in every percent-decoded form: "//evil", "/\evil", absolute URLs
// and their encodings are refused. The query and fragment are the page's own
// business (a search for "100% R&D \ x" must survive the trip) and need only
// be free of control characters, like the rest of the target.
func safeLocalPath(target, fallback string) string {
	if target == "" || len(target) > 2048 || target[0] != '/' || hasControl(target) {
		return fallback
	}
	path := target
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	// Decode repeatedly so encoded slashes and backslashes cannot hide.
	dec := path
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
	for _, s := range []string{path, dec} {
		if len(s) > 1 && s[1] == '/' || strings.ContainsRune(s, '\\') || hasControl(s) {
			return fallback
		}
	}
	u, err := url.Parse(path)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return fallback
	}
	return target
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}
