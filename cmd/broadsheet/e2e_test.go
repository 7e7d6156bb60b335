package main

// End-to-end tests: the reader's journeys in a real headless Chromium against
// the real run(), on a free port, with JavaScript on and off.

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// e2eTimeout bounds every browser action and the server's start and stop, so a
// hang fails the test instead of blocking it.
const e2eTimeout = 20 * time.Second

// Demo-edition URLs, from the front matter in internal/demo/edition/*.md.
const (
	// open-movie-animators.{en,zh-Hans}.md: the story with a video embed.
	embedStoryEN = "/en/story/open-movies-animation-classroom"
	embedStoryZH = "/zh/story/kai-yuan-dian-ying-dong-hua-ke-tang"
	// library-ai-archivist.en.md and translators-poetry-festival.en.md have
	// no Chinese translation.
	untranslatedSlug1 = "harwick-library-software-reads-handwritten-records"
	untranslatedSlug2 = "poetry-festival-poets-and-translators"

	embedSrcPrefix = "https://www.youtube-nocookie.com/embed/"
)

// Selectors for what the journeys look at and click.
const (
	selBanner       = "section#consent"
	selBannerAgree  = `section#consent form:has(input[name="decision"][value="accept"]) button[type="submit"]`
	selBannerReject = `section#consent form:has(input[name="decision"][value="reject"]) button[type="submit"]`
	selPlaceholder  = "figure.embed div.embed-placeholder"
	selEmbedAgree   = `figure.embed div.embed-placeholder form:has(input[name="decision"][value="accept"]) button[type="submit"]`
	selIframe       = "figure.embed iframe"
	selToggle       = "a.lang-toggle"
)

// e2eStartSite runs the real server on a free port with a fresh data directory
// and returns its origin, e.g. "http://127.0.0.1:41234"; at the end of the test
// it expects a clean shutdown.
func e2eStartSite(t *testing.T, opts ...func(*Config)) string {
	t.Helper()
	// The reader's journeys happen a day after the demo edition's newest story.
	base, _, stop := startRun(t, t.TempDir(), append([]func(*Config){clockAt(demoNewest(t).Add(24 * time.Hour))}, opts...)...)
	t.Cleanup(stop)
	return base
}

// e2eChromium finds the browser the tests drive.
func e2eChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("chromium not found: the end-to-end tests need it; run `make test-deps` (installs Debian's chromium)")
	return ""
}

// e2eBrowserOpts are the reader's browser settings.
type e2eBrowserOpts struct {
	acceptLang string // Chromium --accept-lang, e.g. "zh-CN"; default "en-US"
	noJS       bool   // scripts disabled before the first navigation
	// forwardedFor, when set, is sent as X-Forwarded-For on every request, as
	// a reverse proxy would for a reader at that address (the site must
	// trust the test's loopback address as its proxy).
	forwardedFor string
}

// e2eTab is one page in a fresh Chromium with its own profile.
type e2eTab struct {
	t    *testing.T
	ctx  context.Context // the browser's context; actions derive timeouts from it
	base string          // the site's origin

	mu      sync.Mutex
	outside []string // URLs of requests to other origins, in order
}

// e2eNewTab starts a fresh headless Chromium (its own profile, so no cookies) and
// returns its tab, with scripts disabled when opts.noJS is set.
func e2eNewTab(t *testing.T, base string, opts e2eBrowserOpts) *e2eTab {
	t.Helper()
	if opts.acceptLang == "" {
		opts.acceptLang = "en-US"
	}
	browserLog := &lockedBuffer{}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(e2eChromium(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Every host but ours fails at once, so the embed's iframe (and any
		// stray request) never waits on a network the test machine lacks.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.Flag("accept-lang", opts.acceptLang),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.CombinedOutput(browserLog),
	)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc() // waits for the browser to exit, before TempDir is removed
		if t.Failed() {
			t.Logf("chromium output:\n%s", browserLog)
		}
	})

	// The first action starts the browser and ties it to ctx, so it gets no
	// timeout of its own; bound it from outside instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start chromium: %v", err)
		}
	case <-time.After(e2eTimeout):
		cancelAlloc()
		t.Fatalf("chromium did not start within %v", e2eTimeout)
	}

	tb := &e2eTab{t: t, ctx: ctx, base: base}
	tb.watch()
	if opts.noJS {
		tb.call("disable scripts", func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		})
	}
	if opts.forwardedFor != "" {
		tb.call("set the proxy's header", func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
				Headers: network.Headers{"X-Forwarded-For": opts.forwardedFor}})
			return err
		})
	}
	// Prove the mode took effect: an inline script renames the page only when
	// scripts run.
	tb.call("check script mode", func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Navigate(`data:text/html,<title>off</title><script>document.title="on"</script>`))
	})
	want := "on"
	if opts.noJS {
		want = "off"
	}
	if got := e2eEval[string](tb, "document.title"); got != want {
		t.Fatalf("scripts in the browser: title=%q, want %q", got, want)
	}
	return tb
}

