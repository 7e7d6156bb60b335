package search

import (
	"errors"
	"strings"
	"testing"
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
		"水":                   `{headline_uni body_uni} : "水"`,
		"人才":                  `{headline body} : "人才"`,
		"新质生产力":               `{headline body} : "新质 质生 生产 产力"`,
		"AI芯片":                `{headline body} : "ai 芯片"`,
		"talent war":          `{headline body} : "talent" AND {headline body} : "war"`,
		`"talent war"`:        `{headline body} : "talent war"`,
		`NEAR(a b) -c*`:       `{headline body} : "near" AND {headline body} : "a" AND {headline body} : "b" AND {headline body} : "c"`,
		`"unbalanced phrase`:  `{headline body} : "unbalanced" AND {headline body} : "phrase"`,
		"5G网":                 `{headline body} : "5g" AND {headline_uni body_uni} : "网"`,
		`'; DROP TABLE x; --`: `{headline body} : "drop" AND {headline body} : "table" AND {headline body} : "x"`,
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
	text, uni := IndexText("新质生产力与AI芯片, Talents!")
	if got, want := text, "新质 质生 生产 产力 力与 ai 芯片 talents"; got != want {
		t.Fatalf("text=%q, want %q", got, want)
	}
	if got, want := uni, "新 质 生 产 力 与 芯 片"; got != want {
		t.Fatalf("unigrams=%q, want %q", got, want)
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
	for in, want := range map[string]string{"人 才": "人才", "\u3000人才 ": "人才", "AI 芯片": "ai 芯片", "talent  WAR": "talent war"} {
		q, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := TrendTerm(q); got != want {
			t.Errorf("TrendTerm(%q)=%q, want %q", in, got, want)
		}
	}
}
