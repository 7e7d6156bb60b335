package web

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"broadsheet/internal/news"
)

// cookieNamed is the response's Set-Cookie for name, or nil.
func cookieNamed(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// On a site served over TLS the cookies carry prefixes the browser enforces,
// and responses carry HSTS; on plain HTTP the names stay plain.
func TestSecureCookiePrefixes(t *testing.T) {
	for _, tc := range []struct {
		secure           bool
		reader, newsroom string
		hsts             string
	}{
		{false, "broadsheet", "newsroom", ""},
		{true, "__Host-broadsheet", "__Secure-newsroom", "max-age=31536000"},
	} {
		t.Run(fmt.Sprint("secure=", tc.secure), func(t *testing.T) {
			_, st, base := newNewsroomSite(t, func(c *Config) { c.SecureCookies = tc.secure })
			addUser(t, st, "ada@example.com", news.RoleEditor)
			c := newClient(t, base)
			resp, _ := c.get("/lang/zh?next=/zh/")
			if got := resp.Header.Get("Strict-Transport-Security"); got != tc.hsts {
				t.Errorf("Strict-Transport-Security=%q, want %q", got, tc.hsts)
			}
			rc := cookieNamed(resp, tc.reader)
			if rc == nil {
				t.Fatalf("no %s cookie in %v", tc.reader, resp.Header["Set-Cookie"])
			}
			if rc.Secure != tc.secure || rc.Path != "/" || rc.Domain != "" || !rc.HttpOnly {
				t.Fatalf("reader cookie=%+v, want Secure=%v, Path=/, no Domain, HttpOnly", rc, tc.secure)
			}
			resp = c.signIn("ada@example.com", testPassword)
			mustStatus(t, resp, http.StatusSeeOther)
			nc := cookieNamed(resp, tc.newsroom)
			if nc == nil {
				t.Fatalf("no %s cookie in %v", tc.newsroom, resp.Header["Set-Cookie"])
			}
			if nc.Secure != tc.secure || nc.Path != "/newsroom" || nc.Domain != "" {
				t.Fatalf("newsroom cookie=%+v, want Secure=%v, Path=/newsroom, no Domain", nc, tc.secure)
			}

			// Each cookie is read under its own name only (the test server is
			// plain HTTP, so the Secure cookies are handed back by hand).
			get := func(path string, ck *http.Cookie) *http.Response {
				req, _ := http.NewRequest(http.MethodGet, base+path, nil)
				req.AddCookie(ck)
				resp, err := http.DefaultTransport.RoundTrip(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp
			}
			mustStatus(t, get("/newsroom/", &http.Cookie{Name: tc.newsroom, Value: nc.Value}), http.StatusOK)
			if got := get("/", &http.Cookie{Name: tc.reader, Value: rc.Value}).Header.Get("Location"); got != "/zh/" {
				t.Fatalf("/ with the %s cookie went to %q, want the saved choice /zh/", tc.reader, got)
			}
			if tc.secure {
				mustStatus(t, get("/newsroom/", &http.Cookie{Name: "newsroom", Value: nc.Value}), http.StatusSeeOther)
				if got := get("/", &http.Cookie{Name: "broadsheet", Value: rc.Value}).Header.Get("Location"); got == "/zh/" {
					t.Fatal("a secure site read its session from a cookie without the __Host- prefix")
				}
			}
		})
	}
}

// A plain "broadsheet" cookie left from before the prefix is removed the next
// time the session is written, so caches that bypass on it stop doing so.
func TestSecureSessionDropsPlainCookie(t *testing.T) {
	srv, _ := newTestServer(t, func(c *Config) { c.SecureCookies = true })
	rec := get(t, srv, "/lang/zh?next=/zh/", "Cookie: broadsheet=old-value")
	var dropped, set bool
	for _, c := range rec.Result().Cookies() {
		dropped = dropped || (c.Name == "broadsheet" && c.MaxAge < 0)
		set = set || c.Name == "__Host-broadsheet"
	}
	if !dropped || !set {
		t.Fatalf("Set-Cookie=%v, want __Host-broadsheet set and broadsheet removed", rec.Header()["Set-Cookie"])
	}
}

// noisyJPEG is a photo of at least n bytes: noise does not compress, as a
// camera's fine detail does not.
func noisyJPEG(t *testing.T, n int) []byte {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	for side := 600; ; side += 100 {
		img := image.NewRGBA(image.Rect(0, 0, side, side*3/4))
		for i := range img.Pix {
			img.Pix[i] = uint8(r.UintN(256))
		}
		var b bytes.Buffer
		if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 92}); err != nil {
			t.Fatal(err)
		}
		if b.Len() >= n {
			return b.Bytes()
		}
	}
}

