package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/news"
	"broadsheet/internal/store"
)

// TestBehindCachingProxy puts nginx with proxy_cache, configured as the
// README tells self-hosters, in front of the real server and shows that
// anonymous pages come from the cache, that readers with a session never get
// another reader's page, and that an edit shows once the max-age has passed.
func TestBehindCachingProxy(t *testing.T) {
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/nginx"); serr != nil {
			t.Fatal("nginx is missing: run `make test-deps`")
		}
		nginx = "/usr/sbin/nginx"
	}
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	log := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--data", data, "--cache-max-age", "2s",
			"--trusted-proxies", "127.0.0.1", "--access-log", "true"}, env(nil), log)
	}()
	origin := waitURL(t, log, done)
	t.Cleanup(func() { cancel(); <-done })

	// nginx on a free loopback port, with its own prefix, pid and logs.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	prefix := t.TempDir()
	conf := filepath.Join(prefix, "nginx.conf")
	os.WriteFile(conf, []byte(fmt.Sprintf(`
daemon off;
master_process off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path %[1]s/body;
  proxy_temp_path %[1]s/proxy;
  fastcgi_temp_path %[1]s/fastcgi;
  uwsgi_temp_path %[1]s/uwsgi;
  scgi_temp_path %[1]s/scgi;
  proxy_cache_path %[1]s/cache keys_zone=pages:1m;
  # As the README says: nginx cannot name a cookie with a hyphen in
  # $cookie_…, so the session cookie (plain here, __Host- over TLS) is
  # matched in the Cookie header.
  map $http_cookie $broadsheet_session {
    default 0;
    "~(^|;)\s*(__Host-)?broadsheet=" 1;
  }
  server {
    listen 127.0.0.1:%[2]d;
    location / {
      proxy_pass %[3]s;
      # nginx is the edge: the client's address replaces whatever it sent.
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_cache pages;
      proxy_cache_key "$request_uri|$http_sec_gpc|$http_accept_encoding";
      proxy_cache_bypass $broadsheet_session;
      proxy_no_cache $broadsheet_session;
      add_header X-Cache $upstream_cache_status always;
    }
  }
}
`, prefix, port, origin)), 0o600)
	cmd := exec.Command(nginx, "-p", prefix, "-c", conf)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	proxy := fmt.Sprintf("http://127.0.0.1:%d", port)
	for i := 0; ; i++ {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			break
		}
		if i > 200 {
			b, _ := os.ReadFile(filepath.Join(prefix, "error.log"))
			t.Fatalf("nginx did not start: %s", b)
		}
		time.Sleep(20 * time.Millisecond)
	}

	const story = "/en/story/delta-town-seawall-or-saltmarsh"
	get := func(c *http.Client, path string) (string, string) {
		t.Helper()
		resp, err := c.Get(proxy + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b), resp.Header.Get("X-Cache")
	}
	anon := &http.Client{}
	get(anon, story)
	body, status := get(anon, story)
	if status != "HIT" {
		t.Fatalf("second anonymous request X-Cache=%q, want HIT", status)
	}
	if !strings.Contains(body, `id="consent"`) {
		t.Fatal("the anonymous page lacks the banner")
	}

	// Through the proxy, Broadsheet sees the client's address, and an
	// X-Forwarded-For the client made up goes no further than nginx.
	spoofed, err := anon.Do(mustRequest(t, proxy+"/en/privacy?via=proxy", "X-Forwarded-For", "6.6.6.6"))
	if err != nil {
		t.Fatal(err)
	}
	spoofed.Body.Close()
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(log.String(), "via=proxy"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no access log line for the request through nginx:\n%s", log.String())
		}
	}
	for _, line := range strings.Split(log.String(), "\n") {
		if strings.Contains(line, "via=proxy") && (!strings.Contains(line, "addr=127.0.0.1") || strings.Contains(line, "6.6.6.6")) {
			t.Fatalf("through nginx the client is not 127.0.0.1, or the made-up address got through: %s", line)
		}
	}

	// Each coding is its own representation with its own ETag, cached apart
	// (the key has Accept-Encoding), and revalidates with its own tag only.
	const feed = "/en/atom.xml"
	tags := map[string]string{}
	for _, path := range []string{story, feed} {
		for _, coding := range []string{"identity", "gzip", "br"} {
			var resp *http.Response
			for i := 0; i < 2; i++ { // the second comes from nginx's cache
				resp, err = anon.Do(mustRequest(t, proxy+path, "Accept-Encoding", coding))
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			if got := resp.Header.Get("X-Cache"); got != "HIT" {
				t.Fatalf("%s as %s: X-Cache=%q, want HIT", path, coding, got)
			}
			if enc := resp.Header.Get("Content-Encoding"); enc != strings.TrimPrefix(coding, "identity") {
				t.Fatalf("%s as %s: Content-Encoding=%q", path, coding, enc)
			}
			tags[path+" "+coding] = resp.Header.Get("Etag")
		}
		for _, coding := range []string{"identity", "gzip", "br"} {
			for _, other := range []string{"identity", "gzip", "br"} {
				req := mustRequest(t, proxy+path, "Accept-Encoding", coding)
				req.Header.Set("If-None-Match", tags[path+" "+other])
				resp, err := anon.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				want := http.StatusOK
				if coding == other {
					want = http.StatusNotModified
				} else if tags[path+" "+coding] == tags[path+" "+other] {
					t.Fatalf("%s: %s and %s share the ETag %s", path, coding, other, tags[path+" "+coding])
				}
				if resp.StatusCode != want {
					t.Errorf("%s as %s with the %s tag through nginx: status %d, want %d", path, coding, other, resp.StatusCode, want)
				}
			}
		}
	}

	// A reader who agreed, and one who chose Chinese, get their own pages.
	jar, _ := cookiejar.New(nil)
	agreed := &http.Client{Jar: jar}
	resp, err := agreed.PostForm(proxy+"/consent", url.Values{"decision": {"accept"}, "return": {story}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// The embed story, fetched anonymously first so the cache holds the placeholder version.
	const embedStory = "/en/story/open-movies-animation-classroom"
	get(anon, embedStory)
	if body, status = get(anon, embedStory); status != "HIT" || !strings.Contains(body, "embed-placeholder") {
		t.Fatalf("anonymous embed story: X-Cache=%q, placeholder=%v", status, strings.Contains(body, "embed-placeholder"))
	}
	for i := 0; i < 2; i++ {
		body, status = get(agreed, embedStory)
		if strings.Contains(body, `id="consent"`) || !strings.Contains(body, "<iframe") {
			t.Fatal("a reader who agreed was served the anonymous page")
		}
		if status == "HIT" {
			t.Fatal("a reader with a session was served from the shared cache")
		}
	}
	zjar, _ := cookiejar.New(nil)
	chinese := &http.Client{Jar: zjar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r2, err := chinese.Get(proxy + "/lang/zh?next=/zh/")
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	r3, err := chinese.Get(proxy + "/")
	if err != nil {
		t.Fatal(err)
	}
	r3.Body.Close()
	if got := r3.Header.Get("Location"); got != "/zh/" {
		t.Fatalf("through the proxy, / sent the reader who chose Chinese to %q", got)
	}
	r4, err := anon.Do(mustRequest(t, proxy+"/", "Accept-Language", "en"))
	if err != nil {
		t.Fatal(err)
	}
	r4.Body.Close()
	if loc := r4.Request.URL.Path; loc != "/en/" {
		t.Fatalf("an anonymous English reader landed on %q after another reader chose Chinese", loc)
	}
	// The Traditional edition goes through the proxy like the others: a Hong
	// Kong browser lands on it, and its pages are cached.
	r5, err := anon.Do(mustRequest(t, proxy+"/", "Accept-Language", "zh-HK,zh;q=0.9"))
	if err != nil {
		t.Fatal(err)
	}
	r5.Body.Close()
	if loc := r5.Request.URL.Path; loc != "/zh-hant/" {
		t.Fatalf("a zh-HK reader landed on %q, want /zh-hant/", loc)
	}
	const hantStory = "/zh-hant/story/san-jiao-zhou-xiao-zhen-hai-di"
	get(anon, hantStory)
	if body, status := get(anon, hantStory); status != "HIT" || !strings.Contains(body, `<html lang="zh-Hant">`) || !strings.Contains(body, "三角洲小鎮") {
		t.Fatalf("the Traditional story through nginx: X-Cache=%q, Traditional page=%v", status, strings.Contains(body, "三角洲小鎮"))
	}

	// An edit shows through the cache once max-age (2 s) has passed.
	st, err := store.Open(context.Background(), filepath.Join(data, "broadsheet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	edited := news.StoryInput{Key: "river-delta-seawall", Section: "world", Translations: []news.TranslationInput{{
		Lang: news.EN, Slug: "delta-town-seawall-or-saltmarsh", Headline: "Edited: the delta town decides",
		PublishedAt: time.Date(2026, 11, 26, 7, 30, 0, 0, time.UTC),
	}}}
	if _, err := st.SaveStory(context.Background(), edited); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		body, _ = get(anon, story)
		if strings.Contains(body, "Edited: the delta town decides") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the edit never showed through the cache")
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func mustRequest(t *testing.T, u, header, value string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(header, value)
	return req
}