// watch records, for the whole life of the tab, every request to another
// origin (see thirdParty), and what a reader would not see but the site must
// not do: Content-Security-Policy violations (an inline style or script, a
// frame from an unlisted origin) and failed subresources (stylesheet, icon,
// images) from the site itself. The test fails at its end if there were any.
func (tb *e2eTab) watch() {
	t := tb.t
	t.Helper()
	var problems []string // guarded by tb.mu
	err := chromedp.Listen(tb.ctx, func(ev any) {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if u := ev.Request.URL; !strings.HasPrefix(u, tb.base+"/") && !strings.HasPrefix(u, "data:") {
				tb.outside = append(tb.outside, u)
			}
		case *log.EventEntryAdded:
			if ev.Entry.Source == log.EntrySourceSecurity {
				problems = append(problems, fmt.Sprintf("%s: %s", ev.Entry.URL, ev.Entry.Text))
			}
		case *network.EventResponseReceived:
			r := ev.Response
			if ev.Type != network.ResourceTypeDocument && strings.HasPrefix(r.URL, tb.base) && r.Status >= 400 {
				problems = append(problems, fmt.Sprintf("%s %s: status %d", ev.Type, r.URL, r.Status))
			}
		}
	})
	if err != nil {
		t.Fatalf("listen to the browser: %v", err)
	}
	t.Cleanup(func() {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		if len(problems) > 0 {
			t.Errorf("the browser reported %d problem(s):\n%s", len(problems), strings.Join(problems, "\n"))
		}
	})
}

// thirdParty lists the requests the tab has sent to other origins so far.
func (tb *e2eTab) thirdParty() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.outside...)
}

// wantNoThirdParty checks that nothing has been requested from another origin.
func (tb *e2eTab) wantNoThirdParty() {
	tb.t.Helper()
	if got := tb.thirdParty(); len(got) > 0 {
		tb.t.Fatalf("requests to other origins before consent: %q, want none", got)
	}
}

