package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"broadsheet/internal/account"
	"broadsheet/internal/news"
	"broadsheet/internal/store"
)

// newProxiedSite is a newsroom test site behind a trusted proxy on loopback,
// so each request names its client in X-Forwarded-For.
func newProxiedSite(t *testing.T, opts ...func(*Config)) (*Server, *store.Store, string) {
	t.Helper()
	return newNewsroomSite(t, append([]func(*Config){func(c *Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	}}, opts...)...)
}

// signInFrom signs c in as email from the client address addr.
func (c *newsroomClient) signInFrom(addr, email, password string) (*http.Response, string) {
	c.t.Helper()
	return c.post("/newsroom/login", url.Values{"email": {email}, "password": {password}}, "X-Forwarded-For: "+addr)
}

// device is the device cookie c holds, or "".
func (c *newsroomClient) device() string {
	u, _ := url.Parse(c.base + "/newsroom/login")
	for _, k := range c.http.Jar.Cookies(u) {
		if k.Name == deviceCookie {
			return k.Value
		}
	}
	return ""
}

// clientWithDevice is a new browser holding the device cookie value.
func clientWithDevice(t *testing.T, base, value string) *newsroomClient {
	c := newClient(t, base)
	u, _ := url.Parse(base + "/newsroom/")
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: deviceCookie, Value: value, Path: "/newsroom"}})
	return c
}

// lockedLog collects the log lines that the server's goroutines write.
type lockedLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *lockedLog) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *lockedLog) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// lockAccount fails against email from addr until unknown clients are refused.
func lockAccount(t *testing.T, base, addr, email string) {
	t.Helper()
	attacker := newClient(t, base)
	for i := 0; i < 25; i++ {
		resp, _ := attacker.signInFrom(addr, email, fmt.Sprintf("guess number %d", i))
		want := http.StatusUnauthorized
		if i >= 5 {
			want = http.StatusTooManyRequests
		}
		mustStatus(t, resp, want)
	}
}

// TestNewsroomDeviceCookieOutlastsAttack: while a stranger burns an
// account's limit for unknown clients and the limit of their own address,
// the editor's usual browser still signs in; a new browser does not.
func TestNewsroomDeviceCookieOutlastsAttack(t *testing.T) {
	var logs lockedLog
	_, st, base := newProxiedSite(t, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	addUser(t, st, "ada@example.com", news.RoleEditor)
	editor := newClient(t, base)
	resp, _ := editor.signInFrom("203.0.113.5", "ada@example.com", testPassword)
	mustStatus(t, resp, http.StatusSeeOther)
	if editor.device() == "" {
		t.Fatal("signing in did not give the browser a device cookie")
	}

	lockAccount(t, base, "198.51.100.7", "ada@example.com")
	// The address is spent too: no account can be tried from it by an unknown client.
	addUser(t, st, "bo@example.com", news.RoleEditor)
	resp, _ = newClient(t, base).signInFrom("198.51.100.7", "bo@example.com", testPassword)
	mustStatus(t, resp, http.StatusTooManyRequests)

	// A new browser of the editor, from a new address, waits like any stranger,
	// and is told that a browser that signed in before would not.
	fresh := newClient(t, base)
	resp, body := fresh.signInFrom("203.0.113.9", "ada@example.com", testPassword)
	mustStatus(t, resp, http.StatusTooManyRequests)
	if !strings.Contains(body, "Too many failed sign-ins. Try again in 15 minutes.") || !strings.Contains(body, "signed in with before") {
		t.Fatal("an unknown browser is not told how long to wait and what still works")
	}

	zh := newClient(t, base)
	zh.lang = "zh-CN"
	resp, body = zh.signInFrom("203.0.113.10", "ada@example.com", testPassword)
	mustStatus(t, resp, http.StatusTooManyRequests)
	if !strings.Contains(body, "登录失败次数过多，请15分钟后再试。您以前登录过的浏览器现在仍可正常登录。") {
		t.Fatal("an unknown browser is not told in Chinese")
	}

	// The editor's usual browser signs in, from its own address and from the attacker's.
	resp, _ = editor.signInFrom("203.0.113.5", "ada@example.com", testPassword)
	mustStatus(t, resp, http.StatusSeeOther)
	resp, _ = editor.signInFrom("198.51.100.7", "ada@example.com", testPassword)
	mustStatus(t, resp, http.StatusSeeOther)
	// Its typo is its own failure (401, not 429), and it signs in after.
	resp, _ = editor.signInFrom("203.0.113.5", "ada@example.com", "a typo in it")
	mustStatus(t, resp, http.StatusUnauthorized)
	resp, _ = editor.signInFrom("203.0.113.5", "ada@example.com", testPassword)
	mustStatus(t, resp, http.StatusSeeOther)
	// The editor signing in does not wipe the stranger's failures.
	resp, _ = fresh.signInFrom("203.0.113.9", "ada@example.com", testPassword)
	mustStatus(t, resp, http.StatusTooManyRequests)

	log := logs.String()
	for _, want := range []string{
		`msg="newsroom sign-in failed" email=ada@example.com addr=198.51.100.7 known_device=false reason="wrong password"`,
		`msg="newsroom sign-in refused: too many failures" email=ada@example.com addr=203.0.113.9 known_device=false`,
		`msg="newsroom sign-in" email=ada@example.com addr=198.51.100.7 known_device=true`,
		`msg="newsroom sign-in failed" email=ada@example.com addr=203.0.113.5 known_device=true reason="wrong password"`,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the log has no line with %s", want)
		}
	}
	if strings.Contains(log, testPassword) || strings.Contains(log, "a typo in it") {
		t.Fatal("a password reached the log")
	}
}

