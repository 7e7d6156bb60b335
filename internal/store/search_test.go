package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/news"
	"broadsheet/internal/search"
)

// seedSearch writes small stories whose text exercises each search case.
func seedSearch(t testing.TB, s *Store) {
	t.Helper()
	ctx := context.Background()
	docs := []struct {
		key      string
		lang     news.Lang
		headline string
		body     string
		at       time.Time
	}{
		{"reservoir", news.ZH, "水库见底", "今年夏天，水库的水位降到十年来最低。", day},
		{"talent-zh", news.ZH, "城市的新计划", "市政府推出人才引进计划，吸引年轻工程师。", day.Add(time.Hour)},
		{"decoy-zh", news.ZH, "老街的夜晚", "直到深夜，人们才知道消息。", day.Add(2 * time.Hour)},
		{"forces-zh", news.ZH, "新质生产力如何改变工厂", "工厂经理谈到效率和质量。", day.Add(3 * time.Hour)},
		{"chips-zh", news.ZH, "出口数据", "今年AI芯片的出口增长很快。", day.Add(4 * time.Hour)},
		{"talent-en", news.EN, "A city courts young engineers", "The council wants to attract talent from abroad.", day},
		{"talent-head", news.EN, "Talent war heats up", "Firms compete for engineers.", day.Add(-time.Hour)},
		{"forces-en", news.EN, "Factories and policy", "Officials speak of new quality productive forces in every speech.", day.Add(time.Hour)},
		{"words-en", news.EN, "Quality of new roads", "The quality is new, and the forces of nature are productive.", day.Add(2 * time.Hour)},
	}
	for _, d := range docs {
		in := news.StoryInput{Key: d.key, Section: "world", Translations: []news.TranslationInput{{
			Lang: d.lang, Slug: d.key, Headline: d.headline, PublishedAt: d.at,
			Body: []news.Block{{Kind: news.BlockParagraph, HTML: d.body, Text: d.body}},
		}}}
		if _, err := s.SaveStory(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
}

func searchSlugs(t *testing.T, s *Store, lang news.Lang, raw string) []string {
	t.Helper()
	q, err := search.Parse(raw)
	if err != nil {
		t.Fatalf("Parse(%q): %v", raw, err)
	}
	hits, total, err := s.Search(context.Background(), lang, q, news.Page{Number: 1, Size: 10})
	if err != nil {
		t.Fatalf("Search(%q): %v", raw, err)
	}
	if total != len(hits) {
		t.Fatalf("Search(%q): total %d, %d hits", raw, total, len(hits))
	}
	var out []string
	for _, h := range hits {
		out = append(out, h.Slug)
	}
	return out
}

func TestSearchCases(t *testing.T) {
	s := openTest(t)
	seedSearch(t, s)
	for _, tc := range []struct {
		lang  news.Lang
		query string
		want  string // slugs in rank order, comma-separated
	}{
		{news.ZH, "水", "reservoir"},                               // one character, inside longer words
		{news.ZH, "人才", "talent-zh"},                              // two characters; not 人们才
		{news.ZH, "人才引进", "talent-zh"},                            // a longer run
		{news.ZH, "新质生产力", "forces-zh"},                           // a five-character phrase
		{news.ZH, "AI芯片", "chips-zh"},                             // mixed scripts
		{news.ZH, "ai芯片", "chips-zh"},                             // case-insensitive
		{news.ZH, "ＡＩ芯片", "chips-zh"},                             // full-width Latin
		{news.ZH, "芯片 出口", "chips-zh"},                            // two terms, both required
		{news.ZH, "芯片 水库", ""},                                    // no story has both
		{news.EN, "talents", "talent-head,talent-en"},             // stemming; headline match first
		{news.EN, "TALENT", "talent-head,talent-en"},              // case
		{news.EN, `"new quality productive forces"`, "forces-en"}, // phrase: adjacency required
		{news.EN, "new quality productive forces", "words-en,forces-en"},
		{news.EN, "水", ""}, // language: the English edition has no Chinese stories
	} {
		got := strings.Join(searchSlugs(t, s, tc.lang, tc.query), ",")
		if got != tc.want {
			t.Errorf("%s %q: got [%s], want [%s]", tc.lang, tc.query, got, tc.want)
		}
	}
}

func TestSearchSnippetMarksMatches(t *testing.T) {
	s := openTest(t)
	seedSearch(t, s)
	q, _ := search.Parse("talents")
	hits, _, err := s.Search(context.Background(), news.EN, q, news.Page{Number: 1, Size: 10})
	if err != nil || len(hits) == 0 {
		t.Fatalf("hits=%v err=%v", hits, err)
	}
	var marked []string
	for _, h := range hits {
		for _, seg := range h.Snippet {
			if seg.Mark {
				marked = append(marked, seg.Text)
			}
		}
	}
	if got, want := strings.Join(marked, ","), "talent"; !strings.Contains(got, want) {
		t.Fatalf("marked=%q, want it to hold %q", got, want)
	}
}

func TestSearchHidesUnpublishedUntilDue(t *testing.T) {
	s := openTest(t)
	s.SetClock(func() time.Time { return day.Add(90 * time.Minute) })
	seedSearch(t, s) // forces-zh (3h) and chips-zh (4h) are scheduled
	if got := searchSlugs(t, s, news.ZH, "新质生产力"); len(got) != 0 {
		t.Fatalf("scheduled story found: %v", got)
	}
	s.SetClock(func() time.Time { return day.Add(3 * time.Hour) })
	if got := strings.Join(searchSlugs(t, s, news.ZH, "新质生产力"), ","); got != "forces-zh" {
		t.Fatalf("story due now: got [%s], want [forces-zh]", got)
	}
	if got := searchSlugs(t, s, news.ZH, "AI芯片"); len(got) != 0 {
		t.Fatalf("story still scheduled found: %v", got)
	}
	// A draft is never indexed.
	draft := news.StoryInput{Key: "draft", Section: "world", Translations: []news.TranslationInput{{
		Lang: news.ZH, Slug: "draft", Headline: "草稿里的水库",
	}}}
	if _, err := s.SaveStory(context.Background(), draft); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(searchSlugs(t, s, news.ZH, "水库"), ","); got != "reservoir" {
		t.Fatalf("draft found: [%s]", got)
	}
}

func TestSearchIndexFollowsEdits(t *testing.T) {
	s := openTest(t)
	seedSearch(t, s)
	ctx := context.Background()
	in := news.StoryInput{Key: "reservoir", Section: "world", Translations: []news.TranslationInput{{
		Lang: news.ZH, Slug: "reservoir", Headline: "干旱过去", PublishedAt: day,
		Body: []news.Block{{Kind: news.BlockParagraph, Text: "雨季终于来了。"}},
	}}}
	if _, err := s.SaveStory(ctx, in); err != nil {
		t.Fatal(err)
	}
	if got := searchSlugs(t, s, news.ZH, "水库"); len(got) != 0 {
		t.Fatalf("old text still indexed: %v", got)
	}
	if got := strings.Join(searchSlugs(t, s, news.ZH, "雨季"), ","); got != "reservoir" {
		t.Fatalf("new text not indexed: %q", got)
	}
	if n, err := s.Reindex(ctx); err != nil || n != 9 {
		t.Fatalf("Reindex=%d, %v; want 9 translations", n, err)
	}
	if got := strings.Join(searchSlugs(t, s, news.ZH, "雨季"), ","); got != "reservoir" {
		t.Fatalf("after reindex: %q", got)
	}
}

// hostileQueries are inputs that must give results or a clear parse error,
// never an FTS5 error.
var hostileQueries = []string{
	`"`, `""`, `"unbalanced`, `a"b"c"`, `*`, `talent*`, `-talent`, `NEAR(a b)`, `a NEAR b`,
	`(((`, `)`, `a OR b`, `NOT`, `AND`, `^talent`, `{headline}: x`, `headline:talent`,
	"\x00\x01\x1f", "\xff\xfe\xfd", `'; DROP TABLE stories; --`, `\"`, `水*`, `"水`, `人才"`,
	strings.Repeat("人才", 40), `talent + - * / : ^ $ ( ) { } [ ]`, "\u200b\ufeff",
}

func TestSearchHostileInput(t *testing.T) {
	s := openTest(t)
	seedSearch(t, s)
	for _, raw := range append(hostileQueries, strings.Repeat("x", 10<<10)) {
		q, err := search.Parse(raw)
		if errors.Is(err, search.ErrEmpty) || errors.Is(err, search.ErrTooLong) {
			continue
		}
		if err != nil {
			t.Fatalf("Parse(%q): unexpected %v", raw, err)
		}
		for _, l := range news.Langs {
			if _, _, err := s.Search(context.Background(), l, q, news.Page{Number: 1, Size: 10}); err != nil {
				t.Errorf("Search(%q) match %q: %v", raw, q.Match(), err)
			}
		}
	}
}

// FuzzSearch feeds arbitrary input through the query builder into real FTS5:
// a query either parses to something SQLite accepts or is refused cleanly.
func FuzzSearch(f *testing.F) {
	for _, q := range hostileQueries {
		f.Add(q)
	}
	f.Add("新质生产力 AI芯片 talents")
	s, err := Open(context.Background(), f.TempDir()+"/fuzz.db")
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	if err := s.PutSection(context.Background(), "world", 0, map[news.Lang]string{news.EN: "World"}); err != nil {
		f.Fatal(err)
	}
	seedSearch(f, s)
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := search.Parse(raw)
		if err != nil {
			if !errors.Is(err, search.ErrEmpty) && !errors.Is(err, search.ErrTooLong) {
				t.Fatalf("Parse(%q): %v", raw, err)
			}
			return
		}
		if _, _, err := s.Search(context.Background(), news.ZH, q, news.Page{Number: 1, Size: 5}); err != nil {
			t.Fatalf("Search(%q) match %q: %v", raw, q.Match(), err)
		}
	})
}

