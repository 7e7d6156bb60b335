package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"broadsheet/internal/news"
)

const (
	teaEN, teaZH     = "nepal-hill-tea-cooperative-sells-direct", "ni-bo-er-shan-qu-cha-nong-zhi-xiao-hai-wai"
	marketEN         = "night-market-family-stall-renovation"
	marketZH         = "ye-shi-san-dai-tan-lu"
	solarEN, solarZH = "ostrey-solar-microgrid-night-test", "ao-si-te-li-dao-tai-yang-neng-wei-dian-wang"
)

var pairStart = regexp.MustCompile(`<div class="pair(?:(?: [a-z]+)*)"`)

// pairsOf cuts a bilingual page into its rows' HTML.
func pairsOf(page string) []string {
	_, rest, _ := strings.Cut(page, `<article class="bilingual">`)
	// A row opens with <div class="pair…" id="pair-N">; what it holds is
	// pair-lead and pair-other.
	return pairStart.Split(rest, -1)[1:]
}

// Every story in both languages has a bilingual page in each edition,
// linked from its pages, kept out of search indexes; pairs follow the
// translation's pairing: a translator's note beside nothing, merged
// paragraphs beside the ones they render, pictures once across.
func TestBilingualPages(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, path := range []string{"/en/story/" + teaEN, "/zh/story/" + teaZH, "/zh-hant/story/" + teaZH} {
		page := body(t, get(t, srv, path))
		if !strings.Contains(page, `<p class="bilingual-link"><a href="`+path+`/bilingual">`) {
			t.Errorf("%s does not link its bilingual page", path)
		}
		rec := get(t, srv, path+"/bilingual")
		if rec.Code != http.StatusOK {
			t.Fatalf("%s/bilingual: status %d", path, rec.Code)
		}
		b := body(t, rec)
		if !strings.Contains(b, `<meta name="robots" content="noindex, follow">`) || strings.Contains(b, `rel="canonical"`) {
			t.Errorf("%s/bilingual is not noindex, follow", path)
		}
		// Every block says its language.
		for i, pair := range pairsOf(b) {
			if strings.Contains(pair, `pair-lead`) && !strings.Contains(pair, `class="pair-other" lang="`) && !strings.Contains(pair, `<details class="pair-other" lang="`) ||
				!strings.Contains(pair, `pair-lead`) && !strings.Contains(pair, "<figure") {
				t.Errorf("%s pair %d lacks a lang on each side", path, i+1)
			}
		}
	}
	// The Chinese page of the tea story: Chinese leads, the translator's note
	// is beside nothing.
	b := body(t, get(t, srv, "/zh/story/"+teaZH+"/bilingual"))
	pairs := pairsOf(b)
	if len(pairs) != 13 {
		t.Fatalf("tea story: %d rows, want 13 (12 paired blocks and a note)", len(pairs))
	}
	if p := pairs[2]; !strings.Contains(p, "译者注") || !strings.Contains(p, `<p class="left-out" lang="zh-Hans">此版本无对应内容。</p>`) {
		t.Fatalf("the note's row: %s", p)
	}
	if !strings.Contains(pairs[0], `<div class="pair-lead" lang="zh-Hans">`) || !strings.Contains(pairs[0], `<div class="pair-other" lang="en">`) {
		t.Fatalf("Chinese does not lead on /zh/: %s", pairs[0])
	}
	// The night market story: two English paragraphs beside one Chinese.
	b = body(t, get(t, srv, "/en/story/"+marketEN+"/bilingual"))
	merged := 0
	for _, p := range pairsOf(b) {
		lead, other, _ := strings.Cut(p, `<div class="pair-other"`)
		if strings.Count(lead, "<p>") == 2 && strings.Count(other, "<p>") == 1 {
			merged++
		}
		if strings.Contains(p, "<picture") || strings.Contains(p, "<img") {
			if strings.Contains(p, "pair-lead") || strings.Count(p, "<img") != 1 {
				t.Errorf("a picture is not shown once across: %s", p)
			}
		}
	}
	if merged != 1 {
		t.Fatalf("night market: %d rows with two English paragraphs beside one Chinese, want 1", merged)
	}
	// "Chinese only, English on tap".
	b = body(t, get(t, srv, "/zh/story/"+marketZH+"/bilingual?show=tap"))
	if n := strings.Count(b, `<details class="pair-other" lang="en">`); n < 10 {
		t.Fatalf("tap mode shows %d English paragraphs on tap", n)
	}
	// A story with no translation has no bilingual page.
	if code := get(t, srv, "/en/story/"+untranslEN+"/bilingual").Code; code != http.StatusNotFound {
		t.Fatalf("untranslated story's bilingual page: status %d", code)
	}
}

