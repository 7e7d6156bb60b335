package content

import (
	"regexp"
	"strings"
	"unicode"
)

// Count is a body's length as a newsroom counts it, on its Markdown source:
// each Chinese (or Japanese, Korean) character or full-width punctuation
// mark is one, and so is each word of other scripts (a run of
// non-space characters with a letter or digit in it), as Word's 字数 counts.
// Markup is left out: embeds and other fenced blocks, pictures, link
// addresses, and the marks that start headings, quotes and numbered items.
// assets/static/editor-tools.js counts the same way as the editor types.
func Count(src string) int {
	var kept []string
	fence := ""
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimLeft(line, " ")
		switch {
		case fence != "":
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		case strings.HasPrefix(t, "```"), strings.HasPrefix(t, "~~~"):
			fence = t[:3]
			continue
		}
		kept = append(kept, line)
	}
	s := strings.Join(kept, "\n")
	s = countImage.ReplaceAllString(s, " ")
	s = countDest.ReplaceAllString(s, " ")
	s = countMarks.ReplaceAllString(s, " ")
	n := 0
	counted := false // the word being read is counted already
	for _, r := range s {
		switch {
		case countsAlone(r) || unicode.IsSpace(r):
			if countsAlone(r) {
				n++
			}
			counted = false
		default:
			if !counted && (unicode.IsLetter(r) || unicode.IsNumber(r)) {
				n++
				counted = true
			}
		}
	}
	return n
}

var (
	countImage = regexp.MustCompile(`!\[[^\]\n]*\]\([^)\n]*\)`)
	countDest  = regexp.MustCompile(`[\]］】][(（](?:[a-z]+:|/|#)[^)） \t\n]*[)）]`)
	countMarks = regexp.MustCompile(`(?m)^[ \t]*(?:[#＃>＞]+[ \t\x{3000}]*)*(?:\d+[.)][ \t])?`)
)

// countsAlone: a character counted on its own, not as part of a word.
func countsAlone(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		r >= 0x3001 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF60
}
