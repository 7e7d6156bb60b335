package account

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"strings"
	"time"
)

// Device cookies follow OWASP's "Slow Down Online Guessing Attacks with
// Device Cookies": a browser that has signed in to an account holds a signed
// cookie naming the account and a random nonce, and it is limited by its own
// failures (counted by nonce) instead of the account's and the address's, so
// strangers guessing at an account cannot lock its editor out.

// deviceKeyInfo labels the key device cookies are signed with: it is derived
// from the site key, so no other use of the site key ever shares it.
const deviceKeyInfo = "broadsheet newsroom device cookie v1"

// maxDeviceCookie bounds what ParseDevice reads: a 254-byte login in
// base64 and the other fields fit well within it.
const maxDeviceCookie = 512

// DeviceSigner issues and checks device cookies.
type DeviceSigner struct {
	key []byte
}

// NewDeviceSigner derives the device cookies' key from the site key (HKDF-SHA256).
func NewDeviceSigner(siteKey []byte) *DeviceSigner {
	key, err := hkdf.Key(sha256.New, siteKey, nil, deviceKeyInfo, sha256.Size)
	if err != nil {
		panic(err) // only for a key longer than HKDF-SHA256 can make
	}
	return &DeviceSigner{key: key}
}

// Device is what a device cookie says: the account's login, the nonce that
// names this browser, and when the cookie ends. Parsing does not check it;
// DeviceSigner.Verify does.
type Device struct {
	Login   string
	Nonce   string
	Expires time.Time
	mac     []byte
}

// Issue makes a new device cookie value for the account login, whose device
// secret is secret, valid until expires. The value is
// base64url(login).nonce.expires.base64url(HMAC(key, login, nonce, expires,
// secret)): OWASP's LOGIN,NONCE,SIGNATURE with an expiry, in characters a
// cookie takes without quoting.
func (d *DeviceSigner) Issue(login string, secret []byte, expires time.Time) string {
	nonce := rand.Text()
	exp := expires.Unix()
	return base64.RawURLEncoding.EncodeToString([]byte(login)) + "." + nonce + "." +
		strconv.FormatInt(exp, 10) + "." + base64.RawURLEncoding.EncodeToString(d.sum(login, nonce, exp, secret))
}

// ParseDevice reads a device cookie value's parts; it checks their form only.
func ParseDevice(value string) (Device, bool) {
	if len(value) > maxDeviceCookie {
		return Device{}, false
	}
	parts := strings.Split(value, ".")
	if len(parts) != 4 || !validNonce(parts[1]) {
		return Device{}, false
	}
	login, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil || len(login) == 0 {
		return Device{}, false
	}
	exp, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || exp <= 0 {
		return Device{}, false
	}
	mac, err := base64.RawURLEncoding.DecodeString(parts[3])
	if err != nil || len(mac) != sha256.Size {
		return Device{}, false
	}
	return Device{Login: string(login), Nonce: parts[1], Expires: time.Unix(exp, 0).UTC(), mac: mac}, true
}

// validNonce accepts what rand.Text makes: base32 letters and digits.
func validNonce(s string) bool {
	if len(s) < 16 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('A' <= c && c <= 'Z' || '2' <= c && c <= '7') {
			return false
		}
	}
	return true
}

// Verify reports whether dev was issued by this site for the account login
// under its current device secret, and has not expired at now.
func (d *DeviceSigner) Verify(dev Device, login string, secret []byte, now time.Time) bool {
	if dev.Login != login || !now.Before(dev.Expires) {
		return false
	}
	return hmac.Equal(dev.mac, d.sum(login, dev.Nonce, dev.Expires.Unix(), secret))
}

// sum is the cookie's HMAC; each field is length-prefixed, so no two
// different sets of fields are signed as the same bytes.
func (d *DeviceSigner) sum(login, nonce string, expires int64, secret []byte) []byte {
	m := hmac.New(sha256.New, d.key)
	var b []byte
	for _, f := range [][]byte{[]byte(login), []byte(nonce), []byte(strconv.FormatInt(expires, 10)), secret} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	m.Write(b)
	return m.Sum(nil)
}
