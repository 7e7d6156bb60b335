package web

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/net/html"

	"broadsheet/internal/account"
	"broadsheet/internal/news"
	"broadsheet/internal/search"
	"broadsheet/internal/store"
)

func init() { account.Cost = bcrypt.MinCost }

const testPassword = "correct horse battery"

// newsroomClient is a browser-like client of a running test site: it keeps
// cookies, does not follow redirects, and knows the page's CSRF token.
type newsroomClient struct {
	t    *testing.T
	base string
	http *http.Client
	csrf string
	lang string
}

func newNewsroomSite(t *testing.T, opts ...func(*Config)) (*Server, *store.Store, string) {
	t.Helper()
	srv, st := newTestServer(t, opts...)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, st, ts.URL
}

func addUser(t *testing.T, st *store.Store, email string, role news.Role) news.User {
	t.Helper()
	h, err := account.Hash(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(context.Background(), email, role, h)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func newClient(t *testing.T, base string) *newsroomClient {
	jar, _ := cookiejar.New(nil)
	return &newsroomClient{t: t, base: base, lang: "en", http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (c *newsroomClient) do(req *http.Request) (*http.Response, string) {
	c.t.Helper()
	req.Header.Set("Accept-Language", c.lang)
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := csrfRe.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return resp, string(b)
}

func (c *newsroomClient) get(path string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	return c.do(req)
}

func (c *newsroomClient) post(path string, form url.Values, headers ...string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(k, strings.TrimSpace(v))
	}
	return c.do(req)
}

// postStory sends the editor form as a browser does (multipart), with an
// optional photo file.
func (c *newsroomClient) postStory(path string, form url.Values, photoName string, photo []byte) (*http.Response, string) {
	c.t.Helper()
	if form.Get("csrf") == "" {
		form.Set("csrf", c.csrf)
	}
	return c.postFile(path, form, "photo", photoName, photo)
}

// postFile sends a form as multipart, as a browser sends a form with
// enctype="multipart/form-data", with an optional file in field.
func (c *newsroomClient) postFile(path string, form url.Values, field, fileName string, data []byte) (*http.Response, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if data != nil {
		fw, _ := mw.CreateFormFile(field, fileName)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func (c *newsroomClient) signIn(email, password string) *http.Response {
	c.t.Helper()
	resp, _ := c.post("/newsroom/login", url.Values{"email": {email}, "password": {password}})
	return resp
}

func mustStatus(t *testing.T, resp *http.Response, want int) {
	t.Helper()
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, want)
	}
}

func testPNG(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func storyForm(en, zh string) url.Values {
	f := url.Values{
		"action": {"publish"}, "section": {"technology"}, "version": {"0"},
		"en-headline": {en}, "en-summary": {"A summary in English."}, "en-byline": {"By Ada Reporter"},
		"en-body": {"First paragraph about the harbour robots.\n\n## What changed\n\nSecond paragraph."},
		"en-alt":  {"A crane at dusk"}, "en-caption": {"The new crane."}, "credit": {"Photo: Staff"},
	}
	if zh != "" {
		f.Set("zh-headline", zh)
		f.Set("zh-summary", "中文摘要。")
		f.Set("zh-body", "第一段，关于港口机器人。\n\n## 有何变化\n\n第二段。")
		f.Set("zh-alt", "黄昏时的起重机")
		f.Set("zh-caption", "新的起重机。")
	}
	return f
}

func TestNewsroomSignInAndOut(t *testing.T) {
	_, st, base := newNewsroomSite(t, func(c *Config) { c.SecureCookies = true })
	addUser(t, st, "ada@example.com", news.RoleEditor)
	c := newClient(t, base)

	resp, _ := c.get("/newsroom/")
	mustStatus(t, resp, http.StatusSeeOther)
	if got, want := resp.Header.Get("Location"), "/newsroom/login?next=%2Fnewsroom%2F"; got != want {
		t.Fatalf("redirect to %q, want %q", got, want)
	}

	c.lang = "zh-CN"
	resp, body := c.post("/newsroom/login", url.Values{"email": {"ada@example.com"}, "password": {"wrong password!"}})
	mustStatus(t, resp, http.StatusUnauthorized)
	if !strings.Contains(body, "邮箱或密码错误") {
		t.Fatal("failed sign-in is not explained in Chinese")
	}
	if !strings.Contains(body, `value="ada@example.com"`) {
		t.Fatal("the typed email was lost")
	}

	resp = c.signIn("ADA@example.com", testPassword)
	mustStatus(t, resp, http.StatusSeeOther)
	var ck *http.Cookie
	for _, k := range resp.Cookies() {
		if k.Name == secureNewsroomCookie {
			ck = k
		}
	}
	if ck == nil || !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/newsroom" {
		t.Fatalf("newsroom cookie = %+v, want HttpOnly, Secure, SameSite=Strict, Path=/newsroom", ck)
	}
	// The test server is plain HTTP, so hand the Secure cookie back ourselves.
	first := ck.Value
	withCookie := func(v string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, base+"/newsroom/", nil)
		req.AddCookie(&http.Cookie{Name: secureNewsroomCookie, Value: v})
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	mustStatus(t, withCookie(first), http.StatusOK)

	// Signing in again rotates the session: the old token stops working.
	req, _ := http.NewRequest(http.MethodPost, base+"/newsroom/login", strings.NewReader("email=ada%40example.com&password="+url.QueryEscape(testPassword)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: secureNewsroomCookie, Value: first})
	resp2, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	var second string
	for _, k := range resp2.Cookies() {
		if k.Name == secureNewsroomCookie {
			second = k.Value
		}
	}
	if second == "" || second == first {
		t.Fatal("signing in did not issue a new session token")
	}
	mustStatus(t, withCookie(first), http.StatusSeeOther)
	mustStatus(t, withCookie(second), http.StatusOK)

	// Signing out ends the session on the server, not only in the browser.
	req, _ = http.NewRequest(http.MethodGet, base+"/newsroom/", nil)
	req.AddCookie(&http.Cookie{Name: secureNewsroomCookie, Value: second})
	resp3, _ := http.DefaultTransport.RoundTrip(req)
	page, _ := io.ReadAll(resp3.Body)
	resp3.Body.Close()
	csrf := csrfRe.FindSubmatch(page)
	if csrf == nil {
		t.Fatal("no CSRF token on the story list")
	}
	req, _ = http.NewRequest(http.MethodPost, base+"/newsroom/logout", strings.NewReader("csrf="+url.QueryEscape(string(csrf[1]))))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: secureNewsroomCookie, Value: second})
	resp4, _ := http.DefaultTransport.RoundTrip(req)
	resp4.Body.Close()
	mustStatus(t, resp4, http.StatusSeeOther)
	cleared := false
	for _, k := range resp4.Cookies() {
		cleared = cleared || (k.Name == secureNewsroomCookie && k.MaxAge < 0)
	}
	if !cleared {
		t.Fatal("sign-out did not clear the cookie")
	}
	mustStatus(t, withCookie(second), http.StatusSeeOther)
}

func TestNewsroomRejectsForeignAndExpiredSessions(t *testing.T) {
	srv, st, base := newNewsroomSite(t)
	now := srv.cfg.Now
	u := addUser(t, st, "ada@example.com", news.RoleEditor)
	ctx := context.Background()
	try := func(name, value string) int {
		req, _ := http.NewRequest(http.MethodGet, base+"/newsroom/", nil)
		req.AddCookie(&http.Cookie{Name: name, Value: value})
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// A reader's session cookie, replayed as the newsroom's.
	reader := get(t, newTestServerHandler(t), "/lang/zh?next=/zh/")
	var readerValue string
	for _, k := range reader.Result().Cookies() {
		readerValue = k.Value
	}
	if readerValue == "" {
		t.Fatal("no reader cookie to replay")
	}
	for _, c := range []struct{ name, value string }{
		{newsroomCookie, readerValue},
		{sessionName, readerValue},
		{newsroomCookie, "garbage"},
		{newsroomCookie, strings.Repeat("A", 5000)},
	} {
		if got, want := try(c.name, c.value), http.StatusSeeOther; got != want {
			t.Fatalf("cookie %s=%.20s…: status %d, want %d (sign-in)", c.name, c.value, got, want)
		}
	}
	// Expired: stored with an end in the past.
	if err := st.CreateSession(ctx, hashToken("expired-token"), u.ID, now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if got := try(newsroomCookie, "expired-token"); got != http.StatusSeeOther {
		t.Fatalf("expired session: status %d, want 303", got)
	}
	// Beyond the absolute limit, however active.
	st.SetClock(func() time.Time { return now().Add(-sessionMax - time.Minute) })
	if err := st.CreateSession(ctx, hashToken("old-token"), u.ID, now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	st.SetClock(now)
	if got := try(newsroomCookie, "old-token"); got != http.StatusSeeOther {
		t.Fatalf("session older than %v: status %d, want 303", sessionMax, got)
	}
	// A disabled account's sessions end.
	if err := st.CreateSession(ctx, hashToken("live-token"), u.ID, now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := try(newsroomCookie, "live-token"); got != http.StatusOK {
		t.Fatalf("live session: status %d, want 200", got)
	}
	addUser(t, st, "boss@example.com", news.RoleAdmin)
	if err := st.UpdateUser(ctx, u.ID, news.RoleEditor, true, ""); err != nil {
		t.Fatal(err)
	}
	if got := try(newsroomCookie, "live-token"); got != http.StatusSeeOther {
		t.Fatalf("disabled account: status %d, want 303", got)
	}
}

func newTestServerHandler(t *testing.T) http.Handler {
	srv, _ := newTestServer(t)
	return srv
}

func TestNewsroomSignInThrottle(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	addUser(t, st, "ada@example.com", news.RoleEditor)
	c := newClient(t, base)
	for i := 0; i < 5; i++ {
		mustStatus(t, c.signIn("ada@example.com", "not the password"), http.StatusUnauthorized)
	}
	resp, body := c.post("/newsroom/login", url.Values{"email": {"ada@example.com"}, "password": {testPassword}})
	mustStatus(t, resp, http.StatusTooManyRequests)
	if !strings.Contains(body, "Too many failed sign-ins. Try again in 15 minutes.") {
		t.Fatal("the throttle does not say how long to wait")
	}
	// Other accounts from the same address may still try, up to the address limit.
	addUser(t, st, "bo@example.com", news.RoleEditor)
	mustStatus(t, c.signIn("bo@example.com", testPassword), http.StatusSeeOther)
	for i := 0; i < 20; i++ {
		c.signIn(fmt.Sprintf("nobody%d@example.com", i), "not the password")
	}
	mustStatus(t, newClient(t, base).signIn("bo@example.com", testPassword), http.StatusTooManyRequests)
}

func TestNewsroomRefusesForgedPosts(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	addUser(t, st, "ada@example.com", news.RoleEditor)
	c := newClient(t, base)
	mustStatus(t, c.signIn("ada@example.com", testPassword), http.StatusSeeOther)
	c.get("/newsroom/stories/new")
	good := c.csrf

	form := storyForm("Forged story", "")
	form.Set("csrf", "not-the-token")
	resp, _ := c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusForbidden)

	form.Set("csrf", good)
	resp, _ = c.post("/newsroom/stories/new", form, "Sec-Fetch-Site: cross-site")
	mustStatus(t, resp, http.StatusForbidden)
	resp, _ = c.post("/newsroom/stories/new", form, "Origin: https://evil.example")
	mustStatus(t, resp, http.StatusForbidden)

	// Without a session, a POST is refused, not redirected into a GET.
	anon := newClient(t, base)
	resp, body := anon.post("/newsroom/stories/new", form)
	mustStatus(t, resp, http.StatusUnauthorized)
	if !strings.Contains(body, "Your newsroom session has ended, so nothing has been saved yet.") || !strings.Contains(body, `name="next" value="/newsroom/stories/new"`) {
		t.Fatal("a form sent without a session does not explain itself on the sign-in page")
	}

	items, _, err := st.DeskStories(context.Background(), news.EN, news.DeskFilter{Query: "Forged", Page: news.Page{Number: 1, Size: 10}})
	if err != nil || len(items) != 0 {
		t.Fatalf("forged posts saved %d stories (err %v)", len(items), err)
	}
}

// signedIn returns a client signed in as a new editor.
func signedIn(t *testing.T, st *store.Store, base string, role news.Role) *newsroomClient {
	t.Helper()
	addUser(t, st, string(role)+"@example.com", role)
	c := newClient(t, base)
	mustStatus(t, c.signIn(string(role)+"@example.com", testPassword), http.StatusSeeOther)
	return c
}

func TestNewsroomPublishShowsEverywhere(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	reader := newClient(t, base)
	// Warm the page cache so publishing has something to invalidate.
	_, front := reader.get("/en/")
	if strings.Contains(front, "Harbour robots learn") {
		t.Fatal("story on the front page before it exists")
	}

	c.get("/newsroom/stories/new")
	resp, _ := c.postStory("/newsroom/stories/new", storyForm("Harbour robots learn to share the quay", "港口机器人学会共用码头"), "Crane At Dusk.PNG", testPNG(1200, 800))
	mustStatus(t, resp, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, "/newsroom/stories/") || !strings.HasSuffix(loc, "?saved=publish") {
		t.Fatalf("after publishing, redirected to %q", loc)
	}
	_, editor := c.get(loc)
	if !strings.Contains(editor, "Published. Readers see it now.") {
		t.Fatal("no confirmation after publishing")
	}

	_, front = reader.get("/en/")
	if !strings.Contains(front, "Harbour robots learn to share the quay") {
		t.Fatal("the cached front page does not show the new story")
	}
	resp, page := reader.get("/en/story/harbour-robots-learn-to-share-the-quay")
	mustStatus(t, resp, http.StatusOK)
	for _, want := range []string{"By Ada Reporter", `<h2 id="p-b2">What changed</h2>`, "A crane at dusk", "Photo: Staff", "-480w.png 480w", "960w", "sizes="} {
		if !strings.Contains(page, want) {
			t.Errorf("English page lacks %q", want)
		}
	}
	resp, page = reader.get("/zh/story/gang-kou-ji-qi-ren-xue-hui-gong-yong-ma-tou")
	mustStatus(t, resp, http.StatusOK)
	if !strings.Contains(page, "港口机器人学会共用码头") || !strings.Contains(page, "黄昏时的起重机") {
		t.Fatal("the Chinese edition does not show the story")
	}
	robots, _ := search.Parse("共用码头")
	n, err := st.SearchCount(context.Background(), news.ZH, robots)
	if err != nil || n == 0 {
		t.Fatalf("search for 共用码头 found %d (err %v)", n, err)
	}
	_, hits := reader.get("/en/search?q=quay")
	if !strings.Contains(hits, "Harbour robots learn") {
		t.Fatal("English search does not find the new story")
	}

	// Edit: the change is visible at once, at the same address.
	id := strings.TrimSuffix(strings.TrimPrefix(loc, "/newsroom/stories/"), "?saved=publish")
	_, editor = c.get("/newsroom/stories/" + id)
	form := formFromEditor(t, editor)
	form.Set("en-headline", "Harbour robots learn to share the busy quay")
	form.Set("action", "save")
	resp, _ = c.postStory("/newsroom/stories/"+id, form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	_, page = reader.get("/en/story/harbour-robots-learn-to-share-the-quay")
	if !strings.Contains(page, "share the busy quay") {
		t.Fatal("the edit does not show on the article page")
	}
	if _, revs := c.get("/newsroom/stories/" + id + "/revisions"); !strings.Contains(revs, "version 2, updated by editor@example.com") ||
		!strings.Contains(revs, "version 1, published by editor@example.com") {
		t.Fatal("the revisions do not say the story was published, then updated")
	}

	// Unpublish: gone from the article, the front page and search.
	_, editor = c.get("/newsroom/stories/" + id)
	form = formFromEditor(t, editor)
	form.Set("action", "unpublish")
	resp, _ = c.postStory("/newsroom/stories/"+id, form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	resp, _ = reader.get("/en/story/harbour-robots-learn-to-share-the-quay")
	mustStatus(t, resp, http.StatusGone) // it was out: withdrawn, not "never was"
	_, front = reader.get("/en/")
	if strings.Contains(front, "Harbour robots") {
		t.Fatal("the front page still shows the unpublished story")
	}
	if n, _ := st.SearchCount(context.Background(), news.ZH, robots); n != 0 {
		t.Fatal("search still finds the unpublished story")
	}
}

// formFromEditor reads the editor's current values back, as a browser would submit them.
func formFromEditor(t *testing.T, page string) url.Values {
	t.Helper()
	f := url.Values{}
	nameRe, valueRe := regexp.MustCompile(`name="([^"]+)"`), regexp.MustCompile(`value="([^"]*)"`)
	for _, tag := range regexp.MustCompile(`<input[^>]*>`).FindAllString(page, -1) {
		name, value := nameRe.FindStringSubmatch(tag), valueRe.FindStringSubmatch(tag)
		if name == nil || value == nil || (strings.Contains(tag, `type="checkbox"`) && !strings.Contains(tag, " checked")) {
			continue
		}
		f.Set(name[1], htmlUnescape(value[1]))
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(page, -1) {
		f.Set(m[1], htmlUnescape(m[2]))
	}
	if m := regexp.MustCompile(`(?s)<select id="section" name="section">.*?<option value="([^"]+)" selected`).FindStringSubmatch(page); m != nil {
		f.Set("section", m[1])
	}
	return f
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`).Replace(s)
}

func TestNewsroomKeepsTypedTextOnErrors(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	c.lang = "zh"
	c.get("/newsroom/stories/new")

	form := storyForm("", "")
	form.Set("en-body", "A paragraph I spent an hour on.")
	form.Set("en-slug", "Not A Slug!")
	form.Set("zh-headline", "只有中文标题")
	resp, body := c.postStory("/newsroom/stories/new", form, "holiday.jpg", []byte("<html>not a photo</html>"))
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	for _, want := range []string{"A paragraph I spent an hour on.", "只有中文标题", "请填写标题", "只能使用小写字母、数字和单个连字符", "图片必须是JPEG、PNG或WebP格式", `aria-invalid="true"`} {
		if !strings.Contains(body, want) {
			t.Errorf("error page lacks %q", want)
		}
	}
	// Overlong fields are refused with the limit, and kept.
	form = storyForm(strings.Repeat("长", 301), "")
	resp, body = c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "已输入301个字，超过300字的上限") {
		t.Fatal("an overlong headline is not reported")
	}
	// A good photo is kept across a failed save, so it need not be uploaded again.
	form = storyForm("", "")
	resp, body = c.postStory("/newsroom/stories/new", form, "quay.png", testPNG(600, 400))
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	kept := regexp.MustCompile(`name="image" value="([^"]+)"`).FindStringSubmatch(body)
	if kept == nil {
		t.Fatal("the uploaded photo was not kept in the form")
	}
	form = storyForm("Now with a headline", "")
	form.Set("image", kept[1])
	resp, _ = c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	_, page := newClient(t, base).get("/en/story/now-with-a-headline")
	if !strings.Contains(page, "/media/"+kept[1]) {
		t.Fatal("the kept photo is not the story's photo")
	}

	// A photo needs alt text in each language it appears in.
	form = storyForm("Photo without a description", "")
	form.Del("en-alt")
	resp, body = c.postStory("/newsroom/stories/new", form, "p.png", testPNG(300, 200))
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "请为看不到图片的读者描述图片内容") {
		t.Fatal("missing alt text is not reported")
	}
	// Inline pictures need a description too, and must be in the library.
	form = storyForm("Inline pictures", "")
	form.Set("en-body", "Text.\n\n![](no-such-picture.png)")
	resp, body = c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "图片“no-such-picture.png”不在图库中") {
		t.Fatal("an inline picture missing from the library is not reported")
	}
	form.Set("en-body", "Text.\n\n![]("+kept[1]+")")
	resp, body = c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "请在方括号中描述图片") {
		t.Fatal("an inline picture without a description is not reported")
	}
	// Markdown that cannot be published is explained in the editor's language.
	for md, want := range map[string]string{
		"```go\nfmt.Println()\n```":                                         "代码块无法发布",
		"```embed\nkind = \"video\"\nsrc = \"https://evil.example/x\"\n```": "视频须写成```embed代码块",
		"Text.\n\n    indented code":                                        "例如缩进的代码块",
	} {
		form = storyForm("Odd markdown", "")
		form.Set("en-body", md)
		resp, body = c.postStory("/newsroom/stories/new", form, "", nil)
		mustStatus(t, resp, http.StatusUnprocessableEntity)
		if !strings.Contains(body, want) {
			t.Errorf("body %q: no %q", md, want)
		}
	}
	// Schedules must lie in the future.
	form = storyForm("Scheduled in the past", "")
	form.Set("action", "schedule")
	form.Set("schedule_at", "2001-01-01T10:00")
	resp, body = c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "请选择将来的日期和时间") {
		t.Fatal("a past schedule time is not reported")
	}
}

func TestNewsroomOversizeUpload(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	c.get("/newsroom/stories/new")
	// A 25 MB camera original: over the photo limit but within the form
	// limit, so the form comes back with the text.
	big := append(testPNG(100, 100), make([]byte, 25<<20)...)
	resp, body := c.postStory("/newsroom/stories/new", storyForm("Big photo", ""), "big.png", big)
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "The photo is too large") || !strings.Contains(body, "Big photo") {
		t.Fatal("an oversize photo is not reported with the form kept")
	}
	// Beyond what the server reads at all.
	resp, _ = c.postStory("/newsroom/stories/new", storyForm("Huge photo", ""), "huge.png", make([]byte, newsroomMaxBody+1))
	mustStatus(t, resp, http.StatusRequestEntityTooLarge)
}

