package web

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"broadsheet/internal/news"
	"broadsheet/internal/search"
	"broadsheet/views"
)

// Demo stories the tests rely on.
const (
	embedEN     = "open-movies-animation-classroom"
	embedZH     = "kai-yuan-dian-ying-dong-hua-ke-tang"
	untranslEN  = "harwick-library-software-reads-handwritten-records"
	seawallEN   = "delta-town-seawall-or-saltmarsh"
	seawallZH   = "san-jiao-zhou-xiao-zhen-hai-di"
	bannerClass = `class="consent"`
)

func body(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	b, err := io.ReadAll(rec.Result().Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRootRedirect(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, tc := range []struct {
		accept, want string
	}{
		{"", "/en/"},
		{"zh", "/zh/"},
		{"zh-CN,zh;q=0.9", "/zh/"},
		{"zh-Hans", "/zh/"},
		{"zh-TW", "/zh-hant/"},
		{"zh-HK,zh;q=0.9", "/zh-hant/"},
		{"zh-Hant", "/zh-hant/"},
		{"en-US,en;q=0.9", "/en/"},
		{"fr-FR", "/en/"},
		{"fr;q=1, zh-CN;q=0.5", "/zh/"},
	} {
		rec := get(t, srv, "/", "Accept-Language: "+tc.accept)
		if got, want := rec.Code, http.StatusFound; got != want {
			t.Fatalf("%q: status=%d, want %d", tc.accept, got, want)
		}
		if got := rec.Header().Get("Location"); got != tc.want {
			t.Errorf("Accept-Language %q: Location=%q, want %q", tc.accept, got, tc.want)
		}
		if got, want := rec.Header().Get("Vary"), "Cookie, Accept-Language"; got != want {
			t.Errorf("Vary=%q, want %q", got, want)
		}
	}
}

// The toggle saves the choice; it then beats Accept-Language.
func TestToggleSavesChoice(t *testing.T) {
	srv, _ := newTestServer(t)
	next := "/zh/story/" + seawallZH
	rec := get(t, srv, "/lang/zh?next="+url.QueryEscape(next), "Accept-Language: en")
	if got, want := rec.Code, http.StatusSeeOther; got != want {
		t.Fatalf("status=%d, want %d", got, want)
	}
	if got := rec.Header().Get("Location"); got != next {
		t.Fatalf("Location=%q, want %q", got, next)
	}
	cookie := rec.Result().Cookies()[0]
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Secure {
		t.Fatalf("cookie flags: HttpOnly=%v SameSite=%v Secure=%v", cookie.HttpOnly, cookie.SameSite, cookie.Secure)
	}
	rec = get(t, srv, "/", "Accept-Language: en", "Cookie: "+cookie.Name+"="+cookie.Value)
	if got, want := rec.Header().Get("Location"), "/zh/"; got != want {
		t.Fatalf("after toggle, / → %q, want %q", got, want)
	}
}

func TestPagesInBothLanguages(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, tc := range []struct {
		path, lang, toggleLang, toggleNext, text string
	}{
		{"/en/", "en", "zh-Hans", "/zh/", "Latest"},
		{"/zh/", "zh-Hans", "en", "/en/", "最新"},
		{"/en/section/business", "en", "zh-Hans", "/zh/section/business", "Business"},
		{"/zh/section/business", "zh-Hans", "en", "/en/section/business", "财经"},
		{"/en/story/" + seawallEN, "en", "zh-Hans", "/zh/story/" + seawallZH, "minute read"},
		{"/zh/story/" + seawallZH, "zh-Hans", "en", "/en/story/" + seawallEN, "阅读约需"},
		{"/en/privacy", "en", "zh-Hans", "/zh/privacy", "Privacy and cookie policy"},
		{"/zh/privacy", "zh-Hans", "en", "/en/privacy", "隐私与Cookie政策"},
		{"/en/cookies", "en", "zh-Hans", "/zh/cookies", "You have not made a choice yet."},
	} {
		t.Run(tc.path, func(t *testing.T) {
			rec := get(t, srv, tc.path)
			if got, want := rec.Code, http.StatusOK; got != want {
				t.Fatalf("status=%d, want %d", got, want)
			}
			b := body(t, rec)
			for _, want := range []string{
				`<html lang="` + tc.lang + `">`,
				`hreflang="` + tc.toggleLang + `" lang="` + tc.toggleLang + `"`,
				`href="/lang/` + news.Lang(tc.toggleLang).Prefix() + `?next=` + url.QueryEscape(tc.toggleNext),
				tc.text,
				`<a class="skip-link" href="#main">`,
				`<main id="main"`,
			} {
				if !strings.Contains(b, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		})
	}
}

func TestArticlePage(t *testing.T) {
	srv, _ := newTestServer(t)
	b := body(t, get(t, srv, "/en/story/"+seawallEN))
	for _, want := range []string{
		`<link rel="canonical" href="https://news.example/en/story/` + seawallEN + `">`,
		`<link rel="alternate" hreflang="en" href="https://news.example/en/story/` + seawallEN + `">`,
		`<link rel="alternate" hreflang="zh-Hans" href="https://news.example/zh/story/` + seawallZH + `">`,
		`<link rel="alternate" hreflang="x-default" href="https://news.example/en/story/` + seawallEN + `">`,
		`<figure class="lead-figure"><img src="/media/`,
		`width="1200" height="675"`,
		`<figcaption>`,
		`Image: Broadsheet Studio`,
		`November 26, 2026`,
		`<time datetime="2026-11-26T07:30:00Z">`,
		`Updated`,
		`<h2 id="p-b`,
		`<blockquote id="p-b`,
		`class="inline-figure"`,
		`More from this section`,
	} {
		if !strings.Contains(b, want) {
			t.Errorf("English article lacks %q", want)
		}
	}
	zb := body(t, get(t, srv, "/zh/story/"+seawallZH))
	for _, want := range []string{"2026年11月26日", "图片来源：Broadsheet Studio", "本栏目更多报道", "文／"} {
		if !strings.Contains(zb, want) {
			t.Errorf("Chinese article lacks %q", want)
		}
	}
}

func TestNotFoundIsLocalized(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, tc := range []struct {
		path, accept, want string
		status             int
	}{
		{"/en/story/no-such-story", "", "Page not found", 404},
		{"/zh/story/no-such-story", "", "找不到该页面", 404},
		{"/zh/story/%3Cscript%3E", "", "找不到该页面", 404},
		{"/en/section/sport", "", "Page not found", 404},
		{"/fr/", "zh-CN", "找不到该页面", 404},
		{"/nowhere", "", "Page not found", 404},
		{"/media/nope.png", "", "Page not found", 404},
		// A page number that names no page is a missing page, whatever it is.
		{"/en/section/world?page=abc", "", "Page not found", 404},
		{"/zh/section/world?page=-1", "", "找不到该页面", 404},
		{"/en/section/world?page=99", "", "Page not found", 404},
	} {
		rec := get(t, srv, tc.path, "Accept-Language: "+tc.accept)
		if got := rec.Code; got != tc.status {
			t.Errorf("%s: status=%d, want %d", tc.path, got, tc.status)
		}
		if b := body(t, rec); !strings.Contains(b, tc.want) {
			t.Errorf("%s: page lacks %q", tc.path, tc.want)
		}
	}
}

func TestUntranslatedStory(t *testing.T) {
	srv, _ := newTestServer(t)
	en := body(t, get(t, srv, "/en/story/"+untranslEN))
	if want := `href="/lang/zh?next=` + url.QueryEscape("/zh/story/"+untranslEN) + `"`; !strings.Contains(en, want) {
		t.Fatalf("toggle of an untranslated story should lead to its Chinese URL, want %s", want)
	}
	rec := get(t, srv, "/zh/story/"+untranslEN)
	if got, want := rec.Code, http.StatusNotFound; got != want {
		t.Fatalf("status=%d, want %d", got, want)
	}
	b := body(t, rec)
	for _, want := range []string{
		`<html lang="zh-Hans">`,
		"本文暂无中文版",
		"您可以阅读英文原文",
		`href="/en/story/` + untranslEN + `" hreflang="en"`,
		`<span lang="en">`,
		"中文报道",
		`<meta name="robots" content="noindex, follow">`,
		`href="/lang/en?next=` + url.QueryEscape("/en/story/"+untranslEN),
	} {
		if !strings.Contains(b, want) {
			t.Errorf("untranslated page lacks %q", want)
		}
	}
	// A translated story's slug under the wrong edition goes to its translation.
	rec = get(t, srv, "/zh/story/"+seawallEN)
	if got, want := rec.Code, http.StatusMovedPermanently; got != want {
		t.Fatalf("wrong-edition slug status=%d, want %d", got, want)
	}
	if got, want := rec.Header().Get("Location"), "/zh/story/"+seawallZH; got != want {
		t.Fatalf("Location=%q, want %q", got, want)
	}
}

// postConsent posts a decision and returns the response.
func postConsent(t *testing.T, h http.Handler, decision, ret string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	form := url.Values{"decision": {decision}, "return": {ret}}
	req := httptest.NewRequest(http.MethodPost, "/consent", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return serve(h, req, headers...)
}

func cookieHeader(rec *httptest.ResponseRecorder) string {
	for _, c := range rec.Result().Cookies() {
		if c.Name == sessionName {
			return "Cookie: " + c.Name + "=" + c.Value
		}
	}
	return "X-No-Cookie: 1"
}

func TestConsent(t *testing.T) {
	srv, _ := newTestServer(t)
	story := "/en/story/" + embedEN
	b := body(t, get(t, srv, story))
	if !strings.Contains(b, bannerClass) || !strings.Contains(b, `class="embed-placeholder"`) || strings.Contains(b, "<iframe") {
		t.Fatal("first visit should show the banner and a placeholder, no iframe")
	}
	if !strings.Contains(b, `href="https://www.youtube.com/watch?v=aqz-KE-bpKQ"`) {
		t.Fatal("placeholder lacks a plain link to the source")
	}
	// It names the host the frame would load from, not the link's friendlier one.
	if !strings.Contains(b, "This YouTube video loads from www.youtube-nocookie.com, which may set cookies.") {
		t.Fatal("placeholder does not name the frame's host, www.youtube-nocookie.com")
	}

	rec := postConsent(t, srv, "accept", story)
	if got, want := rec.Code, http.StatusSeeOther; got != want {
		t.Fatalf("status=%d, want %d", got, want)
	}
	if got := rec.Header().Get("Location"); got != story {
		t.Fatalf("Location=%q, want the same page %q", got, story)
	}
	agreed := cookieHeader(rec)
	b = body(t, get(t, srv, story, agreed))
	if strings.Contains(b, bannerClass) {
		t.Fatal("banner shown after agreeing")
	}
	if !strings.Contains(b, `<iframe src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"`) {
		t.Fatal("no iframe after agreeing")
	}
	if !strings.Contains(b, ` sandbox="allow-scripts allow-presentation allow-popups allow-popups-to-escape-sandbox"></iframe>`) {
		t.Fatal("the iframe is not sandboxed to what a video player needs")
	}
	// The decision and its time show on the cookie settings page.
	if b := body(t, get(t, srv, "/en/cookies", agreed)); !strings.Contains(b, "You agreed to optional content on") {
		t.Fatal("cookie settings do not show the decision")
	}

	rejected := cookieHeader(postConsent(t, srv, "reject", story))
	b = body(t, get(t, srv, story, rejected))
	if strings.Contains(b, bannerClass) || strings.Contains(b, "<iframe") {
		t.Fatal("after rejecting: no banner and no iframe expected")
	}

	// A new policy version asks again.
	srv2, _ := newTestServer(t, func(c *Config) { c.PolicyVersion = 2 })
	b = body(t, get(t, srv2, story, agreed))
	if !strings.Contains(b, bannerClass) || strings.Contains(b, "<iframe") {
		t.Fatal("an answer to policy 1 should not count under policy 2")
	}

	// Global Privacy Control is a rejection: no banner, no embed; agreeing still works.
	b = body(t, get(t, srv, story, "Sec-GPC: 1"))
	if strings.Contains(b, bannerClass) || strings.Contains(b, "<iframe") {
		t.Fatal("Sec-GPC: 1 should hide the banner and keep embeds off")
	}
	b = body(t, get(t, srv, story, "Sec-GPC: 1", agreed))
	if !strings.Contains(b, "<iframe") {
		t.Fatal("an explicit agreement should load embeds despite GPC")
	}

	if got, want := postConsent(t, srv, "maybe", story).Code, http.StatusBadRequest; got != want {
		t.Fatalf("unknown decision status=%d, want %d", got, want)
	}
}

func TestGarbageCookieIsAFreshSession(t *testing.T) {
	srv, _ := newTestServer(t)
	agreed := cookieHeader(postConsent(t, srv, "accept", "/en/"))
	for _, c := range []string{
		"Cookie: broadsheet=garbage",
		"Cookie: broadsheet=",
		"Cookie: broadsheet=" + strings.Repeat("A", 3000),
		agreed[:len(agreed)-4] + "AAAA", // tampered signature
		"Cookie: broadsheet=%ZZ%00",
	} {
		rec := get(t, srv, "/en/", c)
		if got, want := rec.Code, http.StatusOK; got != want {
			t.Fatalf("%q: status=%d, want %d", c, got, want)
		}
		if !strings.Contains(body(t, rec), bannerClass) {
			t.Fatalf("%q: a bad cookie should be a new reader, shown the banner", c)
		}
	}
	// The cookie from another key is rejected the same way.
	other, _ := newTestServer(t, func(c *Config) { c.SessionKey = []byte(strings.Repeat("k", 32)) })
	if !strings.Contains(body(t, get(t, other, "/en/", agreed)), bannerClass) {
		t.Fatal("a cookie signed with another key was trusted")
	}
}

func TestRedirectTargetsStayLocal(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, target := range []string{
		"//evil.example",
		"/\\evil.example",
		"https://evil.example",
		"http:evil.example",
		"%2F%2Fevil.example",
		"/%2F%2Fevil.example",
		"/%5Cevil.example",
		"/%252F%252Fevil.example",
		"\\\\evil.example",
		"javascript:alert(1)",
		"/\t/evil.example",
		"/en/\r\nSet-Cookie: x=1",
		"/en/search?q=x\r\nSet-Cookie: x=1",
		"/%0d%0aSet-Cookie:x=1",
		"/%2f%5cevil.example?q=100%",
		"//evil.example?q=%",
		"/\\evil.example#100%",
		"evil.example",
		"",
	} {
		rec := postConsent(t, srv, "accept", target)
		loc := rec.Header().Get("Location")
		if loc != "/en/" {
			t.Errorf("consent return %q redirected to %q, want /en/", target, loc)
		}
		rec = get(t, srv, "/lang/zh?next="+url.QueryEscape(target))
		if loc := rec.Header().Get("Location"); loc != "/zh/" {
			t.Errorf("toggle next %q redirected to %q, want /zh/", target, loc)
		}
	}
	if loc := postConsent(t, srv, "accept", "/zh/story/x?y=1#embed-3").Header().Get("Location"); loc != "/zh/story/x?y=1#embed-3" {
		t.Fatalf("local return path altered: %q", loc)
	}
}

// The language menu on a search page leads to every other edition's results for
// exactly the same query, whatever characters it holds.
func TestToggleKeepsEveryQuery(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, tc := range []struct {
		from news.Lang
		q    string
	}{
		{news.ZH, "芯片 R&D=1+1 100%"},
		{news.EN, "芯片 R&D=1+1 100%"},
		{news.EN, `back\slash 50% off`},
		{news.ZH, "人才#引进?"},
		{news.EN, "a+b = c & d"},
		{news.ZH, "%zz %2F%2F //evil"},
		{news.EN, "what? #1 100%25"},
		{news.ZHHant, "晶片 R&D=1+1 100%"},
	} {
		page := body(t, get(t, srv, views.SearchHref(tc.from, tc.q)))
		for _, e := range news.Editions {
			to := e.Lang
			if to == tc.from {
				continue
			}
			want := views.SearchHref(to, search.Tidy(tc.q))
			if !strings.Contains(page, `href="`+html.EscapeString(toggleHref(to, want))+`"`) {
				t.Errorf("%s search %q: the menu does not lead to %s", tc.from, tc.q, want)
				continue
			}
			rec := get(t, srv, toggleHref(to, want))
			if got := rec.Header().Get("Location"); got != want {
				t.Errorf("%s search %q: the menu redirected to %q, want %q", tc.from, tc.q, got, want)
				continue
			}
			other := body(t, get(t, srv, want))
			if v := `value="` + html.EscapeString(search.Tidy(tc.q)) + `"`; !strings.Contains(other, v) {
				t.Errorf("%s search %q: the %s results page does not show the query (%s)", tc.from, tc.q, to, v)
			}
		}
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	srv, _ := newTestServer(t)
	rec := postConsent(t, srv, "accept", "/zh/", "Sec-Fetch-Site: cross-site", "Accept-Language: zh-CN")
	if got, want := rec.Code, http.StatusForbidden; got != want {
		t.Fatalf("status=%d, want %d", got, want)
	}
	if len(rec.Result().Cookies()) != 0 {
		t.Fatal("a refused request set a cookie")
	}
	if b := body(t, rec); !strings.Contains(b, "请求被拒绝") {
		t.Fatal("refusal is not a localized page")
	}
	rec = postConsent(t, srv, "accept", "/en/", "Origin: https://evil.example")
	if got, want := rec.Code, http.StatusForbidden; got != want {
		t.Fatalf("foreign Origin status=%d, want %d", got, want)
	}
	if got, want := postConsent(t, srv, "accept", "/en/", "Sec-Fetch-Site: same-origin").Code, http.StatusSeeOther; got != want {
		t.Fatalf("same-origin status=%d, want %d", got, want)
	}
}

func TestBodyLimit(t *testing.T) {
	srv, _ := newTestServer(t)
	big := "decision=accept&return=/en/&pad=" + strings.Repeat("x", maxBodyBytes)
	req := httptest.NewRequest(http.MethodPost, "/consent", strings.NewReader(big))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if got, want := rec.Code, http.StatusRequestEntityTooLarge; got != want {
		t.Fatalf("status=%d, want %d", got, want)
	}
}

func TestSecurityHeaders(t *testing.T) {
	srv, _ := newTestServer(t, func(c *Config) { c.SecureCookies = true })
	rec := get(t, srv, "/en/")
	h := rec.Header()
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "frame-src 'self' https://www.youtube-nocookie.com"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows unsafe-inline: %q", csp)
	}
	for k, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s=%q, want %q", k, got, want)
		}
	}
	b := body(t, rec)
	if strings.Contains(b, "<script>") || strings.Contains(b, "style=") || strings.Contains(b, "<style") {
		t.Error("page has inline script or style, which the CSP forbids")
	}
	c := postConsent(t, srv, "accept", "/en/").Result().Cookies()
	if len(c) != 1 || !c[0].Secure || !c[0].HttpOnly {
		t.Fatalf("with secure cookies on, cookie=%+v", c)
	}
}

func TestCachingAndCompression(t *testing.T) {
	srv, _ := newTestServer(t)
	path := "/en/story/" + seawallEN
	rec := get(t, srv, path, "Accept-Encoding: gzip")
	if got, want := rec.Header().Get("Content-Encoding"), "gzip"; got != want {
		t.Fatalf("Content-Encoding=%q, want %q", got, want)
	}
	etag := rec.Header().Get("Etag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if got, want := get(t, srv, path, "Accept-Encoding: gzip", "If-None-Match: "+etag).Code, http.StatusNotModified; got != want {
		t.Fatalf("conditional status=%d, want %d", got, want)
	}
	if got := get(t, srv, path, "Accept-Encoding: gzip;q=0").Header().Get("Content-Encoding"); got != "" {
		t.Fatalf("gzip;q=0 still got %q", got)
	}
	lm := rec.Header().Get("Last-Modified")
	if lm == "" {
		t.Fatal("no Last-Modified")
	}
	if got, want := get(t, srv, path, "If-Modified-Since: "+lm).Code, http.StatusNotModified; got != want {
		t.Fatalf("If-Modified-Since status=%d, want %d", got, want)
	}
	if got, want := get(t, srv, path, "If-Modified-Since: Mon, 02 Jan 2006 15:04:05 GMT").Code, http.StatusOK; got != want {
		t.Fatalf("old If-Modified-Since status=%d, want %d", got, want)
	}
	plain := get(t, srv, path)
	if got, want := plain.Header().Get("Content-Length"), fmt.Sprint(plain.Body.Len()); got != want {
		t.Fatalf("Content-Length=%s, want %s", got, want)
	}
	head := serve(srv, httptest.NewRequest(http.MethodHead, path, nil), "Accept-Encoding: gzip")
	if head.Code != http.StatusOK || head.Body.Len() != 0 || head.Header().Get("Etag") != etag {
		t.Fatalf("HEAD: status %d, %d body bytes, ETag %q", head.Code, head.Body.Len(), head.Header().Get("Etag"))
	}
	// A reader who agreed gets a different page from the cache than one who did not.
	agreed := cookieHeader(postConsent(t, srv, "accept", path))
	if strings.Contains(body(t, get(t, srv, path, agreed)), bannerClass) {
		t.Fatal("cached anonymous page served to a reader who agreed")
	}
	if !strings.Contains(body(t, get(t, srv, path)), bannerClass) {
		t.Fatal("cached consented page served to an anonymous reader")
	}
}

// Identity, gzip and Brotli bodies are different representations (RFC 9110
// §8.8.3): each has its own strong ETag, and If-None-Match answers 304 only
// for the tag of the representation the request would get.
func TestETagPerCoding(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, path := range []string{"/en/story/" + seawallEN, "/zh/", "/en/atom.xml", "/sitemap.xml"} {
		codings := []struct{ name, accept, encoding string }{
			{"identity", "", ""},
			{"gzip", "Accept-Encoding: gzip", "gzip"},
			{"br", "Accept-Encoding: gzip, br", "br"},
		}
		tags := map[string]string{}
		for _, c := range codings {
			rec := get(t, srv, path, c.accept)
			if got, want := rec.Header().Get("Content-Encoding"), c.encoding; got != want {
				t.Fatalf("%s %s: Content-Encoding=%q, want %q", path, c.name, got, want)
			}
			tag := rec.Header().Get("Etag")
			if !strings.HasPrefix(tag, `"`) {
				t.Fatalf("%s %s: ETag=%q, want a strong tag", path, c.name, tag)
			}
			for other, t2 := range tags {
				if t2 == tag {
					t.Fatalf("%s: %s and %s share the ETag %s", path, c.name, other, tag)
				}
			}
			tags[c.name] = tag
		}
		for _, c := range codings {
			for name, tag := range tags {
				rec := get(t, srv, path, c.accept, "If-None-Match: "+tag)
				want := http.StatusOK
				if name == c.name {
					want = http.StatusNotModified
				}
				if rec.Code != want {
					t.Errorf("%s as %s with the %s tag: status=%d, want %d", path, c.name, name, rec.Code, want)
				}
				if got := rec.Header().Get("Etag"); got != tags[c.name] {
					t.Errorf("%s as %s: ETag=%q, want %q", path, c.name, got, tags[c.name])
				}
			}
			if got := get(t, srv, path, c.accept, "If-None-Match: W/"+tags[c.name]).Code; got != http.StatusNotModified {
				t.Errorf("%s as %s: the weak form of its own tag: status=%d, want 304 (weak comparison)", path, c.name, got)
			}
		}
	}
}

func TestStaticAndMedia(t *testing.T) {
	srv, _ := newTestServer(t)
	page := body(t, get(t, srv, "/en/"))
	i := strings.Index(page, `<link rel="stylesheet" href="`)
	css := page[i+len(`<link rel="stylesheet" href="`):]
	css = css[:strings.IndexByte(css, '"')]
	rec := get(t, srv, css, "Accept-Encoding: gzip")
	if got, want := rec.Code, http.StatusOK; got != want {
		t.Fatalf("%s status=%d, want %d", css, got, want)
	}
	if got, want := rec.Header().Get("Cache-Control"), "public, max-age=31536000, immutable"; got != want {
		t.Fatalf("Cache-Control=%q, want %q", got, want)
	}
	if got, want := rec.Header().Get("Content-Encoding"), "gzip"; got != want {
		t.Fatalf("stylesheet Content-Encoding=%q, want %q", got, want)
	}
	if got, want := get(t, srv, css, "Accept-Encoding: gzip, br").Header().Get("Content-Encoding"), "br"; got != want {
		t.Fatalf("stylesheet Content-Encoding=%q, want %q", got, want)
	}
	if got := get(t, srv, "/assets/site.css").Code; got != http.StatusNotFound {
		t.Fatalf("unfingerprinted asset status=%d, want 404", got)
	}
	i = strings.Index(page, `<img src="/media/`)
	img := page[i+len(`<img src="`):]
	img = img[:strings.IndexByte(img, '"')]
	rec = get(t, srv, img)
	if got, want := rec.Header().Get("Content-Type"), "image/svg+xml"; got != want {
		t.Fatalf("media type=%q, want %q", got, want)
	}
}

func TestPanicIsALocalizedServerError(t *testing.T) {
	srv, _ := newTestServer(t)
	h := srv.recoverer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }))
	rec := get(t, h, "/zh/")
	if got, want := rec.Code, http.StatusInternalServerError; got != want {
		t.Fatalf("status=%d, want %d", got, want)
	}
	if b := body(t, rec); !strings.Contains(b, "本站出现故障") {
		t.Fatal("500 page is not in the reader's language")
	}
}

