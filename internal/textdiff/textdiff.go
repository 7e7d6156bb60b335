// Package textdiff compares two versions of a text for editors: by words
// in English, by characters in Chinese, which has no spaces between words.
package textdiff

import (
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Op says what happened to a piece of text.
type Op int

const (
	Equal Op = iota
	Insert
	Delete
)

// Part is a run of text and what happened to it.
type Part struct {
	Op   Op
	Text string
}

// Words compares a and b word by word: a word, a run of spaces or one
// punctuation mark is changed whole, never in part.
func Words(a, b string) []Part {
	return compare(a, b, words)
}

// Chars compares a and b character by character.
func Chars(a, b string) []Part {
	return compare(a, b, chars)
}

func compare(a, b string, split func(string) []string) []Part {
	if a == b {
		if a == "" {
			return nil
		}
		return []Part{{Equal, a}}
	}
	ra, rb, toks := encode(split(a), split(b))
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(ra, rb, false))
	var out []Part
	for _, d := range diffs {
		op := Equal
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = Insert
		case diffmatchpatch.DiffDelete:
			op = Delete
		}
		var text []byte
		for _, r := range d.Text {
			text = append(text, toks[r-0xE000]...)
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += string(text)
		} else if len(text) > 0 {
			out = append(out, Part{op, string(text)})
		}
	}
	return out
}

// encode gives each distinct token of a and b one rune, from the private
// use area up, so a rune diff compares whole tokens; toks[r-0xE000] is the
// token of rune r.
func encode(a, b []string) (ra, rb []rune, toks []string) {
	ids := map[string]rune{}
	enc := func(ts []string) []rune {
		out := make([]rune, 0, len(ts))
		for _, t := range ts {
			r, ok := ids[t]
			if !ok {
				r = rune(0xE000 + len(toks))
				ids[t] = r
				toks = append(toks, t)
			}
			out = append(out, r)
		}
		return out
	}
	return enc(a), enc(b), toks
}

// Matches maps each of a's items (paragraphs, lines) to the index of the
// same item in b, or -1 where b does not keep it: the longest run of items
// both keep in the same order, as the comparison above finds it.
func Matches(a, b []string) []int {
	idx := make([]int, len(a))
	for i := range idx {
		idx[i] = -1
	}
	ra, rb, _ := encode(a, b)
	i, j := 0, 0
	for _, d := range diffmatchpatch.New().DiffMainRunes(ra, rb, false) {
		n := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			for k := range n {
				idx[i+k] = j + k
			}
			i, j = i+n, j+n
		case diffmatchpatch.DiffDelete:
			i += n
		case diffmatchpatch.DiffInsert:
			j += n
		}
	}
	return idx
}

// words splits s into words (letters, digits, apostrophes within), runs of
// spaces, and single other characters.
func words(s string) []string {
	var out []string
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		class := kind(r)
		end := n
		for class != other && end < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[end:])
			if kind(r2) != class && !(class == word && (r2 == '\'' || r2 == '’') && end+n2 < len(s) && isWordStart(s[end+n2:])) {
				break
			}
			end += n2
		}
		out = append(out, s[:end])
		s = s[end:]
	}
	return out
}

const (
	word = iota
	space
	other
)

func kind(r rune) int {
	switch {
	case unicode.Is(unicode.Han, r):
		return other // a Han character is a word of its own
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		return word
	case unicode.IsSpace(r):
		return space
	}
	return other
}

func isWordStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return kind(r) == word
}

func chars(s string) []string {
	out := make([]string, 0, len(s))
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}