// When the pairing cannot be trusted, readers get the two texts one after
// the other with a notice, never misaligned pairs.
func TestBilingualFallsBackToSequence(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	e, err := st.StoryForEdit(ctx, publishedStoryID(t, srv, seawallEN))
	if err != nil {
		t.Fatal(err)
	}
	in := e.StoryInput
	in.Translations = append([]news.TranslationInput(nil), in.Translations...)
	for i, tr := range in.Translations {
		if tr.Lang == news.ZH {
			tr.Body = tr.Body[:len(tr.Body)-2] // two paragraphs dropped, no pairing said
			tr.Markdown = ""
			in.Translations[i] = tr
		}
	}
	if _, _, err := st.SaveEdit(ctx, e.ID, e.Version, in, 0, "update"); err != nil {
		t.Fatal(err)
	}
	srv.Invalidate()
	b := body(t, get(t, srv, "/zh/story/"+seawallZH+"/bilingual"))
	if len(pairsOf(b)) != 0 || strings.Count(b, `<div class="bilingual-text" lang=`) != 2 ||
		!strings.Contains(b, "这两个版本的段落无法一一对应") {
		t.Fatal("a mismatched story is not shown one text after the other with a notice")
	}
}

// A translation behind its original says so at the top, in the reader's
// language and script, and its bilingual page marks the changed paragraph.
func TestOutdatedTranslationNotice(t *testing.T) {
	srv, _ := newTestServer(t)
	for path, want := range map[string]string{
		"/zh/story/" + solarZH:      "本译文可能已过时：英文原文已于2026年11月21日更新。",
		"/zh-hant/story/" + solarZH: "本譯文可能已過時：英文原文已於2026年11月21日更新。",
	} {
		page := body(t, get(t, srv, path))
		if !strings.Contains(page, want) || !strings.Contains(page, `<a href="/en/story/`+solarEN+`" hreflang="en">`) {
			t.Errorf("%s lacks the notice %q with a link to the original", path, want)
		}
	}
	for _, path := range []string{"/en/story/" + solarEN, "/zh/story/" + teaZH} {
		if strings.Contains(body(t, get(t, srv, path)), `class="outdated"`) {
			t.Errorf("%s says it is outdated", path)
		}
	}
	b := body(t, get(t, srv, "/zh/story/"+solarZH+"/bilingual"))
	changed := 0
	for _, p := range pairsOf(b) {
		if strings.Contains(p, `class="changed-label"`) {
			changed++
			if !strings.Contains(p, "70%") || !strings.Contains(p, "80 per cent") {
				t.Errorf("the marked pair is not the changed paragraph: %s", p)
			}
		}
	}
	if changed != 1 {
		t.Fatalf("%d pairs marked as changed, want 1", changed)
	}
}

