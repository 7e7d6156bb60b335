// Package slug makes URL slugs from headlines: lowercase ASCII words joined
// by single hyphens, with Chinese written as toneless pinyin.
package slug

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"broadsheet/internal/news"
)

// MaxLen bounds a generated slug; it is cut at a hyphen, never mid-word.
const MaxLen = 80

// maxZHWords caps a Chinese slug at this many syllables/words before MaxLen
// applies, so "one syllable per character" stays readable.
const maxZHWords = 12

// pinyinArgs gives one toneless reading per Han character and nothing for
// characters the dictionary lacks. It is only read, so sharing it is safe.
var pinyinArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Style = pinyin.Normal
	a.Heteronym = false
	a.Fallback = func(rune, pinyin.Args) []string { return nil }
	return a
}()

// latin spells the Latin letters that NFKD does not decompose.
var latin = map[rune]string{
	'ß': "ss", 'ẞ': "ss",
	'æ': "ae", 'Æ': "ae",
	'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o",
	'đ': "d", 'Đ': "d",
	'ð': "d", 'Ð': "d",
	'ł': "l", 'Ł': "l",
	'þ': "th", 'Þ': "th",
	'ħ': "h", 'Ħ': "h",
	'ı': "i",
}

// Make returns a readable slug for a headline in lang: lowercase ASCII words
// joined by single hyphens. Chinese headlines become toneless pinyin, one
// syllable per Han character ("三角洲小镇的海堤" -> "san-jiao-zhou-xiao-zhen-de-hai-di").
// It returns "" when nothing usable is left (the caller then picks another).
//
// Full-width forms are folded and accents stripped ("Café" -> "cafe");
// apostrophes vanish ("Don't" -> "dont"); every other character that is not
// an ASCII letter or digit, a Han character or a Latin letter with a plain
// spelling separates words. Han characters become pinyin in either language.
// A Chinese slug keeps at most 12 words. Every slug is then cut at a hyphen
// to at most MaxLen bytes; only a first word longer than MaxLen, having no
// hyphen to cut at, is truncated itself.
func Make(lang news.Lang, headline string) string {
	limit := -1
	if lang == news.ZH {
		limit = maxZHWords
	}
	return join(words(fold(headline), limit), MaxLen)
}

// Next is the n-th alternative for a slug already taken: Next("seawall", 2) == "seawall-2",
// cutting the base at a hyphen so the result stays within MaxLen.
//
// A base that is not a valid slug is cleaned as English first. Next returns
// "" when n < 1 or nothing usable is left of base.
func Next(base string, n int) string {
	if n < 1 {
		return ""
	}
	suffix := "-" + strconv.Itoa(n)
	head := join(words(fold(base), -1), MaxLen-len(suffix))
	if head == "" {
		return ""
	}
	return head + suffix
}

// fold applies compatibility decomposition (full-width "ＡＩ" -> "AI",
// "é" -> "e" + U+0301) and drops the nonspacing marks it leaves.
func fold(s string) string {
	s = strings.ToValidUTF8(s, " ")
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)))
	out, _, err := transform.String(t, s)
	if err != nil {
		// Not expected for valid UTF-8; words skips marks itself anyway.
		return norm.NFKD.String(s)
	}
	return out
}

// words splits folded text into lowercase ASCII words, Han characters as one
// pinyin syllable each. With limit >= 0 it stops after limit words; without,
// it stops once the words can no longer fit in MaxLen.
func words(s string, limit int) []string {
	var (
		out  []string
		cur  []byte
		size int // length of the words so far joined by hyphens
	)
	full := func() bool {
		if limit >= 0 {
			return len(out) >= limit
		}
		return size > MaxLen
	}
	add := func(w string) {
		if size > 0 {
			size++
		}
		size += len(w)
		out = append(out, w)
	}
	flush := func() {
		if len(cur) > 0 {
			add(string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range s {
		if full() {
			break
		}
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
			cur = append(cur, byte(r))
		case 'A' <= r && r <= 'Z':
			cur = append(cur, byte(r-'A'+'a'))
		case r == '\'' || r == '\u2019' || r == '\u02BC' || unicode.Is(unicode.Mn, r):
			// Apostrophes and stray marks join the letters around them.
		case latin[r] != "":
			cur = append(cur, latin[r]...)
		case unicode.Is(unicode.Han, r):
			flush()
			// Heteronym is off, so there is at most one reading.
			if pys := pinyin.SinglePinyin(r, pinyinArgs); len(pys) > 0 && !full() {
				if w := asciiLower(pys[0]); w != "" {
					add(w)
				}
			}
		default:
			flush()
		}
	}
	if !full() {
		flush()
	}
	return out
}

// asciiLower keeps the ASCII letters and digits of a pinyin syllable,
// lowercased. go-pinyin's Normal style is already plain a-z (v for ü); this
// only guards the slug against a surprise in its dictionary.
func asciiLower(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b = append(b, c)
		case 'A' <= c && c <= 'Z':
			b = append(b, c-'A'+'a')
		}
	}
	return string(b)
}

// join joins words with hyphens, stopping before the first word that would
// take the result past n bytes. A first word longer than n is truncated, as
// there is no hyphen to cut at.
func join(ws []string, n int) string {
	if len(ws) == 0 || n < 1 {
		return ""
	}
	if len(ws[0]) >= n {
		return ws[0][:n]
	}
	var b strings.Builder
	b.WriteString(ws[0])
	for _, w := range ws[1:] {
		if b.Len()+1+len(w) > n {
			break
		}
		b.WriteByte('-')
		b.WriteString(w)
	}
	return b.String()
}
