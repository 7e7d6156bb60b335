package search

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"  Talent\t\nWAR ": "talent war",
		"ＡＩ芯片":             "ai芯片",
		"人才\u3000引进":       "人才 引进",
		"a\x00b\x1fc":      "a b c",
		"bad\xffutf8":      "bad utf8",
		"\u200bzero":       "zero",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q)=%q, want %q", in, got, want)
		}
	}
}

func TestParseAndMatch(t *testing.T) {
	for raw, want := range map[string]string{
		"水":                   `"水"`,
		"人才":                  `"人才"`,
		"新质生产力":               `"新质 质生 生产 产力"`,
		"AI芯片":                `"ai 芯片"`,
		"talent war":          `"talent" AND "war"`,
		`"talent war"`:        `"talent war"`,
		`NEAR(a b) -c*`:       `"near" AND "a" AND "b" AND "c"`,
		`"unbalanced phrase`:  `"unbalanced" AND "phrase"`,
		"5G网":                 `"5g" AND "网"`,
		`'; DROP TABLE x; --`: `"drop" AND "table" AND "x"`,
	} {
		q, err := Parse(raw)
		if err != nil {
			t.Fatalf("Parse(%q): %v", raw, err)
		}
		if got := q.Match(); got != want {
			t.Errorf("Parse(%q).Match()=%s, want %s", raw, got, want)
		}
	}
	for raw, want := range map[string]error{
		"":                            ErrEmpty,
		`"" * - ()`:                   ErrEmpty,
		strings.Repeat("字", 101):      ErrTooLong,
		strings.Repeat("x", 10<<10):   ErrTooLong,
		strings.Repeat("a ", 50) + "": nil,
	} {
		if _, err := Parse(raw); !errors.Is(err, want) {
			t.Errorf("Parse(%.20q...) err=%v, want %v", raw, err, want)
		}
	}
}

func TestIndexText(t *testing.T) {
	if got, want := IndexText("新质生产力与AI芯片, Talents!"), "新质 质生 生产 产力 力与 ai 芯片 talents 新 质 生 产 力 与 芯 片"; got != want {
		t.Fatalf("IndexText=%q, want %q", got, want)
	}
}

func TestSnippet(t *testing.T) {
	q, _ := Parse("talents 芯片")
	segs := Snippet("The firm hires talent to design 芯片 and chips.", q, 200)
	var marked []string
	for _, s := range segs {
		if s.Mark {
			marked = append(marked, s.Text)
		}
	}
	if got, want := strings.Join(marked, "|"), "talent|芯片"; got != want {
		t.Fatalf("marked=%q, want %q", got, want)
	}
	long := strings.Repeat("filler words here ", 40) + "the talent appears late"
	segs = Snippet(long, q, 80)
	if segs[0].Text != "…" {
		t.Fatalf("a late match should start with an ellipsis: %q", segs[0].Text)
	}
	found := false
	for _, s := range segs {
		found = found || (s.Mark && s.Text == "talent")
	}
	if !found {
		t.Fatal("the late match is not in the snippet")
	}
}

func TestTrendTerm(t *testing.T) {
	spam := strings.Repeat("the ", 12) + "VISIT evil-casino.example FOR FREE MONEY ☠ \u202egnp.exe"
	for _, tc := range []struct {
		in   string
		want string // "" means never counted
	}{
		{"人 才", "人才"},
		{"\u3000人才 ", "人才"},
		{"AI 芯片", "ai 芯片"},
		{"AI芯片", "ai芯片"},
		{"talent  WAR", "talent war"},
		{"talent talent war", "talent war"},
		{`"new quality" forces`, "new quality forces"},
		{"☠ talent \u202e war ✅", "talent war"},
		{"see https://evil.example/x", ""}, // five words: see, https, evil, example, x
		{"evil.example", "evil example"},
		{spam, ""},
		{"one two three four five", ""},
		{"supercalifragilistic expialidocious words", ""}, // over 30 characters
	} {
		q, err := Parse(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := TrendTerm(q)
		if ok != (tc.want != "") || got != tc.want {
			t.Errorf("TrendTerm(%q)=%q, %v; want %q", tc.in, got, ok, tc.want)
		}
		if strings.IndexFunc(got, func(r rune) bool { return unicode.In(r, unicode.Cf, unicode.So, unicode.P) }) >= 0 {
			t.Errorf("TrendTerm(%q)=%q keeps a symbol, format character or punctuation", tc.in, got)
		}
	}
}

func TestBlocked(t *testing.T) {
	for _, tc := range []struct {
		term, blocked string
		want          bool
	}{
		{"码头工人", "码头 工人", true},
		{"码头工人罢工", "码头工人", true},
		{"free casino", "Casino", true},
		{"free casino money", "ＣＡＳＩＮＯ money", true},
		{"casinos", "casino", false},
		{"money casino", "casino money", false},
		{"ai芯片", "ai", true},
		{"ai芯片", "芯片", true},
		{"talent", "", false},
	} {
		if got := Blocked(tc.term, []string{tc.blocked}); got != tc.want {
			t.Errorf("Blocked(%q, %q)=%v, want %v", tc.term, tc.blocked, got, tc.want)
		}
	}
}

func TestHighlight(t *testing.T) {
	for _, tc := range []struct{ text, q, want string }{
		{"人才引进计划", "人才", "[人才]引进计划"},
		{"人才引进计划", "引进计划", "人才[引进计划]"},
		{"Talent scouts meet talents", "talents", "[Talent] scouts meet [talents]"},
		{"AI芯片的未来", "AI芯片", "[AI芯片]的未来"},
		{"No match here", "zzz", "No match here"},
	} {
		q, err := Parse(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, s := range Highlight(tc.text, q) {
			if s.Mark {
				b.WriteString("[" + s.Text + "]")
			} else {
				b.WriteString(s.Text)
			}
		}
		if got := b.String(); got != tc.want {
			t.Errorf("Highlight(%q, %q)=%q, want %q", tc.text, tc.q, got, tc.want)
		}
	}
}

func TestTidyKeepsWhatWasTyped(t *testing.T) {
	for in, want := range map[string]string{
		"AI芯片":          "AI芯片",
		"  ＡＩ芯片\t 人才\n": "ＡＩ芯片 人才",
		"a\x00b\u200bc": "a b c",
	} {
		if got := Tidy(in); got != want {
			t.Errorf("Tidy(%q)=%q, want %q", in, got, want)
		}
	}
	if got, want := Normalize("ＡＩ芯片"), "ai芯片"; got != want {
		t.Errorf("Normalize=%q, want %q", got, want)
	}
}