// The editor: a pairing that cannot be read is explained on its field; one
// that does not fit warns; the original's editor may call a change minor; a
// translator marks an outdated translation up to date; the list shows it.
func TestEditorPairingAndStatus(t *testing.T) {
	srv, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	id := publishedStoryID(t, srv, solarEN)
	edit := "/newsroom/stories/" + strconv.FormatInt(id, 10)
	_, page := c.get("/newsroom/")
	if !strings.Contains(page, "· outdated") {
		t.Fatal("the story list does not show the outdated translation")
	}
	_, page = c.get(edit)
	for _, want := range []string{`name="zh-pairs"`, `name="minor_edit"`, `value="mark-current-zh"`, "Changed or new in the original: paragraphs 10."} {
		if !strings.Contains(page, want) {
			t.Errorf("the editor lacks %s", want)
		}
	}
	form := formOf(t, page)
	form.Set("zh-pairs", "1 2 banana")
	form.Set("action", "save")
	resp, page := c.postStory(edit, form, "", nil)
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(page, "The pairing cannot be read at word 3 (“banana”)") {
		t.Fatal("a garbled pairing is not explained")
	}
	form.Set("zh-pairs", "1 2 3 4 5 6 7 8 9 10 11")
	form.Set("action", "preview")
	_, page = c.postStory(edit, form, "", nil)
	if !strings.Contains(page, "Readers will get the two texts one after the other") {
		t.Fatal("a pairing that does not fit gives no warning")
	}
	form.Set("zh-pairs", "")
	form.Set("action", "mark-current-zh")
	resp, _ = c.postStory(edit, form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	_, page = c.get(resp.Header.Get("Location"))
	if !strings.Contains(page, "marked up to date") || strings.Contains(page, `value="mark-current-zh"`) {
		t.Fatal("marking up to date did not take")
	}
	srv.Invalidate()
	if strings.Contains(body(t, get(t, srv, "/zh/story/"+solarZH)), `class="outdated"`) {
		t.Fatal("readers still see the notice")
	}
	_, revs := c.get(edit + "/revisions")
	if !strings.Contains(revs, "marked up to date") {
		t.Fatal("the revision history does not say it was marked up to date")
	}
}

// formOf reads the editor's fields as a browser would send them.
func formOf(t *testing.T, page string) url.Values {
	t.Helper()
	f := url.Values{}
	for _, m := range regexp.MustCompile(`<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if strings.Contains(m[0], `type="checkbox"`) && !strings.Contains(m[0], "checked") || strings.Contains(m[0], `type="submit"`) {
			continue
		}
		f.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(page, -1) {
		f.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)".*?<option[^>]*value="([^"]*)"[^>]*selected`).FindAllStringSubmatch(page, -1) {
		f.Set(m[1], m[2])
	}
	return f
}

// Every edition names a paragraph by the same anchor — the English block it
// renders — so a link to #p-b7 lands on the same paragraph in each.
func TestAnchorsMatchAcrossEditions(t *testing.T) {
	srv, _ := newTestServer(t)
	anchors := func(path string) []string {
		t.Helper()
		_, rest, _ := strings.Cut(body(t, get(t, srv, path)), `<div class="story-body">`)
		rest, _, _ = strings.Cut(rest, `</article>`)
		var out []string
		for _, m := range regexp.MustCompile(`<(?:p|h2|blockquote|ul) id="(p-b\d+)"`).FindAllStringSubmatch(rest, -1) {
			out = append(out, m[1])
		}
		return out
	}
	en, zh, hant := anchors("/en/story/"+seawallEN), anchors("/zh/story/"+seawallZH), anchors("/zh-hant/story/"+seawallZH)
	if len(en) < 10 || strings.Join(en, " ") != strings.Join(zh, " ") || strings.Join(zh, " ") != strings.Join(hant, " ") {
		t.Fatalf("seawall anchors differ:\nen %v\nzh %v\nzh-Hant %v", en, zh, hant)
	}
	// The merged paragraph carries the first English block's anchor; the
	// second English block has no Chinese paragraph of its own.
	en, zh = anchors("/en/story/"+marketEN), anchors("/zh/story/"+marketZH)
	if len(zh) != len(en)-1 {
		t.Fatalf("night market: %d Chinese anchors for %d English", len(zh), len(en))
	}
	// A translator's note has none: it renders no English.
	if en, zh := anchors("/en/story/"+teaEN), anchors("/zh/story/"+teaZH); len(zh) != len(en) {
		t.Fatalf("tea: %d Chinese anchors, %d English (the note has none)", len(zh), len(en))
	}
}
