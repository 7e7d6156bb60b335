// Package search turns readers' queries into safe SQLite FTS5 expressions and
// stories into index text, and marks matches in snippets. Chinese has no
// spaces, so Han runs are indexed as overlapping two-character tokens (found
// as phrases), followed by their single characters (for one-character
// queries); everything else goes through FTS5's porter stemmer.
package search

import (
	"errors"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"golang.org/x/text/width"

	"broadsheet/internal/news"
)

// MaxQueryRunes is the longest query a reader may send.
const MaxQueryRunes = 100

// maxTerms bounds the work one query can ask of the index.
const maxTerms = 12

var (
	// ErrTooLong means the query is over MaxQueryRunes characters.
	ErrTooLong = errors.New("search: query too long")
	// ErrEmpty means the query holds no letters or digits to search for.
	ErrEmpty = errors.New("search: nothing to search for")
)

// Normalize folds a query or term for matching and counting: full-width
// letters and digits to half-width (and half-width katakana to full),
// lower case, no control characters, valid UTF-8, single spaces.
func Normalize(s string) string { return clean(width.Fold.String(strings.ToValidUTF8(s, " ")), true) }

// Tidy is a query as the reader typed it, to show back: case and width kept,
// only control characters dropped and runs of space made one.
func Tidy(s string) string { return clean(strings.ToValidUTF8(s, " "), false) }