// TestNewsroomDeviceCookiesThatDoNotCount: only a cookie this site issued
// for the account being signed in to, unexpired, since its password last
// changed and since it was last disabled, exempts a browser.
func TestNewsroomDeviceCookiesThatDoNotCount(t *testing.T) {
	srv, st, base := newProxiedSite(t)
	ctx := context.Background()
	addUser(t, st, "boss@example.com", news.RoleAdmin)
	ada := addUser(t, st, "ada@example.com", news.RoleEditor)
	addUser(t, st, "bo@example.com", news.RoleEditor)
	issued := func(email string) string {
		c := newClient(t, base)
		resp, _ := c.signInFrom("203.0.113.5", email, testPassword)
		mustStatus(t, resp, http.StatusSeeOther)
		return c.device()
	}

	beforePassword := issued("ada@example.com")
	h, err := account.Hash(testPassword) // the same password, set again: a new hash all the same
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetPassword(ctx, ada.ID, h); err != nil {
		t.Fatal(err)
	}
	beforeDisabled := issued("ada@example.com")
	if err := st.UpdateUser(ctx, ada.ID, news.RoleEditor, true, ""); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateUser(ctx, ada.ID, news.RoleEditor, false, ""); err != nil {
		t.Fatal(err)
	}
	current := issued("ada@example.com")
	bos := issued("bo@example.com")

	_, _, secret, err := st.SignInUser(ctx, "ada@example.com")
	if err != nil {
		t.Fatal(err)
	}
	now := srv.cfg.Now()
	dev, _ := account.ParseDevice(current)
	parts := strings.Split(current, ".")
	flip := func(s string) string { // another first character, valid in base32 and base64url
		if s[0] == 'B' {
			return "C" + s[1:]
		}
		return "B" + s[1:]
	}
	otherKey := account.NewDeviceSigner([]byte("another site's key, just as long as ours"))
	cases := []struct{ name, value string }{
		{"another account's", bos},
		{"from before the password changed", beforePassword},
		{"from before the account was disabled", beforeDisabled},
		{"expired", srv.devices.Issue("ada@example.com", secret, now.Add(-time.Second))},
		{"signed with another key", otherKey.Issue("ada@example.com", secret, now.Add(time.Hour))},
		{"with its signature changed", strings.Join([]string{parts[0], parts[1], parts[2], flip(parts[3])}, ".")},
		{"with its nonce changed", strings.Join([]string{parts[0], flip(dev.Nonce), parts[2], parts[3]}, ".")},
		{"with its end moved", strings.Join([]string{parts[0], parts[1], fmt.Sprint(now.Add(2 * deviceLifetime).Unix()), parts[3]}, ".")},
		{"with bo's signature on ada's name", strings.Join(append([]string{parts[0]}, strings.Split(bos, ".")[1:]...), ".")},
		{"garbage", "garbage"},
		{"huge", strings.Repeat("A", 4000)},
	}

	lockAccount(t, base, "198.51.100.7", "ada@example.com")
	for i, c := range cases {
		resp, _ := clientWithDevice(t, base, c.value).signInFrom(fmt.Sprintf("203.0.113.%d", 20+i), "ada@example.com", testPassword)
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("a device cookie %s: status %d, want 429", c.name, resp.StatusCode)
		}
	}
	resp, _ := clientWithDevice(t, base, current).signInFrom("203.0.113.50", "ada@example.com", testPassword)
	mustStatus(t, resp, http.StatusSeeOther)
}