func TestTrends(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	const today = 20000
	for term, readers := range map[string]int{"人才": 5, "水": 3, "芯片": 2, "rare": 1} {
		for i := 0; i < readers; i++ {
			if err := s.CountSearch(ctx, news.ZH, term, today); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Two readers a day for three days never reach three on one day.
	for d := int64(0); d < 3; d++ {
		s.CountSearch(ctx, news.ZH, "slow", today-d)
		s.CountSearch(ctx, news.ZH, "slow", today-d)
	}
	s.CountSearch(ctx, news.ZH, "old", today-30)
	s.CountSearch(ctx, news.ZH, "old", today-30)
	s.CountSearch(ctx, news.ZH, "old", today-30)
	got, err := s.Trends(ctx, news.ZH, today-6, 3, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := trendTerms(got), "人才,水"; got != want {
		t.Fatalf("trends=%q, want %q", got, want)
	}
	// Blocked entries are stored folded as trends are; the web layer applies them.
	for _, b := range []string{"  人 才 ", "ＣＡＳＩＮＯ", "人才"} {
		if err := s.BlockTerm(ctx, b, 1); err != nil {
			t.Fatal(err)
		}
	}
	if blocked, err := s.BlockedTerms(ctx); err != nil || strings.Join(blocked, ",") != "casino,人才" {
		t.Fatalf("blocked=%q, %v; want casino,人才", blocked, err)
	}
	if err := s.UnblockTerm(ctx, "Casino"); err != nil {
		t.Fatal(err)
	}
	if blocked, _ := s.BlockedTerms(ctx); strings.Join(blocked, ",") != "人才" {
		t.Fatalf("after unblocking: blocked=%q, want 人才", blocked)
	}
	if err := s.BlockTerm(ctx, " ", 1); err == nil {
		t.Fatal("an empty term was blocked")
	}
	if en, _ := s.Trends(ctx, news.EN, today-6, 1, 10); len(en) != 0 {
		t.Fatalf("Chinese searches shown in the English edition: %v", en)
	}
}

func trendTerms(ts []news.Trend) string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Term)
	}
	return strings.Join(out, ",")
}