func TestNewsroomSanitizesEveryField(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	c.get("/newsroom/stories/new")
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	form := storyForm("Safe headline "+evil, "")
	for _, f := range []string{"en-summary", "en-byline", "en-caption", "en-alt", "credit"} {
		form.Set(f, f+" "+evil)
	}
	form.Set("en-slug", "safe-headline")
	form.Set("en-body", "Para "+evil+"\n\n[click](javascript:alert(3)) <a href=\"javascript:alert(4)\">x</a>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n> quote <svg onload=alert(5)>")
	resp, _ := c.postStory("/newsroom/stories/new", form, "p.png", testPNG(300, 200))
	mustStatus(t, resp, http.StatusSeeOther)
	resp, page := newClient(t, base).get("/en/story/safe-headline")
	mustStatus(t, resp, http.StatusOK)
	assertNoActiveContent(t, "reader page", page)
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the headline's markup is not shown as text")
	}
	// The editor's own preview is as safe as the reader's page.
	form.Set("action", "preview")
	form.Set("en-slug", "another-slug")
	_, preview := c.postStory("/newsroom/stories/new", form, "", nil)
	if !strings.Contains(preview, "Preview: as readers will see it") {
		t.Fatal("no preview rendered")
	}
	_, shown, _ := strings.Cut(preview, `id="preview-title"`)
	assertNoActiveContent(t, "preview", shown)
}

