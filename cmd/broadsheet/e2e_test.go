package main

import (
	"bytes"
	"flag"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string            { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestE2EExplore(t *testing.T) {
	start := time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuf{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--data", t.TempDir()}, func(string) string { return "" }, out) }()
	var base string
	for base == "" {
		time.Sleep(10 * time.Millisecond)
		s := out.String()
		if i := strings.Index(s, "url=http://"); i >= 0 {
			base = strings.Fields(s[i+4:])[0]
		}
	}
	t.Logf("server up in %v at %s", time.Since(start), base)
	defer func() { cancel(); t.Log("run:", <-done) }()

	opts := []chromedp.ExecAllocatorOption{}
	if *alang != "" {
		opts = append(opts, chromedp.Flag("accept-lang", *alang))
	}
	if *langf != "" {
		opts = append(opts, chromedp.Flag("lang", *langf))
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), append(opts,
		chromedp.ExecPath("/usr/bin/chromium"),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()),
	)...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	t0 := time.Now()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("browser in %v", time.Since(t0))
	tctx, tcancel := context.WithTimeout(bctx, 20*time.Second)
	defer tcancel()
	if *jsOff {
		if _, err := chromedp.Call(tctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
	}
	if *hdr != "" {
		if _, err := chromedp.Call(tctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": *hdr}}); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := chromedp.Run(tctx, chromedp.NavigateResponse(base))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("resp %s %d %v", resp.URL, resp.Status, resp.RequestHeaders)
	attrs, err := chromedp.Run(tctx, chromedp.Attributes(chromedp.CSS("html")))
	t.Log(attrs, err)
	h, err := chromedp.Run(tctx, chromedp.QueryAfter(chromedp.CSS("section#consent"), func(ctx context.Context, tg *chromedp.Target, nodes []*chromedp.Node) (string, error) {
		r, err := cdp.Call(ctx, tg, dom.GetOuterHTML, dom.GetOuterHTMLParams{NodeID: nodes[0].NodeID})
		return r.OuterHTML, err
	}))
	t.Log(len(h), err)
	js, err := chromedp.Run(tctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	t.Log("evaluate:", js, err)
	loc, err := chromedp.Run(tctx, chromedp.Location())
	t.Log("location:", loc, err)
	_ = cdp.Empty{}
}

var (
	jsOff = flag.Bool("jsoff", false, "")
	hdr   = flag.String("hdr", "", "")
	alang = flag.String("alang", "", "")
	langf = flag.String("langf", "", "")
)
