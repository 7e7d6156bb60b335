package slug_test

import (
	"strconv"
	"strings"
	"testing"

	"broadsheet/internal/news"
	"broadsheet/internal/slug"
)

var makeCases = []struct {
	name     string
	lang     news.Lang
	headline string
	want     string
}{
	// English.
	{"plain", news.EN, "Delta town raises its seawall", "delta-town-raises-its-seawall"},
	{"punctuation", news.EN, "Storm warning: tides, winds -- and (more) rain!", "storm-warning-tides-winds-and-more-rain"},
	{"apostrophes", news.EN, "Don't stop: the ‘best’ plan — rock ’n’ roll's back", "dont-stop-the-best-plan-rock-n-rolls-back"},
	{"numbers", news.EN, "2026 budget: 3.5% growth", "2026-budget-3-5-growth"},
	{"accents", news.EN, "Café in Zürich: São Paulo’s crème brûlée", "cafe-in-zurich-sao-paulos-creme-brulee"},
	{"undecomposable latin", news.EN, "Straße to Ørsted's Łódź", "strasse-to-orsteds-lodz"},
	{"full-width", news.EN, "ＡＩ　Ｂｏｏｍ！ ２０２６", "ai-boom-2026"},
	{"surrounding space", news.EN, "  --Seawall--  ", "seawall"},
	{"han in english", news.EN, "Why 内卷 matters", "why-nei-juan-matters"},
	{"other scripts dropped", news.EN, "Путин meets Xi", "meets-xi"},
	{
		"long english cut at hyphen", news.EN,
		"Coastal towns across the delta race to raise seawalls as forecasters warn of record spring tides this year",
		"coastal-towns-across-the-delta-race-to-raise-seawalls-as-forecasters-warn-of",
	},
	{"overlong single word", news.EN, strings.Repeat("a", 100), strings.Repeat("a", slug.MaxLen)},

	// Chinese.
	{"doc example", news.ZH, "三角洲小镇的海堤", "san-jiao-zhou-xiao-zhen-de-hai-di"},
	{"xin zhi sheng chan li", news.ZH, "新质生产力是什么", "xin-zhi-sheng-chan-li-shi-shen-me"},
	{"mixed ascii", news.ZH, "AI芯片走进工厂", "ai-xin-pian-zou-jin-gong-chang"},
	{"cjk punctuation", news.ZH, "海堤，“守住”了吗？", "hai-di-shou-zhu-le-ma"},
	{"full-width in chinese", news.ZH, "２０２６年ＧＤＰ增长５％", "2026-nian-gdp-zeng-zhang-5"},
	{
		"long chinese capped at 12", news.ZH,
		"国务院新闻办公室今天上午举行新闻发布会介绍经济运行情况",
		"guo-wu-yuan-xin-wen-ban-gong-shi-jin-tian-shang-wu",
	},
	{"words count toward 12", news.ZH, "AI 5G 芯片走进工厂和农村的田间地头", "ai-5g-xin-pian-zou-jin-gong-chang-he-nong-cun-de"},
	{
		// 12 × "zhuang" is 83 bytes, so MaxLen cuts the 12th syllable too.
		"chinese then MaxLen", news.ZH, strings.Repeat("庄", 14),
		strings.TrimSuffix(strings.Repeat("zhuang-", 11), "-"),
	},

	// Nothing usable.
	{"empty", news.EN, "", ""},
	{"emoji only", news.EN, "🎉🔥👍🏽 ❤️", ""},
	{"punctuation only", news.ZH, "，。“”、：！？ --- ...", ""},
	{"cyrillic only", news.EN, "Путин встретился с Си", ""},
	{"kana only", news.ZH, "ニュース", ""},
	{"arabic only", news.EN, "أخبار اليوم", ""},
}

