package align

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Limits on the text form, so that hostile input costs little: front matter
// holds at most 16 KB anyway, and a body at most 5 000 blocks.
const (
	maxText   = 64 << 10 // bytes
	maxWords  = 20_000
	maxDigits = 6
)

// gone stands for a source block deleted since the pairing was made ("?" in
// the text form). Ids are "bN", so it never names a block.
const gone = "?"

// ParseError says which word of a pairing line is wrong and why.
type ParseError struct {
	Word   int    // 1-based number of the word at fault; 0 for the whole line
	Text   string // the word
	Reason string
}

// Error quotes at most 40 characters of the word: a hostile line may hold
// one of 64 KB.
func (e *ParseError) Error() string {
	if e.Word == 0 {
		return "pairs: " + e.Reason
	}
	return fmt.Sprintf("pairs: word %d %.40q: %s", e.Word, e.Text, e.Reason)
}

// Parse reads the text form of an alignment (see the package comment) made
// against a source whose blocks have the ids srcIDs. An empty or blank line
// means no records, and Parse returns nil. Parse checks each word; Pairs
// checks the whole against the translation.
func Parse(s string, srcIDs []string) (*Alignment, error) {
	if len(s) > maxText {
		return nil, &ParseError{Reason: fmt.Sprintf("longer than %d bytes", maxText)}
	}
	words := strings.Fields(s)
	if len(words) == 0 {
		return nil, nil
	}
	if len(words) > maxWords {
		return nil, &ParseError{Reason: fmt.Sprintf("more than %d words", maxWords)}
	}
	a := &Alignment{Src: make([][]string, 0, len(words))}
	// named[i] is the 1-based word that last named source block i, to catch
	// a block named twice in one word; left[i] whether it was marked left out.
	named := make([]int, len(srcIDs))
	left := make([]bool, len(srcIDs))
	for w, word := range words {
		fail := func(format string, args ...any) error {
			return &ParseError{Word: w + 1, Text: word, Reason: fmt.Sprintf(format, args...)}
		}
		if word == "note" {
			a.Src = append(a.Src, nil)
			continue
		}
		if d, ok := strings.CutPrefix(word, "-"); ok {
			i, err := number(d, len(srcIDs))
			if err != "" {
				return nil, fail("%s", err)
			}
			if left[i] {
				return nil, fail("source block %d is already marked as left out", i+1)
			}
			left[i] = true
			a.Omitted = append(a.Omitted, srcIDs[i])
			continue
		}
		refs := make([]string, 0, strings.Count(word, "+")+1)
		for d := range strings.SplitSeq(word, "+") {
			if d == gone {
				refs = append(refs, gone)
				continue
			}
			i, err := number(d, len(srcIDs))
			if err != "" {
				return nil, fail("%s", err)
			}
			if named[i] == w+1 {
				return nil, fail("names source block %d twice", i+1)
			}
			named[i] = w + 1
			refs = append(refs, srcIDs[i])
		}
		a.Src = append(a.Src, refs)
	}
	return a, nil
}

// number reads a 1-based source block number d of a source of n blocks and
// returns its 0-based index, or why it cannot.
func number(d string, n int) (int, string) {
	const words = ` (words are a number, numbers joined by "+", "-" and a number, "note" or "?")`
	if d == "" {
		return 0, "a block number is missing" + words
	}
	for _, c := range []byte(d) {
		if c < '0' || c > '9' {
			return 0, "not a block number" + words
		}
	}
	if d[0] == '0' {
		return 0, "block numbers start at 1 and have no leading zero"
	}
	if k, err := strconv.Atoi(d); len(d) <= maxDigits && err == nil && k <= n {
		return k - 1, ""
	}
	return 0, fmt.Sprintf("the source has %d blocks", n)
}

// Format writes a in the text form against a source whose blocks have the
// ids srcIDs: the inverse of Parse. A reference to a block no longer in the
// source is written "?", so that a stale pairing survives export and import
// and Pairs still reports it; a left-out block no longer in the source is
// dropped. Records that pair each block with the one in its place, like no
// records, are written "" (the edition files keep to that until a
// translation departs from its source).
func Format(a *Alignment, srcIDs []string) string {
	if a == nil {
		return ""
	}
	at := make(map[string]int, len(srcIDs))
	for i, id := range srcIDs {
		at[id] = i
	}
	var left []int
	for _, id := range a.Omitted {
		if i, ok := at[id]; ok {
			left = append(left, i)
		}
	}
	slices.Sort(left)
	left = slices.Compact(left)
	if len(left) == 0 && positional(a.Src, srcIDs) {
		return ""
	}

	var b strings.Builder
	space := func() {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
	}
	k := 0
	omit := func(before int) { // left-out blocks in source order
		for ; k < len(left) && left[k] < before; k++ {
			space()
			b.WriteString("-" + strconv.Itoa(left[k]+1))
		}
	}
	for _, refs := range a.Src {
		if len(refs) == 0 {
			space()
			b.WriteString("note")
			continue
		}
		if i, ok := at[refs[0]]; ok {
			omit(i)
		}
		space()
		for j, id := range refs {
			if j > 0 {
				b.WriteByte('+')
			}
			if i, ok := at[id]; ok {
				b.WriteString(strconv.Itoa(i + 1))
			} else {
				b.WriteString(gone)
			}
		}
	}
	omit(len(srcIDs))
	return b.String()
}

// positional reports whether records pair each source block with the
// translation block in its place.
func positional(src [][]string, srcIDs []string) bool {
	if len(src) != len(srcIDs) {
		return false
	}
	for i, refs := range src {
		if len(refs) != 1 || refs[0] != srcIDs[i] {
			return false
		}
	}
	return true
}
