package align

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"broadsheet/internal/news"
)

// Hash fingerprints what a reader reads in block b: 16 hex digits (64 bits,
// plenty to tell the versions of one block apart).
//
// Text blocks hash their plain text (b.Text; the HTML with its tags stripped
// when there is none), with character references decoded, folded by NFKC
// (full-width "ＡＩ２０２６" reads as "AI2026"), lower-cased, and with every
// space, punctuation mark, symbol and invisible format character removed,
// ASCII or full-width alike (，。「」…). So re-spacing, re-punctuating,
// changing case or changing a link's target is no change. The cost is that
// an edit made only of such characters is not seen either: "$5" and "€5",
// "3.5" and "35" hash the same.
//
// Images hash their file name, which changes with the picture's bytes, and
// their caption and alt text, folded as above; embeds hash their source. The
// kind is part of the hash: a paragraph turned into a heading has changed.
func Hash(b news.Block) string {
	var s strings.Builder
	s.WriteString(string(b.Kind))
	s.WriteByte(0)
	switch b.Kind {
	case news.BlockImage:
		if im := b.Image; im != nil {
			s.WriteString(im.Name)
			s.WriteByte(0)
			fold(&s, im.Caption)
			s.WriteByte(0)
			fold(&s, im.Alt)
		}
	case news.BlockEmbed:
		if e := b.Embed; e != nil {
			s.WriteString(e.Src)
		}
	default:
		t := b.Text
		if strings.TrimSpace(t) == "" {
			t = stripTags(b.HTML)
		}
		fold(&s, t)
	}
	sum := sha256.Sum256([]byte(s.String()))
	return hex.EncodeToString(sum[:8])
}

// fold writes the letters and digits of t as Hash compares them. Text is
// kept escaped by the sanitizer ("AT&amp;T"), so references are decoded
// first, or "&" would leave "amp" behind.
func fold(s *strings.Builder, t string) {
	for _, r := range norm.NFKC.String(html.UnescapeString(t)) {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) ||
			unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			continue // Cf: zero-width spaces and joiners, soft hyphens
		}
		s.WriteRune(unicode.ToLower(r))
	}
}

// stripTags drops the tags of sanitized HTML. The sanitizer escapes "<" and
// ">" in text and attribute values, so every "<" here opens a tag.
func stripTags(h string) string {
	var b strings.Builder
	in := false
	for _, r := range h {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Hashes records the hash of each source block by id, to keep with a
// translation when it is made or confirmed up to date.
func Hashes(srcIDs []string, src []news.Block) map[string]string {
	n := min(len(srcIDs), len(src))
	m := make(map[string]string, n)
	for i := range n {
		m[srcIDs[i]] = Hash(src[i])
	}
	return m
}

// Changed compares the source as it is with the hashes recorded when the
// translation was made: changed lists the ids of blocks whose text differs,
// added those of blocks that were not there, both in source order; removed
// lists the recorded ids no longer in the source, in id order ("b2" before
// "b10"). All three empty means the translation is up to date.
//
// Only the first min(len(srcIDs), len(src)) blocks are compared; the two
// slices should have the same length.
func Changed(recorded map[string]string, srcIDs []string, src []news.Block) (changed, added, removed []string) {
	n := min(len(srcIDs), len(src))
	here := make(map[string]bool, n)
	for i := range n {
		id := srcIDs[i]
		here[id] = true
		switch h, ok := recorded[id]; {
		case !ok:
			added = append(added, id)
		case h != Hash(src[i]):
			changed = append(changed, id)
		}
	}
	for id := range recorded {
		if !here[id] {
			removed = append(removed, id)
		}
	}
	// Map order is random; shorter first puts "b9" before "b10".
	slices.SortFunc(removed, func(a, b string) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return strings.Compare(a, b)
	})
	return changed, added, removed
}