// waitThirdParty waits until the browser has requested a URL with prefix
// from another origin: the lazy iframe may ask after the page's load event.
func (tb *e2eTab) waitThirdParty(prefix string) {
	tb.t.Helper()
	deadline := time.Now().Add(e2eTimeout)
	for {
		got := tb.thirdParty()
		for _, u := range got {
			if strings.HasPrefix(u, prefix) {
				return
			}
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("requests to other origins=%q, want one starting %q", got, prefix)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// call runs f with a timeout and fails the test on error.
func (tb *e2eTab) call(what string, f func(ctx context.Context) error) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, e2eTimeout)
	defer cancel()
	if err := f(ctx); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// e2eEval runs a DevTools expression in the page (it works with the page's
// scripts disabled too) and decodes its value.
func e2eEval[T any](tb *e2eTab, expr string) T {
	tb.t.Helper()
	var v T
	tb.call("evaluate "+expr, func(ctx context.Context) (err error) {
		v, err = chromedp.Run(ctx, chromedp.Evaluate[T](expr))
		return err
	})
	return v
}

// e2eHop is one redirect the browser followed for the document.
type e2eHop struct {
	from   string
	status int64
}

// e2eLoad is where an action that loads a page ended up.
type e2eLoad struct {
	status    int64  // HTTP status of the final document; 0 when the document stayed
	path      string // path, query and fragment, without the origin
	redirects []e2eHop
}

// load runs an action that loads a document, waits for the load to finish
// and reports the redirects followed and where the browser ended up.
func (tb *e2eTab) load(what string, a chromedp.Action[*network.Response]) e2eLoad {
	tb.t.Helper()
	var (
		mu   sync.Mutex
		hops []e2eHop
	)
	lctx, stop := context.WithCancel(tb.ctx)
	defer stop()
	err := chromedp.Listen(lctx, func(ev any) {
		if ev, ok := ev.(*network.EventRequestWillBeSent); ok && ev.Type == network.ResourceTypeDocument && ev.RedirectResponse != nil {
			mu.Lock()
			hops = append(hops, e2eHop{from: strings.TrimPrefix(ev.RedirectResponse.URL, tb.base), status: ev.RedirectResponse.Status})
			mu.Unlock()
		}
	})
	if err != nil {
		tb.t.Fatalf("%s: listen: %v", what, err)
	}
	var resp *network.Response
	tb.call(what, func(ctx context.Context) (err error) {
		resp, err = chromedp.Run(ctx, a)
		return err
	})
	stop()
	mu.Lock()
	defer mu.Unlock()
	l := e2eLoad{path: tb.path(), redirects: hops}
	if resp != nil { // nil after a same-document (fragment) navigation
		l.status = resp.Status
	}
	return l
}

func (tb *e2eTab) navigate(path string) e2eLoad {
	tb.t.Helper()
	return tb.load("navigate to "+path, chromedp.NavigateResponse(tb.base+path))
}

// click clicks the first element matching sel and waits for the page it loads.
func (tb *e2eTab) click(sel string) e2eLoad {
	tb.t.Helper()
	tb.mustHave(sel)
	return tb.load("click "+sel, func(ctx context.Context, t *chromedp.Target) (*network.Response, error) {
		return chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	})
}

// press types keys (e.g. "\r" for Enter) and waits for the page they load.
func (tb *e2eTab) press(keys string) e2eLoad {
	tb.t.Helper()
	return tb.load("press keys", func(ctx context.Context, t *chromedp.Target) (*network.Response, error) {
		return chromedp.RunResponse(ctx, chromedp.KeyEvent(keys))
	})
}

func (tb *e2eTab) reload() e2eLoad {
	tb.t.Helper()
	return tb.load("reload", func(ctx context.Context, t *chromedp.Target) (*network.Response, error) {
		return chromedp.RunResponse(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, page.Reload, page.ReloadParams{})
			return err
		}))
	})
}

// key sends keys that do not load a page, such as Tab.
func (tb *e2eTab) key(keys string) {
	tb.t.Helper()
	tb.call("key event", func(ctx context.Context) error { return chromedp.Do(ctx, chromedp.KeyEvent(keys)) })
}

// path is the current URL without the origin.
func (tb *e2eTab) path() string {
	tb.t.Helper()
	var loc string
	tb.call("location", func(ctx context.Context) (err error) {
		loc, err = chromedp.Run(ctx, chromedp.Location())
		return err
	})
	return strings.TrimPrefix(loc, tb.base)
}

// count is how many elements match sel now; it does not wait for more.
func (tb *e2eTab) count(sel string) int {
	tb.t.Helper()
	var n []*chromedp.Node
	tb.call("query "+sel, func(ctx context.Context) (err error) {
		n, err = chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(sel), chromedp.AtLeast(0)))
		return err
	})
	return len(n)
}

// mustHave fails at once when nothing matches sel, rather than letting a
// query wait for an element that will never come.
func (tb *e2eTab) mustHave(sel string) {
	tb.t.Helper()
	if tb.count(sel) == 0 {
		tb.t.Fatalf("no element matches %s on %s", sel, tb.path())
	}
}

// attr is an attribute of the first element matching sel ("" when absent).
func (tb *e2eTab) attr(sel, name string) string {
	tb.t.Helper()
	tb.mustHave(sel)
	var res chromedp.AttributeResult
	tb.call("attribute "+name+" of "+sel, func(ctx context.Context) (err error) {
		res, err = chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
		return err
	})
	return res.Value
}

// text is the text of the first element matching sel, spaces collapsed.
func (tb *e2eTab) text(sel string) string {
	tb.t.Helper()
	tb.mustHave(sel)
	var s string
	tb.call("text of "+sel, func(ctx context.Context) (err error) {
		s, err = chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(sel)))
		return err
	})
	return strings.Join(strings.Fields(s), " ")
}

func (tb *e2eTab) htmlLang() string {
	tb.t.Helper()
	return tb.attr("html", "lang")
}

// wantBanner checks whether the consent banner is on the page.
func (tb *e2eTab) wantBanner(want bool) {
	tb.t.Helper()
	if got := tb.count(selBanner) == 1; got != want {
		tb.t.Fatalf("consent banner on %s = %v, want %v", tb.path(), got, want)
	}
}

