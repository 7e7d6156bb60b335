// Package merge merges two edits of one text, made from the same original,
// paragraph by paragraph: an editor fixing the first paragraph of a story
// and another rewriting its last keep both.
package merge

import (
	"regexp"
	"slices"
	"strings"

	"broadsheet/internal/textdiff"
)

// MaxParagraphs bounds each text merged: matching is quadratic at worst,
// and a story has tens of paragraphs. Longer texts are not merged.
const MaxParagraphs = 2000

// blankLines separate Markdown's blocks. The next block's indentation is
// its own (a list item's second paragraph), so it is never taken.
var blankLines = regexp.MustCompile(`\n(?:[ \t]*\n)+`)

// split is a text's paragraphs, with line endings made "\n" and blank
// lines and trailing space at the ends of the text dropped.
func split(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.TrimRight(s, " \t\n")
	for strings.HasPrefix(strings.TrimLeft(s, " \t"), "\n") {
		_, s, _ = strings.Cut(s, "\n") // a blank first line
	}
	if s == "" {
		return nil
	}
	return blankLines.Split(s, -1)
}

// Paragraphs merges mine and theirs, both edited from base, paragraph by
// paragraph (blank lines separate paragraphs). A run of paragraphs only
// one side changed takes that side's; both sides making the same change is
// one change. ok is false when both changed the same run differently (or
// a text is too long to merge): nothing is merged then.
func Paragraphs(base, mine, theirs string) (merged string, ok bool) {
	b, m, t := split(base), split(mine), split(theirs)
	if len(b) > MaxParagraphs || len(m) > MaxParagraphs || len(t) > MaxParagraphs {
		return "", false
	}
	inMine, inTheirs := textdiff.Matches(b, m), textdiff.Matches(b, t)
	var out []string
	bi, mi, ti := 0, 0, 0
	for {
		// The next base paragraph both sides kept, past where we are: the
		// runs before it are where the sides may differ.
		j := bi
		for j < len(b) && (inMine[j] < mi || inTheirs[j] < ti) {
			j++
		}
		mj, tj := len(m), len(t)
		if j < len(b) {
			mj, tj = inMine[j], inTheirs[j]
		}
		run, ok := mergeRun(b[bi:j], m[mi:mj], t[ti:tj])
		if !ok {
			return "", false
		}
		out = append(out, run...)
		if j == len(b) {
			break
		}
		out = append(out, b[j])
		bi, mi, ti = j+1, mj+1, tj+1
	}
	return strings.Join(out, "\n\n"), true
}

// mergeRun merges one run of paragraphs between two both sides kept. When
// both sides edited the run in place (no paragraph added or taken away),
// each paragraph merges on its own: neighbours edited by two people merge.
func mergeRun(base, mine, theirs []string) ([]string, bool) {
	switch {
	case slices.Equal(mine, base):
		return theirs, true
	case slices.Equal(theirs, base), slices.Equal(mine, theirs):
		return mine, true
	case len(mine) != len(base) || len(theirs) != len(base):
		return nil, false
	}
	out := make([]string, len(base))
	for i := range base {
		switch {
		case mine[i] == base[i]:
			out[i] = theirs[i]
		case theirs[i] == base[i], mine[i] == theirs[i]:
			out[i] = mine[i]
		default:
			return nil, false
		}
	}
	return out, true
}
