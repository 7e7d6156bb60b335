package hant

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func TestGolden(t *testing.T) {
	tests := []struct{ in, want string }{
		{"头发", "頭髮"},
		{"发展", "發展"},
		{"干净", "乾淨"},
		{"干部", "幹部"},
		{"皇后", "皇后"},
		{"乾隆", "乾隆"},
		{"一只猫", "一隻貓"},
		{"只有", "只有"},
		{"后来", "後來"},
		{"面条", "麵條"},
		{"里面", "裡面"},         // s2tw: 裡, not 裏 (TWVariants)
		{"议会通过法案", "議會通過法案"}, // not s2twp's 透過
		{"社区医院", "社區醫院"},     // not s2twp's 社群
		{"经济运行", "經濟運行"},     // not s2twp's 執行
		{"新闻发布会", "新聞發佈會"},   // OpenCC 1.4.2 s2tw; s2twp would say 釋出會
		{"软件和网络", "軟件和網絡"},   // no Taiwan vocabulary (軟體, 網路)
		{"“头发”", "“頭髮”"},     // quotes are not turned into 「」
		// Phrases longer than 10 characters: the Go ports on the proxy stop
		// at 10 and give 塔什庫爾幹….
		{"塔什库尔干塔吉克自治县", "塔什庫爾干塔吉克自治縣"},         // 11
		{"大白日里借不出个干灯盏来", "大白日裡借不出個乾燈盞來"},       // 12, then TWVariants 裏→裡
		{"亚历杭德罗·冈萨雷斯·伊纳里图", "亞歷杭德羅·岡薩雷斯·伊納裡圖"}, // 15, regional phrases
		{"我在塔什库尔干塔吉克自治县工作", "我在塔什庫爾干塔吉克自治縣工作"},
		// Mixed scripts: ASCII, URLs, digits and Latin come through as they are.
		{"GDP增长5.2%，见https://example.com/a?b=1&c=发", "GDP增長5.2%，見https://example.com/a?b=1&c=發"},
		{"用Go语言写的API", "用Go語言寫的API"},
		{"2026年11月21日", "2026年11月21日"},
		{"SQL注入", "SQL注入"},
		{"Café Müller 后台", "Café Müller 後臺"},
		{"", ""},
		{"plain ASCII only", "plain ASCII only"},
		// An Ideographic Description Sequence describes a glyph: copied as is.
		{"⿰氵发 发", "⿰氵发 發"},
		// Compatibility ideographs are normalised first, as OpenCC does.
		{"\uF900", "豈"},
	}
	for _, tt := range tests {
		if got := S2TW().Convert(tt.in); got != tt.want {
			t.Errorf("S2TW(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTW2SGolden(t *testing.T) {
	tests := []struct{ in, want string }{
		{"揹著背簍", "背着背篓"}, // TW2S maps 揹 back (OpenCC's tw2s keeps it)
		{"頭髮發展乾淨幹部", "头发发展干净干部"},
		{"皇后乾隆一隻貓只有後來麵條裡面", "皇后乾隆一只猫只有后来面条里面"},
		{"議會透過法案", "议会透过法案"},
		{"塔什庫爾干塔吉克自治縣", "塔什库尔干塔吉克自治县"},
		{"URL https://例子.tw/路徑", "URL https://例子.tw/路径"},
	}
	for _, tt := range tests {
		if got := TW2S().Convert(tt.in); got != tt.want {
			t.Errorf("TW2S(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDictionariesClean checks that no shipped entry breaks the rules
// (same rune count, only Chinese characters change): had one been dropped,
// the converter would silently differ from OpenCC.
func TestDictionariesClean(t *testing.T) {
	for name, e := range map[string]*engine{"s2tw": s2twEngine.get(), "tw2s": tw2sEngine.get()} {
		tables := []*table{e.norm, e.seg}
		for _, st := range e.chain {
			tables = append(tables, st...)
		}
		for _, tb := range tables {
			if len(tb.m) == 0 {
				t.Errorf("%s: empty table", name)
			}
			if len(tb.dropped) > 0 {
				t.Errorf("%s: %d entries refused, e.g. %q", name, len(tb.dropped), tb.dropped[0])
			}
		}
	}
	for k := range compat().m {
		r, _ := utf8.DecodeRuneInString(k)
		if !(r >= 0xF900 && r <= 0xFAFF) && !(r >= 0x2F800 && r <= 0x2FA1F) {
			t.Errorf("compatibility key %U outside the ranges normalize scans", r)
		}
	}
	// The union of STPhrases and the regional phrases keeps STPhrases' value.
	if got := s2twEngine.get().seg.m["布雷"]; got != "佈雷" {
		t.Errorf("seg[布雷] = %q", got)
	}
}

func TestCheckEntry(t *testing.T) {
	tb := newTable(1)
	loadInto(tb, "# comment\n头发\t頭髮 头发\n后\t後后\nab中\tAB中\n\nx\n")
	if got := tb.m["头发"]; got != "頭髮" {
		t.Errorf("first candidate: got %q", got)
	}
	if len(tb.dropped) != 2 {
		t.Errorf("dropped %q, want the rune-count and the ASCII entry", tb.dropped)
	}
}

func TestGlossary(t *testing.T) {
	c, err := S2TW().With(Glossary{
		"塔什库尔干": "塔什庫爾干",
		"台":     "台", // house style: keep a lone 台
		"台湾":    "台灣",
		"发布会":   "發布會",
		// A glossary phrase longer than any dictionary phrase.
		"一二三四五六七八九十发发发": "一二三四五六七八九十發發發",
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"塔什库尔干的台湾人", "塔什庫爾干的台灣人"}, // the dictionaries have 台湾人 → 臺灣人
		{"舞台上", "舞台上"},
		{"台风来了", "台風來了"}, // the blunt one-character entry wins over 台风 → 颱風
		{"一台机器", "一台機器"},
		{"新闻发布会", "新聞發布會"}, // the dictionaries have 新闻发布 → 新聞發佈
		{"一二三四五六七八九十发发发", "一二三四五六七八九十發發發"},
	}
	for _, tt := range tests {
		if got := c.Convert(tt.in); got != tt.want {
			t.Errorf("glossary Convert(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := S2TW().Convert("台湾"); got != "臺灣" {
		t.Errorf("With changed the shared converter: %q", got)
	}
	// Layering: a later glossary wins for the same key, earlier keys stay.
	c2, err := c.With(Glossary{"台湾": "臺灣"})
	if err != nil {
		t.Fatal(err)
	}
	if got := c2.Convert("塔什库尔干的台湾"); got != "塔什庫爾干的臺灣" {
		t.Errorf("layered: %q", got)
	}
	for _, bad := range []Glossary{
		{"台湾": "臺灣省"},
		{"": ""},
		{"iPhone手机": "IPHONE手機"},
		{"头发": "頭\xff"},
	} {
		if _, err := S2TW().With(bad); err == nil {
			t.Errorf("With(%q): no error", bad)
		} else {
			t.Logf("With(%q): %v", bad, err)
		}
	}
}

func TestChanges(t *testing.T) {
	c, err := S2TW().With(Glossary{"台湾": "台灣", "麦克莱恩": "麥克萊恩"})
	if err != nil {
		t.Fatal(err)
	}
	s := "ok 头发发展，这个US台风 麦克莱恩说"
	want := []Change{
		{3, 5, "头发", "頭髮", false},
		{5, 7, "发展", "發展", false},
		{8, 10, "这个", "這個", false},
		{12, 14, "台风", "颱風", false},
		{15, 19, "麦克莱恩", "麥克萊恩", true},
		{19, 20, "说", "說", false},
	}
	got := c.Changes(s)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Changes:\n got %v\nwant %v", got, want)
	}
	// Applying the changes to the input gives Convert's output.
	if applied := applyChanges(s, got); applied != c.Convert(s) {
		t.Errorf("applied changes %q != Convert %q", applied, c.Convert(s))
	}
	if ch := S2TW().Changes("no Chinese"); ch != nil {
		t.Errorf("Changes on ASCII: %v", ch)
	}
}

func applyChanges(s string, changes []Change) string {
	r := []rune(s)
	for _, ch := range changes {
		copy(r[ch.Start:ch.End], []rune(ch.To))
	}
	return string(r)
}

func TestConvertExcept(t *testing.T) {
	s := "运行`go run 发展.go`后，访问 https://例子.cn/头发 看头发"
	code := strings.Index(s, "`")
	codeEnd := strings.LastIndex(s, "`") + 1
	url := strings.Index(s, "https")
	urlEnd := strings.LastIndex(s, " ")
	got := S2TW().ConvertExcept(s, []Span{{url, urlEnd}, {code, codeEnd}, {url + 3, url + 5}})
	want := "運行`go run 发展.go`後，訪問 https://例子.cn/头发 看頭髮"
	if got != want {
		t.Errorf("ConvertExcept = %q, want %q", got, want)
	}
	// A span that cuts a phrase stops matches at its edge: 头|发 convert alone.
	s = "头发"
	if got := S2TW().ConvertExcept(s, []Span{{3, 3}, {10, 2}}); got != "頭髮" {
		t.Errorf("empty spans: %q", got)
	}
	if got := S2TW().ConvertExcept("干净", []Span{{4, 4}}); got != "乾淨" {
		t.Errorf("mid-rune empty span: %q", got)
	}
	if got := S2TW().ConvertExcept("干净", []Span{{3, 6}}); got != "幹净" {
		t.Errorf("partial span: %q", got)
	}
}

func TestInvalidUTF8(t *testing.T) {
	s := "头\xff发\xe5\x8f" // a lone byte and a truncated 发
	got := S2TW().Convert(s)
	if want := "頭\xff發\xe5\x8f"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// story is the Chinese text of one demo story.
type story struct {
	file   string
	fields []string // headline, summary, caption, alt, body
}

func (s story) text() string { return strings.Join(s.fields, "\n\n") }

func demoStories(t testing.TB) []story {
	t.Helper()
	files, err := filepath.Glob("../demo/edition/*.zh*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no Chinese demo stories: %v", err)
	}
	var stories []story
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.SplitN(string(b), "+++\n", 3)
		if len(parts) != 3 {
			t.Fatalf("%s: no front matter", f)
		}
		st := story{file: f}
		fm := map[string]string{}
		for _, line := range strings.Split(parts[1], "\n") {
			k, v, ok := strings.Cut(line, " = ")
			if !ok || !strings.HasPrefix(v, `"`) {
				continue
			}
			if u, err := strconv.Unquote(v); err == nil {
				fm[k] = u
			}
		}
		for _, k := range []string{"headline", "summary", "caption", "alt"} {
			if fm[k] != "" {
				st.fields = append(st.fields, fm[k])
			}
		}
		st.fields = append(st.fields, strings.TrimSpace(parts[2]))
		stories = append(stories, st)
	}
	return stories
}

// TestRuneCountDemo: the whole of every Chinese demo file, front matter and
// all, keeps its rune count and every non-Chinese character.
func TestRuneCountDemo(t *testing.T) {
	files, _ := filepath.Glob("../demo/edition/*.zh*.md")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []*Converter{S2TW(), TW2S()} {
			checkInvariants(t, c, string(b))
		}
	}
}

func checkInvariants(t *testing.T, c *Converter, in string) {
	t.Helper()
	out := c.Convert(in)
	if utf8.ValidString(in) && !utf8.ValidString(out) {
		t.Fatalf("valid %q gave invalid %q", in, out)
	}
	i, j := 0, 0
	for i < len(in) && j < len(out) {
		r1, n1 := utf8.DecodeRuneInString(in[i:])
		_, n2 := utf8.DecodeRuneInString(out[j:])
		invalid := r1 == utf8.RuneError && n1 == 1
		if (invalid || !convertible(r1)) && in[i:i+n1] != out[j:j+n2] {
			t.Fatalf("non-Chinese %q became %q at byte %d of %q", in[i:i+n1], out[j:j+n2], i, in)
		}
		i, j = i+n1, j+n2
	}
	if i != len(in) || j != len(out) {
		t.Fatalf("rune count changed: %q (%d) -> %q (%d)", in, utf8.RuneCountInString(in), out, utf8.RuneCountInString(out))
	}
	if got := applyChanges(in, c.Changes(in)); utf8.ValidString(in) && got != out {
		t.Fatalf("Changes do not reproduce Convert for %q", in)
	}
}

// roundTripExceptions lists the characters for which tw2s cannot undo s2tw,
// with the reason; the round trip may differ from the original only there.
var roundTripExceptions = map[rune]struct {
	back rune
	why  string
}{
	// None: 揹, which s2tw writes in 背着 and OpenCC's tw2s keeps, is mapped
	// back by TW2S itself (hant.go).
}

func TestRoundTrip(t *testing.T) {
	used := map[rune]bool{}
	for _, st := range demoStories(t) {
		for _, x := range st.fields {
			back := TW2S().Convert(S2TW().Convert(x))
			if back == x {
				continue
			}
			a, b := []rune(x), []rune(back)
			if len(a) != len(b) {
				t.Fatalf("%s: rune count changed in round trip", st.file)
			}
			for i := range a {
				if a[i] == b[i] {
					continue
				}
				if ex, ok := roundTripExceptions[a[i]]; ok && ex.back == b[i] {
					used[a[i]] = true
					continue
				}
				t.Errorf("%s: round trip %q -> %q in …%s…", st.file, a[i], b[i], string(a[max(0, i-5):min(len(a), i+5)]))
			}
		}
	}
	for r := range roundTripExceptions {
		if !used[r] {
			t.Errorf("round-trip exception %q no longer needed: remove it", r)
		}
	}
}

func TestToSimplifiedNoOp(t *testing.T) {
	for _, st := range demoStories(t) {
		for _, x := range st.fields {
			if got := ToSimplified(x); got != x {
				t.Errorf("%s: ToSimplified changed Simplified text: %v", st.file, TW2S().Changes(x))
			}
		}
	}
	if got := ToSimplified("臺灣的頭髮"); got != "台湾的头发" {
		t.Errorf("ToSimplified = %q", got)
	}
}

// knownDifferences are the places where the hand-written Traditional text
// and OpenCC's s2tw disagree, with why the dictionaries were not followed
// or not fixed. hand and got are whole words in context, found in the
// expected text.
var knownDifferences = []struct{ hand, got, why string }{
	{"，並為碼頭工人", "，併為碼頭工人",
		"OpenCC error: the phrase 并为 (併為, 'merge into') matches where 并 means 'and' (並)"},
	{"船舶周轉", "船舶週轉",
		"both are in use in Taiwan; the Ministry of Education lists 周轉, OpenCC has 週轉"},
	{"改造計畫", "改造計劃",
		"both correct; Taiwan usage prefers 計畫, which is vocabulary, not a character form"},
	{"為期14週", "為期14周",
		"OpenCC error: 周 meaning 'week' after a number is 週; s2tw has no phrase for it"},
}

func TestDemoStoryHandWritten(t *testing.T) {
	const slug = "gang-kou-zi-dong-hua-diao-che-si-ji"
	var src story
	for _, st := range demoStories(t) {
		if strings.HasSuffix(st.file, "harbour-automation.zh-Hans.md") {
			src = st
		}
	}
	if src.file == "" {
		t.Fatal("harbour-automation.zh-Hans.md not found")
	}
	// headline, summary, body (caption and alt are not in the file)
	in := src.fields[0] + "\n\n" + src.fields[1] + "\n\n" + src.fields[len(src.fields)-1] + "\n"
	b, err := os.ReadFile(filepath.Join("testdata", slug+".zh-Hant.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := string(b)
	for _, d := range knownDifferences {
		if strings.Count(want, d.hand) != 1 {
			t.Fatalf("known difference %q not found once in the expected text", d.hand)
		}
		want = strings.Replace(want, d.hand, d.got, 1)
	}
	got := S2TW().Convert(in)
	if got == want {
		return
	}
	g, w := []rune(got), []rune(want)
	if len(g) != len(w) {
		t.Fatalf("length differs: got %d runes, want %d", len(g), len(w))
	}
	for i := range g {
		if g[i] != w[i] {
			t.Errorf("rune %d: got %q, want %q in …%s…", i, g[i], w[i], string(w[max(0, i-5):min(len(w), i+5)]))
		}
	}
}

func TestConcurrent(t *testing.T) {
	s := strings.Repeat("头发发展干部 ok ", 50)
	want := S2TW().Convert(s)
	g, err := S2TW().With(Glossary{"头发": "頭髮"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				c := S2TW()
				if i%2 == 1 {
					c = g
				}
				if got := c.Convert(s); got != want {
					t.Errorf("concurrent Convert differs")
					return
				}
				_ = ToSimplified(want)
				_ = c.Changes(s[:20])
			}
		}()
	}
	wg.Wait()
}

// TestFootprint builds both engines afresh and reports the time and heap
// they take. Run with -v to see the numbers.
func TestFootprint(t *testing.T) {
	if testing.Short() {
		t.Skip("measures memory")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	e1 := s2twEngine.build()
	mid := time.Now()
	e2 := tw2sEngine.build()
	end := time.Now()
	runtime.GC()
	runtime.ReadMemStats(&after)
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	runtime.KeepAlive(e1)
	runtime.KeepAlive(e2)
	t.Logf("build s2tw %v, tw2s %v; tables hold %.2f MB of heap; embedded data %d bytes",
		mid.Sub(start), end.Sub(mid), float64(held)/(1<<20), EmbeddedBytes())
	if held > 16<<20 {
		t.Errorf("tables hold %d bytes", held)
	}
}

func FuzzConvert(f *testing.F) {
	for _, s := range []string{"头发发展", "MySQL注入 https://x.cn/发", "⿰氵发", "\uF900台风", "头\xff发", "塔什库尔干塔吉克自治县", "頭髮"} {
		f.Add(s)
	}
	g, err := S2TW().With(Glossary{"台": "台", "发展": "發展"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range []*Converter{S2TW(), TW2S(), g} {
			checkInvariants(t, c, s)
		}
		if isASCII(s) && S2TW().Convert(s) != s {
			t.Fatalf("ASCII changed: %q", s)
		}
	})
}

// benchText is 3,000 characters of demo stories.
func benchText(b *testing.B) string {
	var sb strings.Builder
	for _, st := range demoStories(b) {
		sb.WriteString(st.text())
		sb.WriteString("\n\n")
	}
	r := []rune(sb.String())
	if len(r) < 3000 {
		b.Fatalf("only %d characters of demo text", len(r))
	}
	return string(r[:3000])
}

func BenchmarkConvert(b *testing.B) {
	s := benchText(b)
	S2TW().Convert(s) // build the tables outside the timing
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		S2TW().Convert(s)
	}
}

func BenchmarkToSimplified(b *testing.B) {
	s := S2TW().Convert(benchText(b))
	ToSimplified(s)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		ToSimplified(s)
	}
}

func BenchmarkChanges(b *testing.B) {
	s := benchText(b)
	S2TW().Convert(s)
	b.ReportAllocs()
	for b.Loop() {
		S2TW().Changes(s)
	}
}

func BenchmarkBuildS2TW(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s2twEngine.build()
	}
}