// wantPlaceholder checks the embed is a click-to-load placeholder, not an iframe.
func (tb *e2eTab) wantPlaceholder() {
	tb.t.Helper()
	if got, want := tb.count(selPlaceholder), 1; got != want {
		tb.t.Fatalf("embed placeholders on %s = %d, want %d", tb.path(), got, want)
	}
	if got, want := tb.count(selIframe), 0; got != want {
		tb.t.Fatalf("embed iframes on %s = %d, want %d (no consent yet)", tb.path(), got, want)
	}
}

// wantIframe checks the embed is a live iframe from the video host.
func (tb *e2eTab) wantIframe() {
	tb.t.Helper()
	if got, want := tb.count(selIframe), 1; got != want {
		tb.t.Fatalf("embed iframes on %s = %d, want %d", tb.path(), got, want)
	}
	if got, want := tb.count(selPlaceholder), 0; got != want {
		tb.t.Fatalf("embed placeholders on %s = %d, want %d", tb.path(), got, want)
	}
	if src := tb.attr(selIframe, "src"); !strings.HasPrefix(src, embedSrcPrefix) {
		tb.t.Fatalf("iframe src=%q, want prefix %q", src, embedSrcPrefix)
	}
}

// e2eWantPage checks where a load ended up.
func e2eWantPage(t *testing.T, got e2eLoad, path string, status int64) {
	t.Helper()
	if got.path != path {
		t.Fatalf("page=%q, want %q (redirects %v)", got.path, path, got.redirects)
	}
	if got.status != status {
		t.Fatalf("status of %s=%d, want %d", got.path, got.status, status)
	}
}

// e2eBothScriptModes runs a journey as subtests with JavaScript on and off, each
// in its own fresh browser.
func e2eBothScriptModes(t *testing.T, base string, opts e2eBrowserOpts, journey func(t *testing.T, tb *e2eTab)) {
	t.Helper()
	for _, mode := range []struct {
		name string
		noJS bool
	}{{"js", false}, {"nojs", true}} {
		t.Run(mode.name, func(t *testing.T) {
			o := opts
			o.noJS = mode.noJS
			journey(t, e2eNewTab(t, base, o))
		})
	}
}

// TestE2EFirstVisitLanguage: "/" sends a first-time reader to the edition of
// their browser's language, else English, and asks about cookies.
func TestE2EFirstVisitLanguage(t *testing.T) {
	t.Parallel()
	base := e2eStartSite(t)
	for _, tc := range []struct {
		acceptLang, wantPath, wantLang, wantAgree, wantReject string
	}{
		{"zh-CN", "/zh/", "zh-Hans", "同意", "仅使用必要Cookie"},
		// Chrome in Hong Kong sends "zh-HK,zh;q=0.9": Traditional, not Simplified.
		{"zh-HK,zh", "/zh-hant/", "zh-Hant", "同意", "僅使用必要Cookie"},
		{"fr-FR", "/en/", "en", "I agree", "Reject non-essential"},
	} {
		t.Run(tc.acceptLang, func(t *testing.T) {
			e2eBothScriptModes(t, base, e2eBrowserOpts{acceptLang: tc.acceptLang}, func(t *testing.T, tb *e2eTab) {
				landed := tb.navigate("/")
				e2eWantPage(t, landed, tc.wantPath, 200)
				if got, want := len(landed.redirects), 1; got != want {
					t.Fatalf("redirects=%d, want %d", got, want)
				}
				if got, want := landed.redirects[0], (e2eHop{"/", 302}); got != want {
					t.Fatalf("redirect=%+v, want %+v", got, want)
				}
				if got, want := tb.htmlLang(), tc.wantLang; got != want {
					t.Fatalf("html lang=%q, want %q", got, want)
				}
				tb.wantBanner(true)
				// Before any decision the site loads nothing from other origins.
				tb.wantNoThirdParty()
				if got, want := tb.text(selBannerAgree), tc.wantAgree; got != want {
					t.Fatalf("agree button=%q, want %q", got, want)
				}
				if got, want := tb.text(selBannerReject), tc.wantReject; got != want {
					t.Fatalf("reject button=%q, want %q", got, want)
				}
			})
		})
	}
}

