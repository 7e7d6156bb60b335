package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// phoneReport is what the layout check measures on one page.
type phoneReport struct {
	ScrollWidth  float64  `json:"scrollWidth"`
	Banner       float64  `json:"banner"`       // the consent banner's height, 0 without it
	HeadlineEnd  float64  `json:"headlineEnd"`  // the lead's or story's headline: bottom edge
	StandfirstAt float64  `json:"standfirstAt"` // a story's standfirst: top edge
	Small        []string `json:"small"`        // targets under 44×44 px
	Twice        []string `json:"twice"`        // story links the front page shows twice
	LatinFace    []string `json:"latinFace"`    // Chinese text not set in its CJK stack
}

const phoneCheck = `(() => {
	const r = {scrollWidth: document.documentElement.scrollWidth, banner: 0, headlineEnd: -1, standfirstAt: -1, small: [], twice: [], latinFace: []};
	const banner = document.querySelector("#consent");
	if (banner) r.banner = banner.getBoundingClientRect().height;
	const h = document.querySelector(".lead-headline, h1.headline");
	if (h) r.headlineEnd = h.getBoundingClientRect().bottom;
	const sf = document.querySelector(".standfirst");
	if (sf) r.standfirstAt = sf.getBoundingClientRect().top;
	for (const el of document.querySelectorAll(".masthead a, .masthead button, .masthead .lang-current, .cards a, .lead a, .site-footer a")) {
		if (!el.offsetParent) continue; // not shown at this width
		const b = el.getBoundingClientRect();
		if (b.width < 43.5 || b.height < 43.5) r.small.push(el.textContent.trim().slice(0, 20) + " " + Math.round(b.width) + "×" + Math.round(b.height));
	}
	if (document.querySelector(".lead-headline")) {
		const seen = new Set();
		for (const a of document.querySelectorAll("main a[href*='/story/']")) {
			const u = a.getAttribute("href");
			if (seen.has(u)) r.twice.push(u);
			seen.add(u);
		}
	}
	// Chinese set in a Latin stack falls back glyph by glyph to whatever
	// face the system picks, after a lookup of every name in the stack.
	const han = /[\u3400-\u9fff]/;
	const inCJK = (el) => getComputedStyle(el).fontFamily.replace(/\s/g, "") === getComputedStyle(el).getPropertyValue("--cjk").replace(/\s/g, "");
	const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = texts.nextNode(); n; n = texts.nextNode()) {
		if (han.test(n.data) && !inCJK(n.parentElement)) r.latinFace.push(n.data.trim().slice(0, 12) + " in " + getComputedStyle(n.parentElement).fontFamily.split(",")[0]);
	}
	for (const el of document.querySelectorAll("input[placeholder]")) {
		if (han.test(el.placeholder) && !inCJK(el)) r.latinFace.push(el.placeholder + " in " + getComputedStyle(el).fontFamily.split(",")[0]);
	}
	return JSON.stringify(r);
})()`

// TestE2EPhoneFirst: on a 360×740 phone, with the consent banner showing,
// the front page's lead headline and a story's whole headline with the start
// of its standfirst are on the first screen; the banner is at most 160 px;
// every link and button in the header, navigation, cards and footer is at
// least 44×44 px; nothing is wider than the screen; no story is linked twice
// from the front page; all Chinese text (the skip link, the search box's
// placeholder, the Chinese headline on the English parallel page) is set in
// the CJK stack. At 1280×900 the same pages keep their headline on the first
// screen. Screenshots of each are kept in the test's directory (or in
// $BROADSHEET_SCREENSHOTS).
func TestE2EPhoneFirst(t *testing.T) {
	t.Parallel()
	base := e2eStartSite(t)
	shots := os.Getenv("BROADSHEET_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	pages := []string{
		"/zh/", "/en/", "/zh-hant/",
		"/zh/story/san-jiao-zhou-xiao-zhen-hai-di", "/en/story/delta-town-seawall-or-saltmarsh",
		"/zh/section/world", "/en/section/world",
		"/zh/search?q=" + url.QueryEscape("海堤"), "/en/search?q=delta",
		"/en/story/delta-town-seawall-or-saltmarsh/bilingual", // Chinese beside English
	}
	for _, size := range []struct{ w, h int64 }{{360, 740}, {1280, 900}} {
		for _, banner := range []bool{true, false} {
			t.Run(fmt.Sprintf("%dx%d banner=%v", size.w, size.h, banner), func(t *testing.T) {
				tb := e2eNewTab(t, base, e2eBrowserOpts{})
				tb.call("set viewport", func(ctx context.Context) error {
					opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
					if size.w < 600 {
						opts = append(opts, chromedp.EmulateMobile) // a phone: touch, no scroll bar
					}
					_, err := chromedp.Run(ctx, chromedp.EmulateViewport(size.w, size.h, opts...))
					return err
				})
				if !banner {
					tb.navigate("/en/")
					tb.click(selBannerReject)
				}
				for _, path := range pages {
					tb.navigate(path)
					var r phoneReport
					if err := json.Unmarshal([]byte(e2eEval[string](tb, phoneCheck)), &r); err != nil {
						t.Fatal(err)
					}
					var png []byte
					tb.call("screenshot", func(ctx context.Context) error {
						var err error
						png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
						return err
					})
					name := fmt.Sprintf("%dx%d-%v-%s.png", size.w, size.h, banner, url.PathEscape(path))
					if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
						t.Fatal(err)
					}
					t.Logf("%s: %+v", path, r)
					if r.ScrollWidth > float64(size.w) {
						t.Errorf("%s: %v px wide", path, r.ScrollWidth)
					}
					if banner && (r.Banner == 0 || size.w == 360 && r.Banner > 160) {
						t.Errorf("%s: banner %v px high", path, r.Banner)
					}
					if !banner && r.Banner != 0 {
						t.Errorf("%s: the banner shows after a decision", path)
					}
					if r.HeadlineEnd > float64(size.h) {
						t.Errorf("%s: the headline ends at %v px, below the first screen", path, r.HeadlineEnd)
					}
					if r.StandfirstAt > float64(size.h) {
						t.Errorf("%s: the standfirst starts at %v px, below the first screen", path, r.StandfirstAt)
					}
					if size.w == 360 && len(r.Small) > 0 {
						t.Errorf("%s: targets under 44×44 px: %v", path, r.Small)
					}
					if len(r.Twice) > 0 {
						t.Errorf("%s: stories linked twice: %v", path, r.Twice)
					}
					if len(r.LatinFace) > 0 {
						t.Errorf("%s: Chinese set in a Latin face: %v", path, r.LatinFace)
					}
				}
			})
		}
	}
}