// TestNewsroomDeviceCookieLocksItself: a known browser that fails too often
// is refused for the window like a stranger would be, without locking the
// account for anyone else.
func TestNewsroomDeviceCookieLocksItself(t *testing.T) {
	_, st, base := newProxiedSite(t)
	addUser(t, st, "ada@example.com", news.RoleEditor)
	e, f := newClient(t, base), newClient(t, base)
	for _, c := range []*newsroomClient{e, f} {
		resp, _ := c.signInFrom("203.0.113.5", "ada@example.com", testPassword)
		mustStatus(t, resp, http.StatusSeeOther)
	}
	for i := 0; i < deviceMaxFailures; i++ {
		resp, _ := e.signInFrom("203.0.113.5", "ada@example.com", "not the password")
		mustStatus(t, resp, http.StatusUnauthorized)
	}
	resp, body := e.signInFrom("203.0.113.5", "ada@example.com", testPassword)
	mustStatus(t, resp, http.StatusTooManyRequests)
	if !strings.Contains(body, "Too many failed sign-ins. Try again in 15 minutes.") || strings.Contains(body, "signed in with before") {
		t.Fatal("a locked browser is not told plainly how long to wait")
	}
	// Its failures were its own: the editor's other browser, and a new one, sign in.
	resp, _ = f.signInFrom("203.0.113.5", "ada@example.com", testPassword)
	mustStatus(t, resp, http.StatusSeeOther)
	resp, _ = newClient(t, base).signInFrom("203.0.113.5", "ada@example.com", testPassword)
	mustStatus(t, resp, http.StatusSeeOther)
}

// TestNewsroomDeviceThrottleHoldsInParallel: guesses sent all at once with
// one device cookie are counted as they arrive, like a stranger's.
func TestNewsroomDeviceThrottleHoldsInParallel(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	addUser(t, st, "ada@example.com", news.RoleEditor)
	c := newClient(t, base)
	mustStatus(t, c.signIn("ada@example.com", testPassword), http.StatusSeeOther)
	value := c.device()
	codes := make(chan int, 40)
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, base+"/newsroom/login", strings.NewReader(url.Values{"email": {"ada@example.com"}, "password": {fmt.Sprintf("guess number %d", i)}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: deviceCookie, Value: value})
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			codes <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(codes)
	n := map[int]int{}
	for code := range codes {
		n[code]++
	}
	if n[http.StatusUnauthorized] != deviceMaxFailures || n[http.StatusTooManyRequests] != 40-deviceMaxFailures {
		t.Fatalf("40 parallel guesses with a device cookie: %v, want %d×401 and %d×429", n, deviceMaxFailures, 40-deviceMaxFailures)
	}
}