// TestE2EAgreeHidesBanner: "I agree" returns the reader to the same page,
// without the banner, and the banner stays away after a reload.
func TestE2EAgreeHidesBanner(t *testing.T) {
	t.Parallel()
	base := e2eStartSite(t)
	e2eBothScriptModes(t, base, e2eBrowserOpts{}, func(t *testing.T, tb *e2eTab) {
		const story = "/en/story/" + untranslatedSlug1
		e2eWantPage(t, tb.navigate(story), story, 200)
		tb.wantBanner(true)

		back := tb.click(selBannerAgree)
		e2eWantPage(t, back, story, 200)
		if got, want := len(back.redirects), 1; got != want {
			t.Fatalf("redirects after agreeing=%d, want %d", got, want)
		}
		if got, want := back.redirects[0], (e2eHop{"/consent", 303}); got != want {
			t.Fatalf("redirect after agreeing=%+v, want %+v", got, want)
		}
		tb.wantBanner(false)

		e2eWantPage(t, tb.reload(), story, 200)
		tb.wantBanner(false)
		// The decision holds on other pages and in the other edition, and
		// it unlocks the video there.
		e2eWantPage(t, tb.navigate("/zh/"), "/zh/", 200)
		tb.wantBanner(false)
		e2eWantPage(t, tb.navigate(embedStoryZH), embedStoryZH, 200)
		tb.wantBanner(false)
		tb.wantIframe()
	})
}

// TestE2EEmbedNeedsConsent: a video stays a click-to-load placeholder until
// the reader agrees, then becomes the iframe, in both editions.
func TestE2EEmbedNeedsConsent(t *testing.T) {
	t.Parallel()
	base := e2eStartSite(t)
	e2eBothScriptModes(t, base, e2eBrowserOpts{}, func(t *testing.T, tb *e2eTab) {
		e2eWantPage(t, tb.navigate(embedStoryEN), embedStoryEN, 200)
		tb.wantBanner(true)
		tb.wantPlaceholder()
		// The placeholder offers the video on its own site as a plain link.
		const watch = `figure.embed div.embed-placeholder a[href^="https://www.youtube.com/watch?v="]`
		if got, want := tb.count(watch), 1; got != want {
			t.Fatalf("plain links to the video=%d, want %d", got, want)
		}
		id := tb.attr("figure.embed", "id")
		tb.wantNoThirdParty()

		// The placeholder's own button agrees and returns to the video.
		e2eWantPage(t, tb.click(selEmbedAgree), embedStoryEN+"#"+id, 200)
		tb.wantIframe()
		tb.wantBanner(false)
		// The browser really asks for it: the CSP's frame-src lets it through.
		tb.waitThirdParty(embedSrcPrefix)

		e2eWantPage(t, tb.navigate(embedStoryZH), embedStoryZH, 200)
		tb.wantIframe()
	})
}

// TestE2ERejectKeepsPlaceholder: "Reject non-essential" also hides the banner
// and returns to the page, and the video stays a placeholder.
func TestE2ERejectKeepsPlaceholder(t *testing.T) {
	t.Parallel()
	base := e2eStartSite(t)
	e2eBothScriptModes(t, base, e2eBrowserOpts{}, func(t *testing.T, tb *e2eTab) {
		e2eWantPage(t, tb.navigate(embedStoryEN), embedStoryEN, 200)
		tb.wantPlaceholder()

		back := tb.click(selBannerReject)
		e2eWantPage(t, back, embedStoryEN, 200)
		if got, want := len(back.redirects), 1; got != want {
			t.Fatalf("redirects after rejecting=%d, want %d", got, want)
		}
		if got, want := back.redirects[0], (e2eHop{"/consent", 303}); got != want {
			t.Fatalf("redirect after rejecting=%+v, want %+v", got, want)
		}
		tb.wantBanner(false)
		tb.wantPlaceholder()

		e2eWantPage(t, tb.reload(), embedStoryEN, 200)
		tb.wantBanner(false)
		tb.wantPlaceholder()
		tb.wantNoThirdParty()
	})
}