// assertNoActiveContent parses page as a browser would and fails on anything
// that could run script: event handler attributes, script elements other
// than JSON-LD data, javascript: URLs, frames and SVG.
func assertNoActiveContent(t *testing.T, what, page string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "iframe", "svg", "object", "embed":
			t.Errorf("%s has a <%s>", what, tok.Data)
		case "script":
			// Data blocks and the site's own scripts from /assets/ are
			// allowed; nothing a writer typed may become a script.
			allowed := false
			for _, a := range tok.Attr {
				allowed = allowed || (a.Key == "type" && a.Val == "application/ld+json") ||
					(a.Key == "src" && strings.HasPrefix(a.Val, "/assets/keep-place.") && strings.HasSuffix(a.Val, ".js"))
			}
			if !allowed {
				t.Errorf("%s has a <script>", what)
			}
		}
		for _, a := range tok.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("%s: <%s> has the event handler %s", what, tok.Data, a.Key)
			}
			if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
				t.Errorf("%s: <%s %s=%q>", what, tok.Data, a.Key, a.Val)
			}
		}
	}
}

func TestNewsroomConflictAndRevisions(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	a := signedIn(t, st, base, news.RoleEditor)
	b := signedIn(t, st, base, news.RoleAdmin)
	a.get("/newsroom/stories/new")
	form := storyForm("First version", "第一版")
	form.Set("action", "save")
	resp, _ := a.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	path := strings.Split(resp.Header.Get("Location"), "?")[0]

	_, pageA := a.get(path)
	_, pageB := b.get(path)
	formA, formB := formFromEditor(t, pageA), formFromEditor(t, pageB)
	formA.Set("action", "save")
	formB.Set("action", "save")
	formB.Set("en-headline", "Second version by B")
	formB.Set("csrf", b.csrf)
	resp, _ = b.postStory(path, formB, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)

	formA.Set("en-headline", "A's version, typed meanwhile")
	formA.Set("csrf", a.csrf)
	resp, body := a.postStory(path, formA, "", nil)
	mustStatus(t, resp, http.StatusConflict)
	if !strings.Contains(body, "admin@example.com saved this story at") || !strings.Contains(body, "A&#39;s version, typed meanwhile") {
		t.Fatal("the conflict is not explained, or A's text was lost")
	}
	_, now := b.get(path)
	if !strings.Contains(now, "Second version by B") {
		t.Fatal("B's save was overwritten")
	}
	// Saving again from the conflict page is a deliberate overwrite.
	again := formFromEditor(t, body)
	again.Set("action", "save")
	resp, _ = a.postStory(path, again, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)

	_, revs := a.get(path + "/revisions")
	links := regexp.MustCompile(`href="(/newsroom/stories/\d+/revisions/\d+)"`).FindAllStringSubmatch(revs, -1)
	if got, want := len(links), 3; got != want {
		t.Fatalf("%d revisions listed, want %d", got, want)
	}
	// The oldest is last; opening it fills the form without saving anything.
	_, old := a.get(links[2][1])
	if !strings.Contains(old, `value="First version"`) || !strings.Contains(old, "Nothing has changed yet") {
		t.Fatal("the first revision does not open in the editor")
	}
	_, cur := a.get(path)
	if !strings.Contains(cur, "typed meanwhile") {
		t.Fatal("opening a revision changed the story")
	}
	restore := formFromEditor(t, old)
	restore.Set("action", "save")
	// Sent where the page's form says, as a browser would.
	action := regexp.MustCompile(`<form method="post" action="([^"]+)" enctype="multipart/form-data"`).FindStringSubmatch(old)
	if action == nil || action[1] != path {
		t.Fatalf("the revision's form posts to %v, want %s", action, path)
	}
	resp, _ = a.postStory(action[1], restore, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	_, cur = a.get(path)
	if !strings.Contains(cur, `value="First version"`) {
		t.Fatal("saving the old revision did not restore it")
	}
}

func TestNewsroomScheduleAndHold(t *testing.T) {
	srv, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	reader := newClient(t, base)
	c.get("/newsroom/stories/new")
	form := storyForm("Tomorrow's story", "明天的报道")
	form.Set("action", "schedule")
	form.Set("schedule_at", srv.cfg.Now().Add(time.Hour).UTC().Format(scheduleLayout))
	form.Set("zh-hold", "1")
	resp, _ := c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	path := strings.Split(resp.Header.Get("Location"), "?")[0]
	resp, _ = reader.get("/en/story/tomorrows-story")
	mustStatus(t, resp, http.StatusNotFound)
	_, desk := c.get("/newsroom/")
	if !strings.Contains(desk, "Tomorrow&#39;s story") || !strings.Contains(desk, "Scheduled") || !strings.Contains(desk, "Draft") {
		t.Fatal("the story list does not show the scheduled English and the held Chinese")
	}
	// The editor offers what fits a scheduled story, and saving keeps the schedule.
	_, editor := c.get(path)
	for _, want := range []string{"Save, keep the schedule", "Reschedule", "Cancel the schedule", "Publish now"} {
		if !strings.Contains(editor, want) {
			t.Errorf("the scheduled story's editor lacks %q", want)
		}
	}
	keep := formFromEditor(t, editor)
	keep.Set("action", "save")
	keep.Set("en-summary", "Changed while scheduled.")
	resp, _ = c.postStory(path, keep, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	_, editor = c.get(resp.Header.Get("Location"))
	if !strings.Contains(editor, "Scheduled for") {
		t.Fatal("saving a scheduled story does not say it stays scheduled")
	}
	resp, _ = reader.get("/en/story/tomorrows-story")
	mustStatus(t, resp, http.StatusNotFound)
	// When the time comes the story is out, and the held language is not.
	later := srv.cfg.Now().Add(2 * time.Hour)
	st.SetClock(func() time.Time { return later })
	due, err := st.BecameDue(context.Background(), srv.cfg.Now(), later)
	if err != nil || !due {
		t.Fatalf("BecameDue=%v, %v", due, err)
	}
	srv.Invalidate()
	resp, _ = reader.get("/en/story/tomorrows-story")
	mustStatus(t, resp, http.StatusOK)
	resp, _ = reader.get("/zh/story/ming-tian-de-bao-dao")
	mustStatus(t, resp, http.StatusNotFound)
}

func TestNewsroomDeskFilters(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	_, all := c.get("/newsroom/")
	if !strings.Contains(all, "12 stories") {
		t.Fatal("the story list does not count the demo edition")
	}
	_, tech := c.get("/newsroom/?section=technology")
	if strings.Contains(tech, "12 stories") || !strings.Contains(tech, "stories") {
		t.Fatal("the section filter does not narrow the list")
	}
	_, found := c.get("/newsroom/?q=seawall")
	if !strings.Contains(found, "1 story") {
		t.Fatal("the list search does not find the seawall story")
	}
	_, odd := c.get("/newsroom/?q=" + url.QueryEscape(`%_\' OR 1=1 --`) + "&page=-3")
	if !strings.Contains(odd, "0 stories") {
		t.Fatal("LIKE wildcards in the list search are not taken literally")
	}
	for _, missing := range []string{"/newsroom/stories/99999", "/newsroom/stories/abc", "/newsroom/stories/1/revisions/99999"} {
		resp, body := c.get(missing)
		mustStatus(t, resp, http.StatusNotFound)
		if !strings.Contains(body, "There is no such story, revision or page in the newsroom.") || strings.Contains(body, `id="consent"`) {
			t.Fatalf("%s: not the newsroom's own not-found page", missing)
		}
	}
	_, zh := newClient(t, base).get("/newsroom/login")
	if !strings.Contains(zh, "Sign in to the newsroom") {
		t.Fatal("no sign-in page")
	}
}

func TestNewsroomAccounts(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	ed := signedIn(t, st, base, news.RoleEditor)
	resp, body := ed.get("/newsroom/users")
	mustStatus(t, resp, http.StatusForbidden)
	if !strings.Contains(body, "Only admins can manage accounts.") {
		t.Fatal("an editor is not told why the accounts page is closed")
	}

	admin := signedIn(t, st, base, news.RoleAdmin)
	admin.get("/newsroom/users")
	resp, _ = admin.post("/newsroom/users", url.Values{"csrf": {admin.csrf}, "current_password": {testPassword}, "email": {"new@example.com"}, "role": {"editor"}, "password": {"long enough password"}})
	mustStatus(t, resp, http.StatusSeeOther)
	resp, body = admin.post("/newsroom/users", url.Values{"csrf": {admin.csrf}, "current_password": {testPassword}, "email": {"NEW@example.com"}, "role": {"editor"}, "password": {"short"}})
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "There is already an account for this email.") || !strings.Contains(body, "at least 10 characters") {
		t.Fatal("duplicate email and short password are not both reported")
	}
	mustStatus(t, newClient(t, base).signIn("new@example.com", "long enough password"), http.StatusSeeOther)

	// The last admin cannot lock the newsroom out.
	u, _, _ := st.UserByEmail(context.Background(), "admin@example.com")
	resp, body = admin.post(fmt.Sprintf("/newsroom/users/%d", u.ID), url.Values{"csrf": {admin.csrf}, "current_password": {testPassword}, "role": {"editor"}})
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "at least one enabled admin") {
		t.Fatal("demoting the last admin is not refused")
	}
	// Refused as a whole: a new password sent with it is not set either.
	resp, _ = admin.post(fmt.Sprintf("/newsroom/users/%d", u.ID), url.Values{"csrf": {admin.csrf}, "current_password": {testPassword}, "role": {"editor"}, "password": {"a different password"}})
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	mustStatus(t, newClient(t, base).signIn("admin@example.com", testPassword), http.StatusSeeOther)
	// An admin resets another account's password: the old one stops working.
	nu, _, _ := st.UserByEmail(context.Background(), "new@example.com")
	resp, _ = admin.post(fmt.Sprintf("/newsroom/users/%d", nu.ID), url.Values{"csrf": {admin.csrf}, "current_password": {testPassword}, "role": {"editor"}, "password": {"a brand new password"}})
	mustStatus(t, resp, http.StatusSeeOther)
	mustStatus(t, newClient(t, base).signIn("new@example.com", "long enough password"), http.StatusUnauthorized)
	mustStatus(t, newClient(t, base).signIn("new@example.com", "a brand new password"), http.StatusSeeOther)
}