func TestSectionPagination(t *testing.T) {
	srv, st := newTestServer(t)
	// Enough stories to need a second page.
	for i := 0; i < sectionPageSize+2; i++ {
		in := news.StoryInput{Key: fmt.Sprintf("extra-%d", i), Section: "world", Translations: []news.TranslationInput{{
			Lang: news.EN, Slug: fmt.Sprintf("extra-%d", i), Headline: fmt.Sprintf("Extra %d", i),
			PublishedAt: mustTime("2026-01-02T00:00:00Z"),
		}}}
		if _, err := st.SaveStory(t.Context(), in); err != nil {
			t.Fatal(err)
		}
	}
	b := body(t, get(t, srv, "/en/section/world"))
	if !strings.Contains(b, `rel="next" href="/en/section/world?page=2"`) || !strings.Contains(b, "Page 1 of 2") {
		t.Fatal("first page lacks a link to the second")
	}
	b = body(t, get(t, srv, "/en/section/world?page=2"))
	if !strings.Contains(b, `rel="prev" href="/en/section/world"`) || !strings.Contains(b, "Page 2 of 2") {
		t.Fatal("second page lacks a link back")
	}
	// Page 2 is its own canonical page; the Chinese edition has no page 2 here.
	if !strings.Contains(b, `<link rel="canonical" href="https://news.example/en/section/world?page=2">`) ||
		!strings.Contains(b, `<link rel="alternate" hreflang="en" href="https://news.example/en/section/world?page=2">`) ||
		strings.Contains(b, `hreflang="zh-Hans" href="https://news.example/zh/section/world?page=2"`) {
		t.Fatal("page 2 lacks its canonical and hreflang links, or names a Chinese page 2 that does not exist")
	}
	// Deciding about cookies on page 2 returns the reader to page 2.
	if !strings.Contains(b, `name="return" value="/en/section/world?page=2"`) {
		t.Fatal("consent forms on page 2 do not return to page 2")
	}
	// Its title says which page it is, in each edition.
	if !strings.Contains(b, "<title>World, page 2 – Broadsheet</title>") {
		t.Fatal("page 2's title does not say it is page 2")
	}
	for i := 0; i < sectionPageSize+2; i++ {
		in := news.StoryInput{Key: fmt.Sprintf("extra-%d", i), Section: "world", Translations: []news.TranslationInput{{
			Lang: news.ZH, Slug: fmt.Sprintf("ewai-%d", i), Headline: fmt.Sprintf("另一篇%d", i),
			PublishedAt: mustTime("2026-01-02T00:00:00Z"),
		}}}
		if _, err := st.SaveStory(t.Context(), in); err != nil {
			t.Fatal(err)
		}
	}
	srv.Invalidate()
	if b := body(t, get(t, srv, "/zh/section/world?page=2")); !strings.Contains(b, "（第2页）") {
		t.Fatal("the Chinese page 2's title does not say it is page 2")
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestSharedCachingIsSafe(t *testing.T) {
	srv, _ := newTestServer(t, func(c *Config) { c.SharedMaxAge = time.Minute })
	path := "/en/story/" + seawallEN
	// The first request for a page gets gzip at once; Brotli, slower to
	// make, is made for a page asked for again.
	first := get(t, srv, path, "Accept-Encoding: br, gzip")
	if got, want := first.Header().Get("Content-Encoding"), "gzip"; got != want {
		t.Fatalf("first request: Content-Encoding=%q, want %q", got, want)
	}
	anon := get(t, srv, path, "Accept-Encoding: br, gzip")
	if got, want := anon.Header().Get("Cache-Control"), "public, max-age=0, s-maxage=60"; got != want {
		t.Fatalf("anonymous Cache-Control=%q, want %q", got, want)
	}
	if got, want := anon.Header().Get("Content-Encoding"), "br"; got != want {
		t.Fatalf("Content-Encoding=%q, want %q", got, want)
	}
	dec, err := io.ReadAll(brotli.NewReader(anon.Body))
	if err != nil || !strings.Contains(string(dec), bannerClass) {
		t.Fatalf("brotli body does not decode to the page: %v", err)
	}
	if got := anon.Header().Get("Vary"); !strings.Contains(got, "Cookie") || !strings.Contains(got, "Accept-Encoding") {
		t.Fatalf("Vary=%q", got)
	}
	agreed := cookieHeader(postConsent(t, srv, "accept", path))
	mine := get(t, srv, path, agreed)
	if got, want := mine.Header().Get("Cache-Control"), "private, no-cache"; got != want {
		t.Fatalf("session Cache-Control=%q, want %q", got, want)
	}
	// A garbage cookie is no session: the reader gets the public page.
	if got := get(t, srv, path, "Cookie: broadsheet=junk").Header().Get("Cache-Control"); !strings.HasPrefix(got, "public") {
		t.Fatalf("garbage cookie Cache-Control=%q", got)
	}
	if got := get(t, srv, "/en/story/no-such").Header().Get("Cache-Control"); strings.Contains(got, "public") {
		t.Fatalf("a 404 is shared-cacheable: %q", got)
	}
}

// The front page shows a story once: a section's block leaves out what the
// lead and the latest list already show, and still fills up.
func TestFrontPageShowsEachStoryOnce(t *testing.T) {
	srv, st := newTestServer(t)
	if err := seedCorpus(t.Context(), st, 30); err != nil { // older stories to fill the blocks
		t.Fatal(err)
	}
	for _, lang := range editionLangs() {
		page := body(t, get(t, srv, "/"+lang.Prefix()+"/"))
		_, main, _ := strings.Cut(page, `<main id="main"`)
		main, _, _ = strings.Cut(main, "</main>")
		seen := map[string]bool{}
		links := 0
		for _, part := range strings.Split(main, `href="/`+lang.Prefix()+`/story/`)[1:] {
			slug, _, _ := strings.Cut(part, `"`)
			if seen[slug] {
				t.Errorf("%s front page lists %s twice", lang, slug)
			}
			seen[slug] = true
			links++
		}
		if want := 1 + frontLatest + frontPerSection; links < want {
			t.Errorf("%s front page lists %d stories, want at least %d", lang, links, want)
		}
		if n := strings.Count(main, `class="section-block"`); n < 2 {
			t.Errorf("%s front page has %d section blocks", lang, n)
		}
	}
}

// Chinese sets no space beside full-width punctuation or between a label
// and its date; English keeps its spaces.
func TestLabelsAndCreditsAreSetForEachScript(t *testing.T) {
	srv, _ := newTestServer(t)
	for path, want := range map[string][]string{
		"/zh/story/" + seawallZH: {"发布于<time", "更新于<time", "两处漫过堤顶。<span class=\"credit\">图片来源："},
		"/en/story/" + seawallEN: {"Published <time", "Updated <time", `. <span class="credit">Image: Broadsheet Studio`},
		"/zh/story/harwick-library-software-reads-handwritten-records": {"阅读原文：<span lang=\"en\">"},
		"/zh/story/" + seawallEN: {},
	} {
		b := body(t, get(t, srv, path))
		for _, w := range want {
			if !strings.Contains(b, w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
		if strings.Contains(b, "。 <") || strings.Contains(b, "： <") {
			t.Errorf("%s has a space after full-width punctuation", path)
		}
	}
}

// editionLangs lists every edition's language, converted ones included.
func editionLangs() []news.Lang {
	var out []news.Lang
	for _, e := range news.Editions {
		out = append(out, e.Lang)
	}
	return out
}
