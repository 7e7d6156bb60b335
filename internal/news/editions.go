package news

import (
	"strconv"
	"strings"
)

// Edition is one version of the site a reader can read: its language, its
// URL prefix, and where its text comes from — written by the newsroom, or
// converted from another edition's text. Routes, the language menu,
// hreflang, feeds, sitemaps and search iterate over Editions, so adding an
// edition adds a row here, not a branch in every handler.
type Edition struct {
	Lang   Lang
	Prefix string // the URL path segment: /en/, /zh/, /zh-hant/
	// From is the written language this edition's text is converted from;
	// empty for an edition the newsroom writes.
	From Lang
	// Name is the edition's name in its own language; Short is how the
	// language menu, which must fit a phone's masthead, shows it.
	Name, Short string
	// Locale is the Open Graph locale ("en_US", "zh_CN", "zh_TW").
	Locale string
}

// Editions lists the site's editions in menu order; English is the default.
var Editions = []Edition{
	{Lang: EN, Prefix: "en", Name: "English", Short: "English", Locale: "en_US"},
	{Lang: ZH, Prefix: "zh", Name: "简体中文", Short: "简体", Locale: "zh_CN"},
	{Lang: ZHHant, Prefix: "zh-hant", From: ZH, Name: "繁體中文", Short: "繁體", Locale: "zh_TW"},
}

// ConvertedEditions are the editions made from another's text (zh-Hant).
func ConvertedEditions() []Edition {
	var out []Edition
	for _, e := range Editions {
		if e.From != "" {
			out = append(out, e)
		}
	}
	return out
}

// Edition is the edition whose language is l; English for an unknown l.
func (l Lang) Edition() Edition {
	for _, e := range Editions {
		if e.Lang == l {
			return e
		}
	}
	return Editions[0]
}

// IsEdition reports whether l is one of the site's editions.
func (l Lang) IsEdition() bool {
	for _, e := range Editions {
		if e.Lang == l {
			return true
		}
	}
	return false
}

// Prefix is the URL path segment for the edition: "en", "zh", "zh-hant".
func (l Lang) Prefix() string { return l.Edition().Prefix }

// Written is the language l's text is written in: l itself, or the
// language a converted edition is made from.
func (l Lang) Written() Lang {
	if e := l.Edition(); e.From != "" {
		return e.From
	}
	return l
}

// Chinese reports whether l is written in Chinese characters (either
// script): typesetting and reading speed follow from that.
func (l Lang) Chinese() bool { return strings.HasPrefix(string(l), "zh") }

// Counterpart is the edition in the other written language, for a story
// that has no version in l's: English for either Chinese edition, Simplified
// Chinese for English.
func (l Lang) Counterpart() Lang {
	if l.Written() == EN {
		return ZH
	}
	return EN
}

// LangFromPrefix maps a URL segment ("en", "zh", "zh-hant") to its edition.
func LangFromPrefix(p string) (Lang, bool) {
	for _, e := range Editions {
		if e.Prefix == p {
			return e.Lang, true
		}
	}
	return "", false
}

// EditionPaths maps every edition's language to the same path under its own
// prefix: rest "/section/world" gives /en/section/world, /zh/section/world
// and /zh-hant/section/world.
func EditionPaths(rest string) map[Lang]string {
	m := make(map[Lang]string, len(Editions))
	for _, e := range Editions {
		m[e.Lang] = "/" + e.Prefix + rest
	}
	return m
}

// WithConverted adds, to a map from written languages to values (a story's
// slug in each language, say), each converted edition under its own
// language with the value of the language it is made from.
func WithConverted[V any](m map[Lang]V) map[Lang]V {
	for _, e := range Editions {
		if v, ok := m[e.From]; ok && e.From != "" {
			m[e.Lang] = v
		}
	}
	return m
}

// Rule is an editor's exception to how a converted edition's text is made:
// From, in the written language, comes out as To. A To equal to From keeps
// the text as written ("乾隆", a name spelt one way on purpose).
type Rule struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// RuleError says which line of an editor's rules is wrong and how; it wraps
// ErrInvalid.
type RuleError struct {
	Line int    // 1-based
	Kind string // RuleForm, RuleTwice, RuleLong, RuleMany or RuleLength
	Word string // the rule's left side, when there is one
}

// What can be wrong with a rule.
const (
	RuleForm   = "form"   // not "word → reading" or a word alone
	RuleTwice  = "twice"  // the same word twice
	RuleLong   = "long"   // a side longer than a name or phrase can be
	RuleMany   = "many"   // more than MaxRules
	RuleLength = "length" // the two sides differ in length, or in more than Chinese characters
)

func (e *RuleError) Error() string {
	return "rule on line " + strconv.Itoa(e.Line) + ": " + e.Kind + " " + e.Word
}
func (e *RuleError) Unwrap() error { return ErrInvalid }

// ParseRules reads rules as editors write them, one a line: "塔什库尔干 →
// 塔什庫爾干" (or "=" or "->" between), or a word alone to keep it as
// written. Blank lines and lines starting with # are skipped.
func ParseRules(text string) ([]Rule, error) {
	var out []Rule
	seen := map[string]bool{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		from, to := line, line
		for _, sep := range []string{"→", "->", "=", "＝"} {
			if a, b, ok := strings.Cut(line, sep); ok {
				from, to = strings.TrimSpace(a), strings.TrimSpace(b)
				break
			}
		}
		fail := func(kind string) error { return &RuleError{Line: i + 1, Kind: kind, Word: from} }
		switch {
		case from == "" || to == "":
			return nil, fail(RuleForm)
		case len(out) >= MaxRules:
			return nil, fail(RuleMany)
		case len(from) > maxRuleBytes || len(to) > maxRuleBytes:
			return nil, fail(RuleLong)
		case seen[from]:
			return nil, fail(RuleTwice)
		}
		seen[from] = true
		out = append(out, Rule{From: from, To: to})
	}
	return out, nil
}

// FormatRules writes rules the way ParseRules reads them.
func FormatRules(rules []Rule) string {
	var b strings.Builder
	for _, r := range rules {
		b.WriteString(r.From)
		if r.To != r.From {
			b.WriteString(" → ")
			b.WriteString(r.To)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Bounds on rules: a glossary is a list of names and house-style words.
const (
	MaxRules     = 2000
	maxRuleBytes = 200
)

// WordChange is a word a converted edition spells differently from the
// written text, as the newsroom's preview lists it.
type WordChange struct {
	From, To string
	ByRule   bool // an editor's glossary entry or exception made it
	Count    int  // how many times the story has it
}