// TestNewsroomDeviceCookieOverTLS: on a TLS site the device cookie is
// __Secure- prefixed, long-lived and outlasts signing out; the plain name
// is not read there.
func TestNewsroomDeviceCookieOverTLS(t *testing.T) {
	_, st, base := newNewsroomSite(t, func(c *Config) { c.SecureCookies = true })
	addUser(t, st, "ada@example.com", news.RoleEditor)
	post := func(path, body string, cookies ...*http.Cookie) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, k := range cookies {
			req.AddCookie(k)
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	good := "email=ada%40example.com&password=" + url.QueryEscape(testPassword)
	resp := post("/newsroom/login", good)
	mustStatus(t, resp, http.StatusSeeOther)
	var dev, sess *http.Cookie
	for _, k := range resp.Cookies() {
		switch k.Name {
		case secureDeviceCookie:
			dev = k
		case secureNewsroomCookie:
			sess = k
		}
	}
	if dev == nil || !dev.HttpOnly || !dev.Secure || dev.SameSite != http.SameSiteStrictMode || dev.Path != "/newsroom" || dev.MaxAge != int(deviceLifetime/time.Second) {
		t.Fatalf("device cookie = %+v, want __Secure-, HttpOnly, Secure, SameSite=Strict, Path=/newsroom, a year", dev)
	}
	if strings.Contains(dev.Value, "ada@example.com") || dev.Value == sess.Value {
		t.Fatalf("device cookie value %q", dev.Value)
	}

	// Signing out ends the session and keeps the device cookie.
	req, _ := http.NewRequest(http.MethodGet, base+"/newsroom/", nil)
	req.AddCookie(sess)
	page, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.ReadFrom(page.Body)
	page.Body.Close()
	csrf := csrfRe.FindSubmatch(b.Bytes())
	if csrf == nil {
		t.Fatal("no CSRF token on the story list")
	}
	out := post("/newsroom/logout", "csrf="+url.QueryEscape(string(csrf[1])), sess, dev)
	mustStatus(t, out, http.StatusSeeOther)
	for _, k := range out.Cookies() {
		if k.Name == secureDeviceCookie {
			t.Fatalf("signing out touched the device cookie: %+v", k)
		}
	}

	for i := 0; i < 5; i++ {
		mustStatus(t, post("/newsroom/login", "email=ada%40example.com&password=guess"), http.StatusUnauthorized)
	}
	mustStatus(t, post("/newsroom/login", good, &http.Cookie{Name: deviceCookie, Value: dev.Value}), http.StatusTooManyRequests)
	mustStatus(t, post("/newsroom/login", good, &http.Cookie{Name: secureDeviceCookie, Value: dev.Value}), http.StatusSeeOther)
}

// TestNewsroomSignInKeepsStrangersFailures: an editor signing in from a new
// browser takes back only their own attempt, so a stranger's guesses before
// it still count.
func TestNewsroomSignInKeepsStrangersFailures(t *testing.T) {
	_, st, base := newProxiedSite(t)
	addUser(t, st, "ada@example.com", news.RoleEditor)
	attacker := newClient(t, base)
	for i := 0; i < signInAccountMax-1; i++ {
		resp, _ := attacker.signInFrom("198.51.100.7", "ada@example.com", fmt.Sprintf("guess number %d", i))
		mustStatus(t, resp, http.StatusUnauthorized)
	}
	resp, _ := newClient(t, base).signInFrom("203.0.113.5", "ada@example.com", testPassword)
	mustStatus(t, resp, http.StatusSeeOther)
	resp, _ = attacker.signInFrom("198.51.100.7", "ada@example.com", "one more guess")
	mustStatus(t, resp, http.StatusUnauthorized)
	resp, _ = attacker.signInFrom("198.51.100.7", "ada@example.com", "and another")
	mustStatus(t, resp, http.StatusTooManyRequests)
}
