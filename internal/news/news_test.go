package news

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestValidSlug(t *testing.T) {
	for _, tc := range []struct {
		slug string
		want bool
	}{
		{"harbour-cranes", true},
		{"a1", true},
		{"", false},
		{"-lead", false},
		{"trail-", false},
		{"double--hyphen", false},
		{"Upper", false},
		{"中文", false},
		{"../etc", false},
		{strings.Repeat("a", 121), false},
	} {
		if got := ValidSlug(tc.slug); got != tc.want {
			t.Errorf("ValidSlug(%q)=%v, want %v", tc.slug, got, tc.want)
		}
	}
}

func TestReadingMinutes(t *testing.T) {
	en := []Block{{Kind: BlockParagraph, Text: strings.Repeat("word ", 460)}}
	if got, want := ReadingMinutes(EN, en), 2; got != want {
		t.Fatalf("English minutes=%d, want %d", got, want)
	}
	// Chinese counts characters, not spaces: 1200 Han characters ≈ 3 minutes.
	zh := []Block{{Kind: BlockParagraph, Text: strings.Repeat("新质生产力，", 240)}}
	if got, want := ReadingMinutes(ZH, zh), 3; got != want {
		t.Fatalf("Chinese minutes=%d, want %d", got, want)
	}
	if got, want := ReadingMinutes(EN, nil), 1; got != want {
		t.Fatalf("empty minutes=%d, want %d", got, want)
	}
}

func TestEditions(t *testing.T) {
	prefixes := map[string]bool{}
	for _, e := range Editions {
		back, ok := LangFromPrefix(e.Prefix)
		if !ok || back != e.Lang || e.Lang.Prefix() != e.Prefix {
			t.Fatalf("LangFromPrefix(%q)=%v,%v, want %v", e.Prefix, back, ok, e.Lang)
		}
		if prefixes[e.Prefix] {
			t.Fatalf("prefix %q twice", e.Prefix)
		}
		prefixes[e.Prefix] = true
		// Every edition is written, or made from a written language.
		if !e.Lang.Written().Valid() || (e.From == "") != e.Lang.Valid() {
			t.Fatalf("%v: written in %v, from %q", e.Lang, e.Lang.Written(), e.From)
		}
		if c := e.Lang.Counterpart(); c.Written() == e.Lang.Written() || !c.Valid() {
			t.Fatalf("%v.Counterpart()=%v, not the other written language", e.Lang, c)
		}
	}
	for _, tc := range []struct {
		lang    Lang
		written Lang
		chinese bool
	}{{EN, EN, false}, {ZH, ZH, true}, {ZHHant, ZH, true}} {
		if got := tc.lang.Written(); got != tc.written {
			t.Errorf("%v.Written()=%v, want %v", tc.lang, got, tc.written)
		}
		if got := tc.lang.Chinese(); got != tc.chinese {
			t.Errorf("%v.Chinese()=%v, want %v", tc.lang, got, tc.chinese)
		}
	}
	for _, bad := range []string{"fr", "zh-Hant", "ZH", "", "zh-hans"} {
		if _, ok := LangFromPrefix(bad); ok {
			t.Fatalf("%q accepted as a prefix", bad)
		}
	}
	if Lang("zh-CN").Valid() || ZHHant.Valid() {
		t.Fatal("zh-CN or zh-Hant accepted as a stored language")
	}
	got := WithConverted(map[Lang]string{EN: "a", ZH: "b"})
	if got[ZHHant] != "b" || len(got) != 3 {
		t.Fatalf("WithConverted=%v", got)
	}
	if got := WithConverted(map[Lang]string{EN: "a"}); len(got) != 1 {
		t.Fatalf("WithConverted without Chinese=%v", got)
	}
}

func TestParseRules(t *testing.T) {
	rules, err := ParseRules("塔什库尔干 → 塔什庫爾干\n\n# house style\n乾隆\n台湾=臺灣\n发布 -> 發布\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []Rule{{"塔什库尔干", "塔什庫爾干"}, {"乾隆", "乾隆"}, {"台湾", "臺灣"}, {"发布", "發布"}}
	if len(rules) != len(want) {
		t.Fatalf("rules=%v, want %v", rules, want)
	}
	for i := range want {
		if rules[i] != want[i] {
			t.Fatalf("rule %d=%v, want %v", i, rules[i], want[i])
		}
	}
	back, err := ParseRules(FormatRules(rules))
	if err != nil || len(back) != len(rules) {
		t.Fatalf("round trip: %v, %v", back, err)
	}
	for _, bad := range []string{"→ 臺灣", "台湾 →", "台湾\n台湾 → 臺灣", strings.Repeat("台", 100) + " → x"} {
		var re *RuleError
		if _, err := ParseRules(bad); !errors.As(err, &re) || !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseRules(%q) error=%v, want a rule error", bad, err)
		}
	}
}

func TestStoryInputValidate(t *testing.T) {
	good := func() StoryInput {
		return StoryInput{Key: "k", Section: "world", Translations: []TranslationInput{
			{Lang: EN, Slug: "a-story", Headline: "A story", PublishedAt: time.Now()},
		}}
	}
	if err := good().Validate(); err != nil {
		t.Fatalf("valid input: %v", err)
	}
	for name, mutate := range map[string]func(*StoryInput){
		"bad key":        func(in *StoryInput) { in.Key = "Bad Key" },
		"no translation": func(in *StoryInput) { in.Translations = nil },
		"bad lang":       func(in *StoryInput) { in.Translations[0].Lang = "fr" },
		"twice":          func(in *StoryInput) { in.Translations = append(in.Translations, in.Translations[0]) },
		"bad slug":       func(in *StoryInput) { in.Translations[0].Slug = "<script>" },
		"no headline":    func(in *StoryInput) { in.Translations[0].Headline = "  " },
		"missing image":  func(in *StoryInput) { in.LeadImage = "x.png"; in.Translations[0].Alt = "alt" },
		"no alt": func(in *StoryInput) {
			in.LeadImage = "x.png"
			in.Images = []ImageFile{{Name: "x.png", Data: []byte{1}, Width: 1, Height: 1}}
		},
	} {
		in := good()
		mutate(&in)
		err := in.Validate()
		var fe *FieldError
		if !errors.Is(err, ErrInvalid) || !errors.As(err, &fe) {
			t.Errorf("%s: err=%v, want a FieldError wrapping ErrInvalid", name, err)
		}
	}
}
