package corpus

import (
	"errors"
	"html"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"broadsheet/internal/news"
)

const testStories = 20000

// corpus is generated once and shared by the tests that only read it.
var corpus []news.StoryInput

func testCorpus(t *testing.T) []news.StoryInput {
	t.Helper()
	if corpus == nil {
		err := Generate(testStories, 1, func(in news.StoryInput) error {
			corpus = append(corpus, in)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return corpus
}

func collect(t *testing.T, n int, seed int64) []news.StoryInput {
	t.Helper()
	var out []news.StoryInput
	if err := Generate(n, seed, func(in news.StoryInput) error {
		out = append(out, in)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	a, b := collect(t, 500, 42), collect(t, 500, 42)
	if got, want := len(a), 500; got != want {
		t.Fatalf("len=%v, want %v", got, want)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	c := collect(t, 500, 43)
	if reflect.DeepEqual(a[0].Translations[0].Body, c[0].Translations[0].Body) &&
		reflect.DeepEqual(a[1].Translations[0].Body, c[1].Translations[0].Body) {
		t.Fatal("seeds 42 and 43 give the same stories")
	}
}

func TestGenerateStopsAtError(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := Generate(10, 1, func(news.StoryInput) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if got, want := err, stop; got != want {
		t.Fatalf("err=%v, want %v", got, want)
	}
	if got, want := calls, 3; got != want {
		t.Fatalf("calls=%v, want %v", got, want)
	}
	if got, want := Generate(0, 1, func(news.StoryInput) error { t.Fatal("yield called"); return nil }), error(nil); got != want {
		t.Fatalf("Generate(0)=%v, want %v", got, want)
	}
}

func TestStories(t *testing.T) {
	stories := testCorpus(t)
	keys := map[string]bool{}
	slugs := map[news.Lang]map[string]bool{news.EN: {}, news.ZH: {}}
	sections := map[string]int{}
	var prev [2]int64
	sizes := [2][3]int{{0, 1 << 30, 0}, {0, 1 << 30, 0}} // total, min, max
	for i, in := range stories {
		if err := in.Validate(); err != nil {
			t.Fatalf("story %d: Validate()=%v, want nil", i, err)
		}
		if keys[in.Key] {
			t.Fatalf("story %d: key %q repeats", i, in.Key)
		}
		keys[in.Key] = true
		if i == 0 {
			if got, want := in.Key, "gen-000001"; got != want {
				t.Fatalf("first key=%v, want %v", got, want)
			}
		}
		sections[in.Section]++
		if got, want := in.LeadImage, ""; got != want {
			t.Fatalf("story %d: LeadImage=%q, want %q", i, got, want)
		}
		if in.Images != nil {
			t.Fatalf("story %d: Images=%v, want nil", i, in.Images)
		}
		if got, want := len(in.Translations), 2; got != want {
			t.Fatalf("story %d: %v translations, want %v", i, got, want)
		}
		for j, tr := range in.Translations {
			if got, want := tr.Lang, news.Langs[j]; got != want {
				t.Fatalf("story %d: translation %d is %v, want %v", i, j, got, want)
			}
			if slugs[tr.Lang][tr.Slug] {
				t.Fatalf("story %d: %v slug %q repeats", i, tr.Lang, tr.Slug)
			}
			slugs[tr.Lang][tr.Slug] = true
			if tr.Summary == "" || tr.Byline == "" {
				t.Fatalf("story %d %v: empty summary or byline", i, tr.Lang)
			}
			pub := tr.PublishedAt
			if got, want := pub.Location(), start.Location(); got != want {
				t.Fatalf("story %d %v: location %v, want %v", i, tr.Lang, got, want)
			}
			if pub.Before(start) || !pub.Before(end) || pub.Nanosecond() != 0 {
				t.Fatalf("story %d %v: PublishedAt=%v, want whole seconds in [%v, %v)", i, tr.Lang, pub, start, end)
			}
			if pub.Unix() <= prev[j] {
				t.Fatalf("story %d %v: PublishedAt=%v, not after the previous story's", i, tr.Lang, pub)
			}
			prev[j] = pub.Unix()
			if d := tr.UpdatedAt.Sub(pub); d < 0 || d > 7*3600*1e9 {
				t.Fatalf("story %d %v: UpdatedAt %v after PublishedAt, want 0 to 7h", i, tr.Lang, d)
			}
			size := checkBody(t, i, tr)
			sizes[j][0] += size
			sizes[j][1] = min(sizes[j][1], size)
			sizes[j][2] = max(sizes[j][2], size)
		}
	}
	for j, lang := range news.Langs {
		t.Logf("%v body size: mean %d, min %d, max %d", lang, sizes[j][0]/len(stories), sizes[j][1], sizes[j][2])
	}
	for _, key := range []string{"world", "business", "technology", "culture"} {
		if n := sections[key]; n < testStories/10 {
			t.Fatalf("section %s has %d stories, want at least %d", key, n, testStories/10)
		}
	}
	if got, want := len(sections), 4; got != want {
		t.Fatalf("%v sections, want %v", got, want)
	}
	if got, want := stories[0].Translations[0].PublishedAt.Before(start.AddDate(0, 1, 0)), true; got != want {
		t.Fatalf("first story published %v, want within a month of %v", stories[0].Translations[0].PublishedAt, start)
	}
	if got, want := stories[len(stories)-1].Translations[0].PublishedAt.After(end.AddDate(0, -1, 0)), true; got != want {
		t.Fatalf("last story published %v, want within a month of %v", stories[len(stories)-1].Translations[0].PublishedAt, end)
	}
}

func checkBody(t *testing.T, i int, tr news.TranslationInput) int {
	t.Helper()
	if n := len(tr.Body); n < 4 || n > 7 {
		t.Fatalf("story %d %v: %d blocks, want 4–7", i, tr.Lang, n)
	}
	if got, want := tr.Body[0].Kind, news.BlockParagraph; got != want {
		t.Fatalf("story %d %v: first block %v, want %v", i, tr.Lang, got, want)
	}
	size := 0
	for _, b := range tr.Body {
		switch b.Kind {
		case news.BlockParagraph:
			if got, want := b.HTML, html.EscapeString(b.Text); got != want {
				t.Fatalf("story %d %v: HTML=%q, want %q", i, tr.Lang, got, want)
			}
		case news.BlockHeading:
			if b.HTML != "" {
				t.Fatalf("story %d %v: heading HTML=%q, want empty", i, tr.Lang, b.HTML)
			}
		default:
			t.Fatalf("story %d %v: block kind %v", i, tr.Lang, b.Kind)
		}
		if b.Text == "" || b.Image != nil || b.Embed != nil {
			t.Fatalf("story %d %v: block %+v, want text only", i, tr.Lang, b)
		}
		if tr.Lang == news.ZH {
			size += utf8.RuneCountInString(b.Text)
			if strings.ContainsAny(b.Text, " ,;:?!\"") {
				t.Fatalf("story %d: Chinese block %q has spaces or Latin punctuation", i, b.Text)
			}
		} else {
			size += len(strings.Fields(b.Text))
		}
	}
	lo, hi := minWords, maxWords
	if tr.Lang == news.ZH {
		lo, hi = minRunes, maxRunes
	}
	if size < lo || size > hi {
		t.Fatalf("story %d %v: body size %d, want %d–%d", i, tr.Lang, size, lo, hi)
	}
	return size
}

// The search benchmarks and tests query these; each must be neither absent
// nor everywhere.
var (
	zhTerms = []string{"新质生产力", "人才", "人才引进", "AI芯片", "芯片", "水", "水资源"}
	enTerms = []string{"talent", "talents", "new quality productive forces", "AI chips", "semiconductor", "water"}
)

func TestTermFrequencies(t *testing.T) {
	stories := testCorpus(t)
	counts := map[string]int{}
	for _, in := range stories {
		en, zh := storyText(in.Translations[0]), storyText(in.Translations[1])
		for _, term := range zhTerms {
			if strings.Contains(zh, term) {
				counts[term]++
			}
		}
		en = strings.ToLower(en)
		for _, term := range enTerms {
			if containsWord(en, strings.ToLower(term)) {
				counts[term]++
			}
		}
	}
	for _, term := range append(zhTerms, enTerms...) {
		pct := 100 * float64(counts[term]) / float64(len(stories))
		t.Logf("%-30s %5d stories %5.2f%%", term, counts[term], pct)
		if pct < 0.2 || pct > 5 {
			t.Errorf("%q occurs in %.2f%% of stories, want 0.2–5%%", term, pct)
		}
	}
}

func storyText(tr news.TranslationInput) string {
	var b strings.Builder
	b.WriteString(tr.Headline)
	b.WriteString("\n")
	b.WriteString(tr.Summary)
	for _, bl := range tr.Body {
		b.WriteString("\n")
		b.WriteString(bl.Text)
	}
	return b.String()
}

// containsWord reports whether term occurs in s between non-letters.
func containsWord(s, term string) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], term)
		if i < 0 {
			return false
		}
		i += off
		j := i + len(term)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[j:])
		if (i == 0 || !unicode.IsLetter(before)) && (j == len(s) || !unicode.IsLetter(after)) {
			return true
		}
		off = i + 1
	}
}

func TestContainsWord(t *testing.T) {
	for _, c := range []struct {
		s, term string
		want    bool
	}{
		{"drinking water.", "water", true},
		{"wastewater", "water", false},
		{"talents", "talent", false},
		{"young talent, ", "talent", true},
		{"ai chips", "ai chips", true},
	} {
		if got := containsWord(c.s, c.term); got != c.want {
			t.Fatalf("containsWord(%q, %q)=%v, want %v", c.s, c.term, got, c.want)
		}
	}
}

// The prose should not be a handful of words over and over.
func TestVocabulary(t *testing.T) {
	stories := testCorpus(t)
	words := map[string]bool{}
	han := map[rune]bool{}
	for _, in := range stories[:2000] {
		for _, w := range strings.FieldsFunc(strings.ToLower(storyText(in.Translations[0])), func(r rune) bool {
			return !unicode.IsLetter(r) && r != '-' && r != '\''
		}) {
			words[w] = true
		}
		for _, r := range storyText(in.Translations[1]) {
			if unicode.Is(unicode.Han, r) {
				han[r] = true
			}
		}
	}
	t.Logf("%d distinct English words, %d distinct Han characters", len(words), len(han))
	if len(words) < 800 {
		t.Errorf("%d distinct English words, want at least 800", len(words))
	}
	if len(han) < 800 {
		t.Errorf("%d distinct Han characters, want at least 800", len(han))
	}
	for _, w := range []string{"chip", "chips", "market", "markets", "policy", "talent", "talents", "water"} {
		if !words[w] {
			t.Errorf("no %q in the English text", w)
		}
	}
}

// Every template renders in both languages for every topic, with no slot
// left over, a capital letter to start the English and no spaces in the Chinese.
func TestTemplates(t *testing.T) {
	g := newGen(1)
	g.story(0, start.Unix(), start.Unix()+1)
	var all []pair
	for _, p := range pools {
		all = append(all, p...)
	}
	all = append(all, summaries...)
	all = append(all, headings...)
	for _, h := range headlines {
		all = append(all, h.pair)
	}
	for i := range topics {
		g.top, g.sec = &topics[i], topics[i].sec
		for _, tpl := range append(append(all, g.top.details...), secQuote[g.sec]...) {
			en, zh := g.line(tpl)
			if strings.ContainsAny(en+zh, "{}") {
				t.Fatalf("topic %q: %q / %q has a slot left", g.top.head, en, zh)
			}
			if r, _ := utf8.DecodeRuneInString(en); !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '"' && r != '$' && r != '€' {
				t.Fatalf("topic %q: %q starts with %q", g.top.head, en, r)
			}
			if strings.ContainsAny(zh, " ,;") || zh == "" {
				t.Fatalf("topic %q: Chinese %q is empty or has spaces or Latin punctuation", g.top.head, zh)
			}
		}
	}
}

func TestSlugify(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Can Xi'an stabilise the housing market?", "can-xian-stabilise-the-housing-market"},
		{"Hong Kong sets aside $1.2 billion to cut air pollution", "hong-kong-sets-aside-1-2-billion-to-cut-air"},
		{"AI chips: Shanghai faces hard choices", "ai-chips-shanghai-faces-hard-choices"},
		{"…", "story"},
	} {
		if got := slugify(c.in); got != c.want {
			t.Fatalf("slugify(%q)=%q, want %q", c.in, got, c.want)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	if err := Generate(b.N, 1, func(news.StoryInput) error { return nil }); err != nil {
		b.Fatal(err)
	}
}