// A broad query ranks its newest matches first, then the older ones, and
// pages through all of them exactly once.
func TestSearchRankWindow(t *testing.T) {
	s := openTest(t)
	defer func(w int) { rankWindow = w }(rankWindow)
	rankWindow = 4
	ctx := context.Background()
	for i := 0; i < 10; i++ {
		headline := "Harbour news"
		if i%3 == 0 {
			headline = "Harbour harbour harbour" // ranks higher
		}
		in := news.StoryInput{Key: fmt.Sprintf("h%d", i), Section: "world", Translations: []news.TranslationInput{{
			Lang: news.EN, Slug: fmt.Sprintf("h%d", i), Headline: headline, PublishedAt: day.Add(time.Duration(i) * time.Hour),
		}}}
		if _, err := s.SaveStory(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	q, _ := search.Parse("harbour")
	seen := map[string]bool{}
	var order []string
	for p := 1; p <= 5; p++ {
		hits, total, err := s.Search(ctx, news.EN, q, news.Page{Number: p, Size: 2})
		if err != nil || total != 10 {
			t.Fatalf("page %d: total=%d err=%v", p, total, err)
		}
		for _, h := range hits {
			if seen[h.Slug] {
				t.Fatalf("%s listed twice", h.Slug)
			}
			seen[h.Slug] = true
			order = append(order, h.Slug)
		}
	}
	if len(seen) != 10 {
		t.Fatalf("listed %d of 10 matches: %v", len(seen), order)
	}
	// The newest four (h6–h9) come first, the strongest of them (h9, h6) on top.
	if got, want := strings.Join(order[:2], ","), "h9,h6"; got != want {
		t.Fatalf("first page=%s, want %s (order %v)", got, want, order)
	}
	for _, slug := range order[:4] {
		if slug < "h6" {
			t.Fatalf("an older match %s ranked inside the newest window: %v", slug, order)
		}
	}
}