// TestE2EToggleTranslatedStory: the toggle on a story leads to its
// translation and saves the choice, so "/" then opens that edition even when
// the browser prefers the other language.
func TestE2EToggleTranslatedStory(t *testing.T) {
	t.Parallel()
	base := e2eStartSite(t)
	e2eBothScriptModes(t, base, e2eBrowserOpts{acceptLang: "en-US"}, func(t *testing.T, tb *e2eTab) {
		e2eWantPage(t, tb.navigate(embedStoryEN), embedStoryEN, 200)
		if got, want := tb.htmlLang(), "en"; got != want {
			t.Fatalf("html lang=%q, want %q", got, want)
		}
		for _, name := range []string{"hreflang", "lang"} {
			if got, want := tb.attr(selToggle, name), "zh-Hans"; got != want {
				t.Fatalf("toggle %s=%q, want %q", name, got, want)
			}
		}
		if got, want := tb.text(selToggle), "简体"; !strings.Contains(got, want) {
			t.Fatalf("toggle text=%q, want it to contain %q", got, want)
		}

		switched := tb.click(selToggle)
		e2eWantPage(t, switched, embedStoryZH, 200)
		if r := switched.redirects; len(r) != 1 || !strings.HasPrefix(r[0].from, "/lang/zh?") || r[0].status != 303 {
			t.Fatalf("redirects=%+v, want one 303 from /lang/zh?…", r)
		}
		if got, want := tb.htmlLang(), "zh-Hans"; got != want {
			t.Fatalf("html lang=%q, want %q", got, want)
		}
		if got, want := tb.attr(selToggle, "hreflang"), "en"; got != want {
			t.Fatalf("toggle hreflang on the Chinese story=%q, want %q", got, want)
		}

		// The choice is saved: "/" now opens the Chinese edition, though the
		// browser asks for English.
		e2eWantPage(t, tb.navigate("/"), "/zh/", 200)
		if got, want := tb.htmlLang(), "zh-Hans"; got != want {
			t.Fatalf("html lang=%q, want %q", got, want)
		}

		// And back: the toggle returns to the English story and saves that.
		e2eWantPage(t, tb.navigate(embedStoryZH), embedStoryZH, 200)
		e2eWantPage(t, tb.click(selToggle), embedStoryEN, 200)
		e2eWantPage(t, tb.navigate("/"), "/en/", 200)
	})
}

// TestE2ELanguageMenuThreeEditions: the language menu names the edition the
// reader is in and leads to the same story in each of the others, the
// Traditional one included; the last choice is the one "/" remembers.
func TestE2ELanguageMenuThreeEditions(t *testing.T) {
	t.Parallel()
	base := e2eStartSite(t)
	hantStory := strings.Replace(embedStoryZH, "/zh/", "/zh-hant/", 1)
	menuTo := func(lang string) string { return `nav.lang-menu a[hreflang="` + lang + `"]` }
	e2eBothScriptModes(t, base, e2eBrowserOpts{acceptLang: "en-US"}, func(t *testing.T, tb *e2eTab) {
		e2eWantPage(t, tb.navigate(embedStoryEN), embedStoryEN, 200)
		if got := tb.text(`nav.lang-menu [aria-current="true"]`); got != "English" {
			t.Fatalf("the menu says the reader is in %q, want English", got)
		}
		for _, step := range []struct{ to, path, lang, current string }{
			{"zh-Hant", hantStory, "zh-Hant", "繁體"},
			{"zh-Hans", embedStoryZH, "zh-Hans", "简体"},
			{"zh-Hant", hantStory, "zh-Hant", "繁體"},
			{"en", embedStoryEN, "en", "English"},
			{"zh-Hant", hantStory, "zh-Hant", "繁體"},
		} {
			e2eWantPage(t, tb.click(menuTo(step.to)), step.path, 200)
			if got := tb.htmlLang(); got != step.lang {
				t.Fatalf("after choosing %s: html lang=%q", step.to, got)
			}
			if got := tb.text(`nav.lang-menu [aria-current="true"]`); got != step.current {
				t.Fatalf("after choosing %s the menu says %q, want %q", step.to, got, step.current)
			}
			if n := tb.count("nav.lang-menu a.lang-toggle"); n != 2 {
				t.Fatalf("the menu links %d other editions, want 2", n)
			}
		}
		// The story reads in Traditional characters.
		if got := tb.text("h1"); !strings.Contains(got, "動畫") || strings.Contains(got, "动画") {
			t.Fatalf("Traditional headline %q", got)
		}
		e2eWantPage(t, tb.navigate("/"), "/zh-hant/", 200)
	})
}

