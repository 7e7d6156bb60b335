package main

import (
	"context"
	"fmt"
	"net/netip"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// searchFromHeader types a query into the header's search box and submits it
// with Enter, as a reader would; it works without JavaScript.
func (tb *e2eTab) searchFromHeader(query string) e2eLoad {
	tb.t.Helper()
	tb.call("type "+query, func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#site-search-q"), query))
	})
	return tb.press("\r")
}

// TestE2ESearchChinese: a reader types a Chinese query, sees highlighted
// results, and the toggle keeps the query.
func TestE2ESearchChinese(t *testing.T) {
	t.Parallel()
	base := e2eStartSite(t)
	e2eBothScriptModes(t, base, e2eBrowserOpts{acceptLang: "zh-CN"}, func(t *testing.T, tb *e2eTab) {
		e2eWantPage(t, tb.navigate("/"), "/zh/", 200)
		want := "/zh/search?q=" + url.QueryEscape("新质生产力")
		e2eWantPage(t, tb.searchFromHeader("新质生产力"), want, 200)
		if got, want := tb.text("ol.results li.result mark"), "新质生产力"; got != want {
			t.Fatalf("first highlighted match=%q, want %q", got, want)
		}
		if got := tb.count("ol.results li.result"); got < 1 {
			t.Fatalf("results=%d, want at least 1", got)
		}
		// The toggle leads to the same search in the English edition.
		got := tb.click("a.lang-toggle")
		e2eWantPage(t, got, "/en/search?q="+url.QueryEscape("新质生产力"), 200)
		if got, want := tb.htmlLang(), "en"; got != want {
			t.Fatalf("html lang=%q, want %q", got, want)
		}
	})
}

// TestE2ESearchTrends: a term shows in Search Trends once three different
// readers have searched it. Readers are told apart by address, so the three
// browsers reach the site as if through a trusted reverse proxy, each with
// its own address in X-Forwarded-For.
func TestE2ESearchTrends(t *testing.T) {
	t.Parallel()
	base := e2eStartSite(t, func(c *Config) { c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")} })
	const article = "/zh/story/san-jiao-zhou-xiao-zhen-hai-di"
	for i := 0; i < 3; i++ {
		tb := e2eNewTab(t, base, e2eBrowserOpts{acceptLang: "zh-CN", noJS: i == 1, forwardedFor: fmt.Sprintf("203.0.113.%d", i+1)})
		e2eWantPage(t, tb.navigate("/zh/"), "/zh/", 200)
		tb.click(selBannerAgree)
		e2eWantPage(t, tb.searchFromHeader("人才"), "/zh/search?q="+url.QueryEscape("人才"), 200)
		if got := tb.count("mark"); got < 1 {
			t.Fatalf("reader %d: no highlighted match", i)
		}
		// Searching again the same day does not count twice.
		tb.navigate("/zh/search?q=" + url.QueryEscape("人才"))
		tb.navigate(article)
		if i < 2 && tb.count("aside.trends") > 0 {
			t.Fatalf("Search Trends shown after %d readers", i+1)
		}
	}
	reader := e2eNewTab(t, base, e2eBrowserOpts{acceptLang: "zh-CN"})
	deadline := time.Now().Add(10 * time.Second)
	for {
		reader.navigate(article)
		if reader.count("aside.trends a") > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the term three readers searched did not appear in Search Trends")
		}
		time.Sleep(200 * time.Millisecond)
	}
	if got, want := reader.text("aside.trends h2"), "热门搜索"; got != want {
		t.Fatalf("box title=%q, want %q", got, want)
	}
	if got, want := reader.text("aside.trends a"), "人才"; got != want {
		t.Fatalf("trend=%q, want %q", got, want)
	}
	got := reader.click("aside.trends a")
	e2eWantPage(t, got, "/zh/search?q="+url.QueryEscape("人才"), 200)
}
