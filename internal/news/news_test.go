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

func TestLangs(t *testing.T) {
	for _, l := range Langs {
		back, ok := LangFromPrefix(l.Prefix())
		if !ok || back != l {
			t.Fatalf("LangFromPrefix(%q)=%v,%v, want %v", l.Prefix(), back, ok, l)
		}
		if l.Other() == l || l.Other().Other() != l {
			t.Fatalf("%v.Other() is not the other language", l)
		}
	}
	if _, ok := LangFromPrefix("fr"); ok {
		t.Fatal("fr accepted as a prefix")
	}
	if Lang("zh-CN").Valid() {
		t.Fatal("zh-CN accepted as a stored language")
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