// TestE2EToggleUntranslatedStory: a story with no Chinese version leads to an
// honest page in Chinese with the original and Chinese stories, not home.
func TestE2EToggleUntranslatedStory(t *testing.T) {
	t.Parallel()
	base := e2eStartSite(t)
	e2eBothScriptModes(t, base, e2eBrowserOpts{}, func(t *testing.T, tb *e2eTab) {
		for _, slug := range []string{untranslatedSlug1, untranslatedSlug2} {
			en, zh := "/en/story/"+slug, "/zh/story/"+slug
			e2eWantPage(t, tb.navigate(en), en, 200)
			if got, want := tb.attr(selToggle, "hreflang"), "zh-Hans"; got != want {
				t.Fatalf("toggle hreflang=%q, want %q", got, want)
			}

			e2eWantPage(t, tb.click(selToggle), zh, 404)
			if got, want := tb.htmlLang(), "zh-Hans"; got != want {
				t.Fatalf("html lang=%q, want %q", got, want)
			}
			if got, want := tb.text("h1.page-title"), "本文暂无中文版"; got != want {
				t.Fatalf("title=%q, want %q", got, want)
			}
			orig := `main a[hreflang="en"]`
			if got, want := tb.attr(orig, "href"), en; got != want {
				t.Fatalf("link to the original=%q, want %q", got, want)
			}
			if n := tb.count(`main .related a[href^="/zh/story/"]`); n == 0 {
				t.Fatalf("related Chinese stories=%d, want some", n)
			}
			// The page still looks like the site: banner and the way back.
			tb.wantBanner(true)
			if got, want := tb.attr(selToggle, "hreflang"), "en"; got != want {
				t.Fatalf("toggle hreflang on the honest page=%q, want %q", got, want)
			}

			// The original is one click away.
			e2eWantPage(t, tb.click(orig), en, 200)
			if got, want := tb.htmlLang(), "en"; got != want {
				t.Fatalf("html lang after following the original=%q, want %q", got, want)
			}
		}
	})
}

// TestE2EKeyboard: the first Tab reaches the skip link and a few more reach
// "I agree", which Enter activates. JavaScript on: focus is read by script.
func TestE2EKeyboard(t *testing.T) {
	t.Parallel()
	base := e2eStartSite(t)
	tb := e2eNewTab(t, base, e2eBrowserOpts{})
	e2eWantPage(t, tb.navigate("/en/"), "/en/", 200)

	tb.key("\t")
	if got, want := e2eEval[string](tb, `document.activeElement.className`), "skip-link"; got != want {
		t.Fatalf("focus after the first Tab: class=%q, want %q", got, want)
	}
	if got, want := e2eEval[string](tb, `document.activeElement.getAttribute("href")`), "#main"; got != want {
		t.Fatalf("skip link href=%q, want %q", got, want)
	}
	// Hidden until focused, then on screen where a sighted keyboard user sees it.
	if got, want := e2eEval[bool](tb, `(() => {
		const r = document.activeElement.getBoundingClientRect();
		return r.top >= 0 && r.bottom <= innerHeight && r.width > 0;
	})()`), true; got != want {
		t.Fatalf("focused skip link on screen=%v, want %v", got, want)
	}

	const onAgree = `(() => {
		const e = document.activeElement;
		return !!(e && e.form && e.closest("#consent") && e.form.elements.decision.value === "accept");
	})()`
	tabs := 1
	for ; tabs < 10 && !e2eEval[bool](tb, onAgree); tabs++ {
		tb.key("\t")
	}
	if !e2eEval[bool](tb, onAgree) {
		t.Fatalf("after %d Tabs focus is on %s, want the banner's agree button", tabs,
			e2eEval[string](tb, `document.activeElement.outerHTML.slice(0, 200)`))
	}
	t.Logf("the agree button is Tab number %d", tabs)

	e2eWantPage(t, tb.press("\r"), "/en/", 200)
	tb.wantBanner(false)

	// The skip link works: Enter on it moves focus to the main content.
	tb.key("\t")
	if got, want := e2eEval[string](tb, `document.activeElement.className`), "skip-link"; got != want {
		t.Fatalf("focus after the first Tab on the new page: class=%q, want %q", got, want)
	}
	e2eWantPage(t, tb.press("\r"), "/en/#main", 0) // same document: no response
	if got, want := e2eEval[string](tb, `document.activeElement.id`), "main"; got != want {
		t.Fatalf("focus after following the skip link: id=%q, want %q", got, want)
	}
}
