package web

import (
	"encoding/json"
	"fmt"
	"image/png"
	"strings"
	"testing"
)

// jsonLD pulls the page's JSON-LD data block out and parses it.
func jsonLD(t *testing.T, page string) map[string]any {
	t.Helper()
	const open = `<script id="structured-data" type="application/ld+json">`
	i := strings.Index(page, open)
	if i < 0 {
		t.Fatal("no JSON-LD block")
	}
	rest := page[i+len(open):]
	var ld map[string]any
	if err := json.Unmarshal([]byte(rest[:strings.Index(rest, "</script>")]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v", err)
	}
	return ld
}

func TestArticleMetadata(t *testing.T) {
	srv, _ := newTestServer(t)
	en := body(t, get(t, srv, "/en/story/"+seawallEN))
	for _, want := range []string{
		`<meta property="og:type" content="article">`,
		`<meta property="og:url" content="https://news.example/en/story/` + seawallEN + `">`,
		`<meta property="og:locale" content="en_US">`,
		`<meta property="og:locale:alternate" content="zh_CN">`,
		`<meta property="og:image" content="https://news.example/media/`,
		`<meta property="og:image:width" content="1200">`,
		`<meta name="twitter:card" content="summary_large_image">`,
	} {
		if !strings.Contains(en, want) {
			t.Errorf("English article lacks %s", want)
		}
	}
	ld := jsonLD(t, en)
	for _, k := range []string{"headline", "datePublished", "dateModified", "image", "author", "articleSection", "publisher"} {
		if ld[k] == nil {
			t.Errorf("NewsArticle lacks %s", k)
		}
	}
	if got, want := ld["@type"], "NewsArticle"; got != want {
		t.Fatalf("@type=%v, want %v", got, want)
	}
	// The publisher's logo is an ImageObject served from /assets/, at its real size.
	pub, _ := ld["publisher"].(map[string]any)
	logo, _ := pub["logo"].(map[string]any)
	logoURL, _ := logo["url"].(string)
	if logo["@type"] != "ImageObject" || !strings.HasPrefix(logoURL, "https://news.example/assets/logo.") || logo["width"] != 512.0 || logo["height"] != 512.0 {
		t.Fatalf("publisher logo=%v, want an ImageObject of 512×512 under /assets/", logo)
	}
	img := get(t, srv, strings.TrimPrefix(logoURL, "https://news.example"))
	if img.Code != 200 || img.Header().Get("Content-Type") != "image/png" {
		t.Fatalf("logo %s: status %d, type %q", logoURL, img.Code, img.Header().Get("Content-Type"))
	}
	if cfg, err := png.DecodeConfig(img.Body); err != nil || cfg.Width != 512 || cfg.Height != 512 {
		t.Fatalf("logo served is %dx%d (%v), want 512x512 as JSON-LD says", cfg.Width, cfg.Height, err)
	}
	if got, want := ld["inLanguage"], "en"; got != want {
		t.Fatalf("inLanguage=%v, want %v", got, want)
	}
	// Every edition's version is a translation of the English original.
	trs, _ := ld["workTranslation"].([]any)
	var ids []string
	for _, tr := range trs {
		m, _ := tr.(map[string]any)
		ids = append(ids, fmt.Sprint(m["inLanguage"], "=", m["@id"]))
	}
	if got, want := strings.Join(ids, " "), "zh-Hans=https://news.example/zh/story/"+seawallZH+" zh-Hant=https://news.example/zh-hant/story/"+seawallZH; got != want {
		t.Fatalf("workTranslation=%v, want %v", got, want)
	}
	hant := jsonLD(t, body(t, get(t, srv, "/zh-hant/story/"+seawallZH)))
	if tr, _ := hant["translationOfWork"].(map[string]any); tr["@id"] != "https://news.example/en/story/"+seawallEN || hant["inLanguage"] != "zh-Hant" {
		t.Fatalf("Traditional version: translationOfWork=%v inLanguage=%v", hant["translationOfWork"], hant["inLanguage"])
	}
	zh := jsonLD(t, body(t, get(t, srv, "/zh/story/"+seawallZH)))
	if tr, _ := zh["translationOfWork"].(map[string]any); tr["@id"] != "https://news.example/en/story/"+seawallEN || zh["inLanguage"] != "zh-Hans" {
		t.Fatalf("Chinese version: translationOfWork=%v inLanguage=%v", zh["translationOfWork"], zh["inLanguage"])
	}
	// An untranslated story offers no other locale.
	if b := body(t, get(t, srv, "/en/story/"+untranslEN)); strings.Contains(b, "og:locale:alternate") {
		t.Fatal("untranslated story claims a translation")
	}
	front := jsonLD(t, body(t, get(t, srv, "/zh/")))
	action, _ := front["potentialAction"].(map[string]any)
	target, _ := action["target"].(map[string]any)
	if front["@type"] != "WebSite" || target["urlTemplate"] != "https://news.example/zh/search?q={search_term_string}" {
		t.Fatalf("front page WebSite=%v", front)
	}
}