func TestNewsroomWarnsAboutMissingBlocks(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	c.get("/newsroom/stories/new")
	form := storyForm("Aligned story", "对齐的报道")
	form.Set("action", "preview")
	_, body := c.postStory("/newsroom/stories/new", form, "", nil)
	if strings.Contains(body, "blocks and the Chinese") {
		t.Fatal("a warning although both languages have three blocks")
	}
	form.Set("zh-body", "只有一段。")
	resp, body := c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusOK)
	if !strings.Contains(body, "The English story has 3 blocks and the Chinese 1.") {
		t.Fatal("no warning when the Chinese body is missing blocks")
	}
	if !strings.Contains(body, "<h2>What changed</h2>") || !strings.Contains(body, "只有一段。") {
		t.Fatal("the preview does not show both languages")
	}
}

// TestNewsroomThrottleHoldsInParallel: guesses sent all at once are counted
// as they arrive, so only the first five are even checked.
func TestNewsroomThrottleHoldsInParallel(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	addUser(t, st, "ada@example.com", news.RoleEditor)
	codes := make(chan int, 40)
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.PostForm(base+"/newsroom/login", url.Values{"email": {"ada@example.com"}, "password": {fmt.Sprintf("guess number %d", i)}})
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
	for c := range codes {
		n[c]++
	}
	if n[http.StatusUnauthorized] != 5 || n[http.StatusTooManyRequests] != 35 {
		t.Fatalf("40 parallel guesses: %v, want 5×401 and 35×429", n)
	}
	// A huge email is refused like any wrong one, and not echoed back.
	resp, err := http.PostForm(base+"/newsroom/login", url.Values{"email": {strings.Repeat("a", 100_000) + "@example.com"}, "password": {"x"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// (Refused as this address's guesses are spent, by now.)
	if resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("a 100 KB email: status %d", resp.StatusCode)
	}
}

// TestNewsroomLifecycle follows one story through the things editors do to
// stories over their life: held languages, double clicks, new addresses,
// taking it down and putting it back, and restoring an older version.
func TestNewsroomLifecycle(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	reader := newClient(t, base)
	ctx := context.Background()

	// A new story's form sent twice (a double click) makes one story.
	_, page := c.get("/newsroom/stories/new")
	token := regexp.MustCompile(`name="create_token" value="([^"]+)"`).FindStringSubmatch(page)
	if token == nil {
		t.Fatal("the new-story form has no one-time token")
	}
	form := storyForm("Ferry timetable changes", "渡轮时刻表调整")
	form.Set("create_token", token[1])
	form.Set("action", "save")
	form.Set("zh-hold", "1")
	first, _ := c.postStory("/newsroom/stories/new", form, "", nil)
	second, _ := c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, first, http.StatusSeeOther)
	mustStatus(t, second, http.StatusSeeOther)
	if a, b := first.Header.Get("Location"), second.Header.Get("Location"); strings.Split(a, "?")[0] != strings.Split(b, "?")[0] {
		t.Fatalf("the same form sent twice made two stories: %s and %s", a, b)
	}
	if _, n, _ := st.DeskStories(ctx, news.EN, news.DeskFilter{Query: "Ferry timetable", Page: news.Page{Number: 1, Size: 10}}); n != 1 {
		t.Fatalf("%d stories after a double click, want 1", n)
	}
	path := strings.Split(first.Header.Get("Location"), "?")[0]

	// "Not ready" is remembered on a draft, so Publish leaves that language out.
	_, page = c.get(path)
	if !regexp.MustCompile(`name="zh-hold" value="1" checked`).MatchString(page) {
		t.Fatal("the held Chinese is not held when the draft is opened again")
	}
	form = formFromEditor(t, page)
	form.Set("action", "publish")
	resp, _ := c.postStory(path, form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	resp, _ = reader.get("/en/story/ferry-timetable-changes")
	mustStatus(t, resp, http.StatusOK)
	resp, _ = reader.get("/zh/story/du-lun-shi-ke-biao-tiao-zheng")
	mustStatus(t, resp, http.StatusNotFound)

	// Publishing with every language held publishes nothing and says why.
	_, page = c.get("/newsroom/stories/new")
	form = storyForm("All held", "")
	form.Set("en-hold", "1")
	resp, body := c.postStory("/newsroom/stories/new", formWithToken(form, page), "", nil)
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Every language is marked") {
		t.Fatal("publishing with every language held is not refused")
	}

	// A new address for a live story: the old one leads to it.
	_, page = c.get(path)
	form = formFromEditor(t, page)
	form.Set("action", "save")
	form.Set("en-slug", "ferry-timetable")
	resp, _ = c.postStory(path, form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	resp, _ = reader.get("/en/story/ferry-timetable-changes")
	mustStatus(t, resp, http.StatusMovedPermanently)
	if got, want := resp.Header.Get("Location"), "/en/story/ferry-timetable"; got != want {
		t.Fatalf("the old address leads to %q, want %q", got, want)
	}

	// Taken down and put back, it keeps its first date.
	id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/newsroom/stories/"), 10, 64)
	before, err := st.StoryForEdit(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, action := range []string{"unpublish", "publish"} {
		_, page = c.get(path)
		form = formFromEditor(t, page)
		form.Set("action", action)
		resp, _ = c.postStory(path, form, "", nil)
		mustStatus(t, resp, http.StatusSeeOther)
	}
	after, err := st.StoryForEdit(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := after.Translations[0].PublishedAt, before.Translations[0].PublishedAt; !got.Equal(want) {
		t.Fatalf("put back, the story is dated %v, want its first date %v", got, want)
	}

	// A version from before the Chinese was released restores without retyping it.
	revs, err := st.Revisions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	_, page = c.get(fmt.Sprintf("%s/revisions/%d", path, revs[len(revs)-1].ID))
	form = formFromEditor(t, page)
	form.Set("action", "save")
	resp, body = c.postStory(path, form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
}

// formWithToken adds the one-time token from a new-story page to form.
func formWithToken(form url.Values, page string) url.Values {
	if m := regexp.MustCompile(`name="create_token" value="([^"]+)"`).FindStringSubmatch(page); m != nil {
		form.Set("create_token", m[1])
	}
	return form
}

func TestNewsroomRestoreFromBeforeATranslation(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	_, page := c.get("/newsroom/stories/new")
	form := formWithToken(storyForm("English first", ""), page)
	form.Set("action", "publish")
	resp, _ := c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	path := strings.Split(resp.Header.Get("Location"), "?")[0]
	_, page = c.get(path)
	form = formFromEditor(t, page)
	form.Set("action", "save")
	form.Set("zh-headline", "后来的中文版")
	form.Set("zh-body", "中文正文。")
	form.Set("zh-alt", "图片")
	resp, _ = c.postStory(path, form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)

	_, revs := c.get(path + "/revisions")
	links := regexp.MustCompile(`href="(/newsroom/stories/\d+/revisions/\d+)"`).FindAllStringSubmatch(revs, -1)
	_, old := c.get(links[len(links)-1][1])
	if !strings.Contains(old, `value="后来的中文版"`) || !regexp.MustCompile(`name="zh-hold" value="1" checked`).MatchString(old) {
		t.Fatal("restoring the English-only version does not keep the Chinese, held back")
	}
	form = formFromEditor(t, old)
	form.Set("action", "save")
	resp, _ = c.postStory(path, form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	resp, _ = newClient(t, base).get("/zh/story/hou-lai-de-zhong-wen-ban")
	mustStatus(t, resp, http.StatusGone) // it was out, and is held back again: withdrawn
}

// Taking the newest story down changes the front page, though its newest
// remaining story is older: Last-Modified must not go back, or a client
// asking If-Modified-Since would be told nothing changed.
func TestNewsroomUnpublishNeverGoesBackInTime(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	_, page := c.get("/newsroom/stories/new")
	resp, _ := c.postStory("/newsroom/stories/new", formWithToken(storyForm("Newest of all", ""), page), "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	path := strings.Split(resp.Header.Get("Location"), "?")[0]
	for _, doc := range []string{"/en/", "/en/atom.xml"} {
		resp, _ = c.get(doc)
		since := resp.Header.Get("Last-Modified")
		if since == "" {
			t.Fatalf("%s has no Last-Modified", doc)
		}
		time.Sleep(1100 * time.Millisecond) // Last-Modified has one-second resolution
		_, page = c.get(path)
		form := formFromEditor(t, page)
		form.Set("action", "unpublish")
		if doc != "/en/" {
			form.Set("action", "publish")
		}
		resp, _ = c.postStory(path, form, "", nil)
		mustStatus(t, resp, http.StatusSeeOther)
		req, _ := http.NewRequest(http.MethodGet, base+doc, nil)
		req.Header.Set("If-Modified-Since", since)
		got, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got.Body.Close()
		if got.StatusCode != http.StatusOK {
			t.Fatalf("%s after a change, If-Modified-Since %s: status %d, want 200", doc, since, got.StatusCode)
		}
	}
}

// On the editor the language toggle sends the form, so switching language
// after a failed save keeps what was typed.
func TestNewsroomToggleKeepsTypedText(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	_, page := c.get("/newsroom/stories/new")
	if !strings.Contains(page, `formaction="/newsroom/stories/new?ui=zh"`) {
		t.Fatal("the editor's toggle does not send the form")
	}
	form := formWithToken(storyForm("", ""), page)
	form.Set("en-summary", "Typed before switching language.")
	form.Set("action", "save")
	resp, _ := c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	form.Set("action", "preview")
	resp, body := c.postStory("/newsroom/stories/new?ui=zh", form, "", nil)
	mustStatus(t, resp, http.StatusUnprocessableEntity) // still no headline, now said in Chinese
	if !strings.Contains(body, "Typed before switching language.") || !strings.Contains(body, "新稿件") {
		t.Fatal("switching language lost the text or stayed in English")
	}
	_, list := c.get("/newsroom/")
	if !strings.Contains(list, "稿件") {
		t.Fatal("the language choice was not kept")
	}
}

// A second picture goes through the photo library and into the body.
func TestNewsroomPhotoLibrary(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	c.lang = "zh"
	_, page := c.get("/newsroom/photos")
	if !strings.Contains(page, "加入图库") {
		t.Fatal("no upload form on the photo library")
	}
	for name, data := range map[string][]byte{"notes.jpg": []byte("not a photo"), "": nil} {
		resp, body := c.postStory("/newsroom/photos", url.Values{"credit": {"Staff"}}, name, data)
		mustStatus(t, resp, http.StatusUnprocessableEntity)
		if !strings.Contains(body, "图片必须是JPEG、PNG或WebP格式") && !strings.Contains(body, "请选择要上传的图片") {
			t.Fatalf("upload %q: the problem is not explained", name)
		}
	}
	resp, _ := c.postStory("/newsroom/photos", url.Values{"credit": {"Photo: Lab"}}, "pier.png", testPNG(1000, 500))
	mustStatus(t, resp, http.StatusSeeOther)
	added, _ := url.QueryUnescape(strings.TrimPrefix(resp.Header.Get("Location"), "/newsroom/photos?added="))
	_, page = c.get(resp.Header.Get("Location"))
	if !strings.Contains(page, "<code>![]("+added+")</code>") {
		t.Fatalf("the library does not offer the Markdown for %s", added)
	}

	_, page = c.get("/newsroom/stories/new")
	form := formWithToken(storyForm("Two pictures", ""), page)
	form.Set("en-body", "Before.\n\n![The pier at low tide]("+added+" \"Low tide\")\n\nAfter.")
	resp, _ = c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	_, article := newClient(t, base).get("/en/story/two-pictures")
	for _, want := range []string{`alt="The pier at low tide"`, added[:len(added)-4] + "-480w.png 480w", "Low tide", "Photo: Lab"} {
		if !strings.Contains(article, want) {
			t.Errorf("the article lacks %q", want)
		}
	}
}

// Enter in a field of the editor submits nothing: the form's default button
// (first in tree order) is disabled, so it cannot be the language toggle.
func TestNewsroomEnterDoesNotToggle(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	_, page := c.get("/newsroom/stories/new")
	first := regexp.MustCompile(`<button[^>]*form="editor"[^>]*>|<button[^>]*type="submit"[^>]*>`).FindString(page)
	if !strings.Contains(first, `form="editor"`) || !strings.Contains(first, "disabled") {
		t.Fatalf("the editor's first submit button is %q, want a disabled default", first)
	}
}

// A term in Search Trends whose only story is taken down leaves the list, so
// it never leads readers to "no results".
func TestNewsroomUnpublishDropsTrend(t *testing.T) {
	srv, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	_, page := c.get("/newsroom/stories/new")
	resp, _ := c.postStory("/newsroom/stories/new", formWithToken(storyForm("Quillwort bloom returns", ""), page), "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	path := strings.Split(resp.Header.Get("Location"), "?")[0]
	for _, r := range []string{"1", "2", "3"} {
		searchAs(t, srv, r, "/en/search?q=quillwort")
	}
	if err := srv.RefreshTrends(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := srv.trends.get(news.EN); len(got) != 1 || got[0].Term != "quillwort" {
		t.Fatalf("trends=%v, want quillwort", got)
	}
	_, page = c.get(path)
	form := formFromEditor(t, page)
	form.Set("action", "unpublish")
	resp, _ = c.postStory(path, form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	if err := srv.RefreshTrends(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := srv.trends.get(news.EN); len(got) != 0 {
		t.Fatalf("trends after the story was taken down=%v, want none", got)
	}
}