// A real photo, larger than a reader's form may be, goes into the library.
func TestNewsroomPhotoLibraryTakesRealPhotos(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	c.get("/newsroom/photos")
	photo := noisyJPEG(t, 1<<20)
	if len(photo) <= maxBodyBytes {
		t.Fatalf("test photo is only %d bytes", len(photo))
	}
	resp, body := c.postStory("/newsroom/photos", url.Values{"credit": {"Photo: Staff"}}, "harbour.jpg", photo)
	mustStatus(t, resp, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	name, _ := url.QueryUnescape(strings.TrimPrefix(loc, "/newsroom/photos?added="))
	if _, err := st.ImageInfo(context.Background(), name); err != nil {
		t.Fatalf("the %d-byte photo was not stored (%v): %s", len(photo), err, body)
	}
	_, page := c.get(loc)
	if !strings.Contains(page, "Added "+name) {
		t.Fatal("the library does not say the photo was added")
	}
	// Other posts keep the reader's limit.
	req, _ := http.NewRequest(http.MethodPost, base+"/newsroom/users", bytes.NewReader(photo[:200<<10]))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, _ := c.do(req); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("a 200 KB post to the accounts page: status %d, want 413", resp.StatusCode)
	}
}

// The notice on the photo library names only a picture that is stored: the
// address is anyone's to write, and a link could make the newsroom say anything.
func TestNewsroomPhotosAddedNoticeIsStored(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	const lie = "Your session expired. Sign in again at evil.example"
	_, page := c.get("/newsroom/photos?added=" + url.QueryEscape(lie))
	if strings.Contains(page, lie) || strings.Contains(page, `class="form-notice"`) {
		t.Fatal("the photo library echoed an arbitrary name as a notice")
	}
	resp, _ := c.postStory("/newsroom/photos", url.Values{"credit": {"Lab"}}, "pier.png", testPNG(400, 300))
	mustStatus(t, resp, http.StatusSeeOther)
	_, page = c.get(resp.Header.Get("Location"))
	if !strings.Contains(page, `class="form-notice"`) {
		t.Fatal("no notice for a photo that was just added")
	}
}

