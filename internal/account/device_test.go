package account

import (
	"crypto/hmac"
	"crypto/sha256"
	"strings"
	"testing"
	"time"
)

func TestDeviceCookie(t *testing.T) {
	siteKey := []byte("0123456789abcdef0123456789abcdef-site")
	d := NewDeviceSigner(siteKey)
	secret := []byte("0123456789abcdef")
	now := time.Unix(1_800_000_000, 0)
	v := d.Issue("Ada@example.com", secret, now.Add(time.Hour))
	if strings.ContainsAny(v, `,; "\`) {
		t.Fatalf("value %q needs quoting in a cookie", v)
	}
	dev, ok := ParseDevice(v)
	if !ok || dev.Login != "Ada@example.com" || !dev.Expires.Equal(now.Add(time.Hour)) || len(dev.Nonce) < 16 {
		t.Fatalf("ParseDevice(%q) = %+v, %v", v, dev, ok)
	}
	if !d.Verify(dev, "Ada@example.com", secret, now) {
		t.Fatal("a fresh device cookie does not verify")
	}
	if again, _ := ParseDevice(d.Issue("Ada@example.com", secret, now.Add(time.Hour))); again.Nonce == dev.Nonce {
		t.Fatal("two device cookies share a nonce")
	}
	for name, ok := range map[string]bool{
		"another login":      d.Verify(dev, "bo@example.com", secret, now),
		"another secret":     d.Verify(dev, "Ada@example.com", []byte("fedcba9876543210"), now),
		"at its end":         d.Verify(dev, "Ada@example.com", secret, now.Add(time.Hour)),
		"after its end":      d.Verify(dev, "Ada@example.com", secret, now.Add(2*time.Hour)),
		"another site's key": NewDeviceSigner([]byte("another site key, thirty-two bytes long")).Verify(dev, "Ada@example.com", secret, now),
	} {
		if ok {
			t.Errorf("a device cookie verifies with %s", name)
		}
	}

	// The key is derived from the site key, never the site key itself.
	if hmac.Equal(d.key, siteKey) || len(d.key) != sha256.Size {
		t.Fatal("device cookies are signed with the site key itself")
	}

	parts := strings.Split(v, ".")
	for _, bad := range []string{
		"", "garbage", strings.Join(parts[:3], "."), v + ".x",
		strings.Join([]string{"", parts[1], parts[2], parts[3]}, "."),
		strings.Join([]string{"!!", parts[1], parts[2], parts[3]}, "."),
		strings.Join([]string{parts[0], "short", parts[2], parts[3]}, "."),
		strings.Join([]string{parts[0], strings.ToLower(parts[1]), parts[2], parts[3]}, "."),
		strings.Join([]string{parts[0], parts[1], "-5", parts[3]}, "."),
		strings.Join([]string{parts[0], parts[1], "soon", parts[3]}, "."),
		strings.Join([]string{parts[0], parts[1], parts[2], parts[3][:20]}, "."),
		strings.Repeat("A", 600),
	} {
		if _, ok := ParseDevice(bad); ok {
			t.Errorf("ParseDevice(%.40q) accepted it", bad)
		}
	}
	// Any field changed breaks the signature.
	for i := range parts {
		p := append([]string(nil), parts...)
		p[i] = changeFirst(p[i])
		if i == 2 {
			p[i] = "1900000000"
		}
		if dev, ok := ParseDevice(strings.Join(p, ".")); ok && d.Verify(dev, dev.Login, secret, now) {
			t.Errorf("a cookie with part %d changed still verifies", i)
		}
	}
}

// changeFirst changes a base32 or base64url field's first character.
func changeFirst(s string) string {
	if s[0] == 'B' {
		return "C" + s[1:]
	}
	return "B" + s[1:]
}