func TestMake(t *testing.T) {
	for _, c := range makeCases {
		t.Run(c.name, func(t *testing.T) {
			if got, want := slug.Make(c.lang, c.headline), c.want; got != want {
				t.Fatalf("Make(%q, %q)=%q, want %q", c.lang, c.headline, got, want)
			}
			if c.want != "" && (!news.ValidSlug(c.want) || len(c.want) > slug.MaxLen) {
				t.Fatalf("want %q is not a valid slug within MaxLen", c.want)
			}
		})
	}
}

func TestNext(t *testing.T) {
	at80 := strings.Repeat("tide-", 15) + "tides" // exactly MaxLen
	at78 := strings.Repeat("ab-", 25) + "abc"     // MaxLen-2: "-2" still fits
	if len(at80) != slug.MaxLen || len(at78) != slug.MaxLen-2 {
		t.Fatalf("bad fixtures: %d, %d", len(at80), len(at78))
	}
	cases := []struct {
		base string
		n    int
		want string
	}{
		{"seawall", 2, "seawall-2"},
		{"seawall", 10, "seawall-10"},
		{"delta-town-seawall", 3, "delta-town-seawall-3"},
		{at78, 2, at78 + "-2"},
		{at78, 10, strings.Repeat("ab-", 25) + "10"},
		{at80, 2, strings.Repeat("tide-", 15) + "2"},
		{at80, 100, strings.Repeat("tide-", 15) + "100"},
		{strings.Repeat("a", slug.MaxLen), 2, strings.Repeat("a", slug.MaxLen-2) + "-2"},
		{"Sea Wall", 2, "sea-wall-2"},
		{"", 2, ""},
		{"seawall", 0, ""},
		{"seawall", -1, ""},
	}
	for _, c := range cases {
		got := slug.Next(c.base, c.n)
		if got != c.want {
			t.Fatalf("Next(%q, %d)=%q, want %q", c.base, c.n, got, c.want)
		}
		if got != "" && (!news.ValidSlug(got) || len(got) > slug.MaxLen) {
			t.Fatalf("Next(%q, %d)=%q is not a valid slug within MaxLen", c.base, c.n, got)
		}
	}
}

func TestConcurrent(t *testing.T) {
	done := make(chan bool)
	for range 8 {
		go func() {
			ok := true
			for range 200 {
				ok = ok && slug.Make(news.ZH, "AI芯片走进工厂") == "ai-xin-pian-zou-jin-gong-chang"
			}
			done <- ok
		}()
	}
	for range 8 {
		if !<-done {
			t.Fatal("concurrent Make gave a different slug")
		}
	}
}

func FuzzMake(f *testing.F) {
	for _, c := range makeCases {
		f.Add(c.lang == news.ZH, c.headline)
	}
	f.Add(false, "\xff\xfe invalid \xc3 utf-8")
	f.Add(true, "〇々⺀㐀𠀀 ﬁ ½ ™ ①")
	f.Fuzz(func(t *testing.T, zh bool, headline string) {
		lang := news.EN
		if zh {
			lang = news.ZH
		}
		got := slug.Make(lang, headline)
		if got == "" {
			return
		}
		if !news.ValidSlug(got) || len(got) > slug.MaxLen {
			t.Fatalf("Make(%q, %q)=%q: not a valid slug within MaxLen", lang, headline, got)
		}
		if again := slug.Make(lang, got); again != got {
			t.Fatalf("Make(%q, %q)=%q, not stable: %q", lang, got, again, got)
		}
	})
}

func FuzzNext(f *testing.F) {
	f.Add("seawall", 2)
	f.Add(strings.Repeat("tide-", 15)+"tides", 100)
	f.Add(strings.Repeat("a", 200), 1<<62)
	f.Fuzz(func(t *testing.T, base string, n int) {
		got := slug.Next(base, n)
		if got == "" {
			return
		}
		if !news.ValidSlug(got) || len(got) > slug.MaxLen || !strings.HasSuffix(got, "-"+strconv.Itoa(n)) {
			t.Fatalf("Next(%q, %d)=%q: not a valid slug within MaxLen ending in -%d", base, n, got, n)
		}
	})
}