// Only the photo of a form may be large: a text field over its limit, or all
// of them together, is refused with a message before anything is read as
// Markdown or saved.
func TestNewsroomFormTextLimits(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	c.get("/newsroom/stories/new")
	ctx := context.Background()
	count := func() int {
		_, n, err := st.DeskStories(ctx, news.EN, news.DeskFilter{Page: news.Page{Number: 1, Size: 1}})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	for _, tc := range []struct {
		name string
		form func(url.Values)
	}{
		{"one field", func(f url.Values) { f.Set("en-body", strings.Repeat("a", maxFieldBytes+1)) }},
		{"all fields", func(f url.Values) {
			f.Set("en-body", strings.Repeat("a", 700<<10))
			f.Set("zh-body", strings.Repeat("汉", 700<<10/3))
			f.Set("en-summary", strings.Repeat("b", 700<<10))
		}},
	} {
		for _, lang := range []string{"en", "zh"} {
			c.lang = lang
			f := storyForm("Too long "+tc.name, "")
			tc.form(f)
			resp, body := c.postStory("/newsroom/stories/new", f, "", nil)
			mustStatus(t, resp, http.StatusRequestEntityTooLarge)
			want := map[string]string{"en": "at most 1 MB in one field", "zh": "单个输入框最多1 MB"}[lang]
			if !strings.Contains(body, want) {
				t.Fatalf("%s, %s: the 413 page does not say %q", tc.name, lang, want)
			}
		}
	}
	// The same limits hold for a form sent urlencoded.
	c.lang = "en"
	f := storyForm("Too long urlencoded", "")
	f.Set("csrf", c.csrf)
	f.Set("en-body", strings.Repeat("a", maxFieldBytes+1))
	resp, body := c.post("/newsroom/stories/new", f)
	mustStatus(t, resp, http.StatusRequestEntityTooLarge)
	if !strings.Contains(body, "at most 1 MB in one field") {
		t.Fatal("an urlencoded field over the limit is not explained")
	}
	if got := count(); got != before {
		t.Fatalf("stories=%d after refused forms, want %d", got, before)
	}
	// A long body within the limits, with a photo, still saves.
	f = storyForm("Long but fine", "")
	f.Set("en-body", strings.Repeat("A sentence of the story. ", 7_000))
	resp, _ = c.postStory("/newsroom/stories/new", f, "crane.jpg", noisyJPEG(t, 1<<20))
	mustStatus(t, resp, http.StatusSeeOther)
}

// logBuffer collects the server's log.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// An admin types their own password again for any change to an account;
// wrong ones count against the sign-in limit; sign-ins and account changes
// are logged, never with a password.
func TestNewsroomAccountChangesConfirmPassword(t *testing.T) {
	var log logBuffer
	_, st, base := newNewsroomSite(t, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&log, nil)) })
	admin := signedIn(t, st, base, news.RoleAdmin)
	ed := addUser(t, st, "ed@example.com", news.RoleEditor)
	edPath := fmt.Sprintf("/newsroom/users/%d", ed.ID)

	for _, lang := range []string{"en", "zh"} {
		admin.lang = lang
		admin.get("/newsroom/users")
		resp, body := admin.post(edPath, url.Values{"csrf": {admin.csrf}, "role": {"editor"}, "password": {"a takeover password"}})
		mustStatus(t, resp, http.StatusUnprocessableEntity)
		if want := map[string]string{"en": "Type your own password", "zh": "请输入您自己的密码"}[lang]; !strings.Contains(body, want) {
			t.Fatalf("%s: a change without the admin's password is not explained", lang)
		}
		resp, body = admin.post(edPath, url.Values{"csrf": {admin.csrf}, "role": {"admin"}, "password": {"a takeover password"}, "current_password": {"not my password"}})
		mustStatus(t, resp, http.StatusUnprocessableEntity)
		if want := map[string]string{"en": "Your password is not right", "zh": "您的密码不正确"}[lang]; !strings.Contains(body, want) {
			t.Fatalf("%s: a wrong admin password is not explained", lang)
		}
		resp, body = admin.post("/newsroom/users", url.Values{"csrf": {admin.csrf}, "email": {"mallory@example.com"}, "role": {"admin"}, "password": {"long enough password"}, "current_password": {"still not it"}})
		mustStatus(t, resp, http.StatusUnprocessableEntity)
		if !strings.Contains(body, `id="admin-password-error"`) {
			t.Fatalf("%s: the add form does not tie the error to the password field", lang)
		}
	}
	if u, _, err := st.UserByEmail(context.Background(), "ed@example.com"); err != nil || u.Role != news.RoleEditor {
		t.Fatalf("ed=%+v, %v: changed without the admin's password", u, err)
	}
	if _, _, err := st.UserByEmail(context.Background(), "mallory@example.com"); err == nil {
		t.Fatal("an account was added without the admin's password")
	}
	mustStatus(t, newClient(t, base).signIn("ed@example.com", "a takeover password"), http.StatusUnauthorized)

	// Right password: the change is made and logged.
	admin.lang = "en"
	admin.get("/newsroom/users")
	resp, _ := admin.post(edPath, url.Values{"csrf": {admin.csrf}, "role": {"admin"}, "password": {"a brand new password"}, "current_password": {testPassword}})
	mustStatus(t, resp, http.StatusSeeOther)
	mustStatus(t, newClient(t, base).signIn("ed@example.com", "a brand new password"), http.StatusSeeOther)
	resp, _ = admin.post("/newsroom/users", url.Values{"csrf": {admin.csrf}, "email": {"new@example.com"}, "role": {"editor"}, "password": {"long enough password"}, "current_password": {testPassword}})
	mustStatus(t, resp, http.StatusSeeOther)

	// Wrong passwords count as failed sign-ins do: this browser signed in to
	// the account, so its device cookie's allowance runs out, and the
	// account stays open to the admin's other signed-in browsers.
	for range deviceMaxFailures {
		admin.post(edPath, url.Values{"csrf": {admin.csrf}, "role": {"admin"}, "current_password": {"guess"}})
	}
	resp, body := admin.post(edPath, url.Values{"csrf": {admin.csrf}, "role": {"admin"}, "current_password": {testPassword}})
	mustStatus(t, resp, http.StatusTooManyRequests)
	if !strings.Contains(body, "Try again in") {
		t.Fatal("a throttled confirmation does not say how long to wait")
	}

	mustStatus(t, newClient(t, base).signIn("nobody@example.com", "a secret guess"), http.StatusUnauthorized)
	out := log.String()
	for _, want := range []string{
		`msg="newsroom sign-in failed" email=nobody@example.com addr=127.0.0.1`,
		`msg="newsroom password confirmation failed" admin=admin@example.com addr=127.0.0.1`,
		`msg="newsroom account changed" by=admin@example.com account=ed@example.com addr=127.0.0.1 role_was=editor role=admin password=set`,
		`msg="newsroom account added" by=admin@example.com account=new@example.com role=editor addr=127.0.0.1`,
		`msg="newsroom sign-in" email=ed@example.com addr=127.0.0.1`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %s", want)
		}
	}
	for _, secret := range []string{"a secret guess", "not my password", "guess", testPassword, "a brand new password", "a takeover password"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds a password: %q", secret)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}