func clean(s string, lower bool) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200b' || r == '\ufeff':
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			if lower {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// A Search Trends term is short: at most this many words and characters.
// Longer queries are searches, not trends, and are never counted.
const (
	maxTrendWords = 4
	maxTrendRunes = 30
)

// TrendTerm is the form a query is counted under in Search Trends, built only
// from the words the index matched (letters, digits and marks: no symbols,
// format characters or punctuation, so no URL survives), each once, with Han
// runs joined as Chinese is written. ok is false for a query that is not a
// trend candidate: more than a few words, too long, or cut short by Parse.
func TrendTerm(q Query) (term string, ok bool) {
	if q.Truncated || len(q.Terms) == 0 || len(q.Terms) > maxTrendWords {
		return "", false
	}
	var words []string
	for _, t := range q.Terms {
		sep := ""
		if t.Phrase {
			sep = " "
		}
		w := strings.Join(t.Parts, sep)
		if !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	term = TrendForm(strings.Join(words, " "))
	if len(strings.Fields(term)) > maxTrendWords || utf8.RuneCountInString(term) > maxTrendRunes {
		return "", false
	}
	return term, true
}

// TrendForm folds a term as trends count it: normalized, without the spaces
// between Han characters (Chinese is written without them, so 码头 工人 and
// 码头工人 are one term).
func TrendForm(s string) string {
	rs := []rune(Normalize(s))
	var b strings.Builder
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && unicode.Is(unicode.Han, rs[i-1]) && unicode.Is(unicode.Han, rs[i+1]) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Blocked reports whether a trend term is kept out by a blocked entry: an
// entry with Chinese in it blocks every term containing it (码头工人 blocks
// 码头工人罢工); any other blocks the terms that hold its words in order, as
// whole words (casino blocks "free casino", not "casinos"). Both sides are
// folded with TrendForm first.
func Blocked(term string, blocked []string) bool {
	term = TrendForm(term)
	tparts := trendParts(term)
	flat := strings.ReplaceAll(term, " ", "")
	for _, b := range blocked {
		b = TrendForm(b)
		if b == "" {
			continue
		}
		if strings.IndexFunc(b, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
			if strings.Contains(flat, strings.ReplaceAll(b, " ", "")) {
				return true
			}
			continue
		}
		bparts := trendParts(b)
		for i := 0; i+len(bparts) <= len(tparts); i++ {
			if slices.Equal(tparts[i:i+len(bparts)], bparts) {
				return true
			}
		}
	}
	return false
}

// trendParts splits a folded term into its words, and words into their runs
// of Han and other scripts (ai芯片 → ai, 芯片).
func trendParts(s string) []string {
	var out []string
	for _, w := range words(s) {
		out = append(out, runs(w)...)
	}
	return out
}

// Term is one thing the reader asked for: a word, a word mixing scripts
// ("AI芯片"), or a quoted phrase. Parts are its words and Han runs in order.
type Term struct {
	Parts  []string
	Phrase bool
}

// Query is a parsed search.
type Query struct {
	Text  string // normalized, as searched
	Shown string // as the reader typed it (Tidy), as shown back
	Terms []Term
	// Truncated says the query had more terms than are searched for.
	Truncated bool
}

// Parse reads a reader's query. Operators and punctuation are never passed to
// FTS5: only letters and digits survive, so no input can form FTS5 syntax.
func Parse(raw string) (Query, error) {
	if len(raw) > MaxQueryRunes*4 || utf8.RuneCountInString(raw) > MaxQueryRunes {
		return Query{}, ErrTooLong
	}
	q := Query{Text: Normalize(raw), Shown: Tidy(raw)}
	chunks := strings.Split(q.Text, `"`)
	for i, chunk := range chunks {
		// Odd chunks sit between quotes; a last unbalanced quote opens no phrase.
		quoted := i%2 == 1 && i < len(chunks)-1
		words := words(chunk)
		if quoted && len(words) > 0 {
			var parts []string
			for _, w := range words {
				parts = append(parts, runs(w)...)
			}
			q.Terms = append(q.Terms, Term{Parts: parts, Phrase: true})
			continue
		}
		for _, w := range words {
			q.Terms = append(q.Terms, Term{Parts: runs(w)})
		}
	}
	if len(q.Terms) == 0 {
		return q, ErrEmpty
	}
	if len(q.Terms) > maxTerms {
		q.Terms, q.Truncated = q.Terms[:maxTerms], true
	}
	return q, nil
}

// Match is the FTS5 expression for the query: every term must match.
func (q Query) Match() string {
	var b strings.Builder
	for _, t := range q.Terms {
		for _, clause := range t.clauses() {
			if b.Len() > 0 {
				b.WriteString(" AND ")
			}
			b.WriteString(clause)
		}
	}
	return b.String()
}

// clauses turns a term into FTS5 phrase clauses. Tokens hold only letters
// and digits, so quoting them is enough to make them literal.
func (t Term) clauses() []string {
	// A lone Han character can only be found among the single characters; in
	// a longer term it becomes a clause of its own.
	var out []string
	var seq []string
	flush := func() {
		if len(seq) > 0 {
			out = append(out, `"`+strings.Join(seq, " ")+`"`)
			seq = nil
		}
	}
	for _, p := range t.Parts {
		if isHan(p) && utf8.RuneCountInString(p) == 1 {
			flush()
			out = append(out, `"`+p+`"`)
			continue
		}
		seq = append(seq, tokens(p)...)
	}
	flush()
	return out
}

// IndexText is what the index stores for a piece of text: its words and Han
// bigrams in order, then every Han character on its own. Two-character
// tokens never equal one-character ones, so the single characters cannot
// disturb a phrase.
func IndexText(s string) string {
	var tb, ub strings.Builder
	for _, w := range words(Normalize(s)) {
		for _, p := range runs(w) {
			for _, tok := range tokens(p) {
				if tb.Len() > 0 {
					tb.WriteByte(' ')
				}
				tb.WriteString(tok)
			}
			if isHan(p) {
				for _, r := range p {
					ub.WriteByte(' ')
					ub.WriteRune(r)
				}
			}
		}
	}
	return tb.String() + ub.String()
}

// tokens are the index tokens of one part: a word stays whole, a Han run
// becomes its overlapping bigrams (or the character itself when alone).
func tokens(p string) []string {
	if !isHan(p) {
		return []string{p}
	}
	rs := []rune(p)
	if len(rs) == 1 {
		return []string{p}
	}
	out := make([]string, 0, len(rs)-1)
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

// words splits normalized text into runs of letters, digits and marks.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
	})
}

// runs splits a word where it changes between Han and other scripts.
func runs(w string) []string {
	var out []string
	start := 0
	prev := false
	for i, r := range w {
		h := unicode.Is(unicode.Han, r)
		if i > 0 && h != prev {
			out = append(out, w[start:i])
			start = i
		}
		prev = h
	}
	return append(out, w[start:])
}

func isHan(p string) bool {
	r, _ := utf8.DecodeRuneInString(p)
	return unicode.Is(unicode.Han, r)
}

// Highlight marks every match of q in a short text shown whole, such as a
// headline, the way Snippet marks the body.
func Highlight(text string, q Query) []news.Segment {
	rs := []rune(text)
	return segments(rs, matches(rs, q), 0, len(rs))
}

// Snippet picks about maxRunes characters of text around the first match and
// marks every match in it.
func Snippet(text string, q Query, maxRunes int) []news.Segment {
	rs := []rune(text)
	marks := matches(rs, q)
	start, end := 0, len(rs)
	if len(rs) > maxRunes {
		first := 0
		for i, m := range marks {
			if m {
				first = i
				break
			}
		}
		start = max(0, first-maxRunes/4)
		// Start at a word boundary when one is near.
		for k := start; k > 0 && k > start-15 && start > 0; k-- {
			if unicode.IsSpace(rs[k-1]) {
				start = k
				break
			}
		}
		end = min(len(rs), start+maxRunes)
	}
	var out []news.Segment
	if start > 0 {
		out = append(out, news.Segment{Text: "…"})
	}
	out = append(out, segments(rs, marks, start, end)...)
	if end < len(rs) {
		out = append(out, news.Segment{Text: "…"})
	}
	return out
}

// segments cuts rs[start:end] into runs that are all marked or all not, so
// a match of several characters (人才) is one run.
func segments(rs []rune, marks []bool, start, end int) []news.Segment {
	var out []news.Segment
	for i := start; i < end; {
		j := i
		for j < end && marks[j] == marks[i] {
			j++
		}
		out = append(out, news.Segment{Text: string(rs[i:j]), Mark: marks[i]})
		i = j
	}
	return out
}

// matches flags the runes of rs that match q: Han runs as substrings, other
// words by stem, so "talents" marks "talent".
func matches(rs []rune, q Query) []bool {
	marks := make([]bool, len(rs))
	var han []string
	stems := map[string]bool{}
	for _, t := range q.Terms {
		for _, p := range t.Parts {
			if isHan(p) {
				han = append(han, p)
			} else {
				stems[english.Stem(p, true)] = true
			}
		}
	}
	// Words, by stem.
	seen := map[string]bool{}
	for i := 0; i < len(rs) && len(stems) > 0; {
		if !isWordRune(rs[i]) || unicode.Is(unicode.Han, rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && isWordRune(rs[j]) && !unicode.Is(unicode.Han, rs[j]) {
			j++
		}
		// Stories repeat their words; stem each distinct one once.
		w := string(rs[i:j])
		hit, ok := seen[w]
		if !ok {
			hit = stems[english.Stem(Normalize(w), true)]
			seen[w] = hit
		}
		if hit {
			for k := i; k < j; k++ {
				marks[k] = true
			}
		}
		i = j
	}
	// Han runs, as substrings.
	for _, h := range han {
		hr := []rune(h)
		for i := 0; i+len(hr) <= len(rs); i++ {
			if slices.Equal(rs[i:i+len(hr)], hr) {
				for k := i; k < i+len(hr); k++ {
					marks[k] = true
				}
			}
		}
	}
	return marks
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
