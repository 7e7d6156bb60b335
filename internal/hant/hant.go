// Package hant converts Simplified Chinese to Traditional Chinese with
// Taiwan-standard character forms, for the site's Traditional edition, and
// back, for round-trip checks and for turning a Traditional search query
// into the Simplified the index holds.
//
// It follows OpenCC's s2tw configuration (and tw2s for the reverse), using
// OpenCC 1.4.2's own dictionaries, embedded from data/ (Apache-2.0; see
// data/README.md):
//
//   - compatibility ideographs are first normalised (CJK_Compatibility_Ideographs);
//   - the text is segmented by maximum forward match over STPhrases and
//     STPhrases_GeneratedFromRegionalPhrases;
//   - each segment goes through the conversion chain
//     [STPhrases+regional, then STCharacters] and then
//     [TWVariantsPhrases, then TWVariants].
//
// It is deliberately not s2twp: s2twp adds Taiwan vocabulary (TWPhrases),
// which rewrites words rather than character forms and is wrong in news
// copy (议会通过法案 would become 議會透過法案, 发布会 釋出會, 社区 社群).
//
// It is not a Go port of OpenCC either: the ports on the module proxy depend
// on a GPL-2.0 double-array trie and stop looking ahead after 10 characters,
// which mistranslates longer dictionary phrases (塔什库尔干塔吉克自治县).
// This converter is a map per dictionary plus the longest key per first
// character, matched at any length.
//
// Every mapping keeps the number of characters (runes) unchanged, so rune
// offsets, e.g. search highlights, map from one script to the other; entries
// that would break this are refused. Only Han characters (and CJK
// punctuation, should a dictionary map one) are ever changed: ASCII, URLs,
// code and any other script pass through byte for byte, and invalid UTF-8
// is copied as it is.
//
// Editors can layer a Glossary of their own on top (names, house style such
// as 台 versus 臺); see Converter.With.
package hant

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"unicode/utf8"
)

// stage is one step of OpenCC's conversion chain: a "short_circuit" group of
// dictionaries. At each position the first dictionary that has any key there
// wins, with its longest key; if none has, one character is copied as it is.
type stage []*table

// engine is one OpenCC configuration, built once.
type engine struct {
	norm  *table // normalisation pre-pass (single characters)
	seg   *table // segmentation dictionary: maximum forward match
	chain []stage
	// segFirst: chain[0][0] is seg. A segment that seg matched then
	// converts in step one to seg's value, and seg can never match inside
	// an unmatched run (segmentation just tried it there, on longer text),
	// so both lookups are skipped.
	segFirst bool
}

// lazyEngine builds its engine on first use.
type lazyEngine struct {
	once  sync.Once
	build func() *engine
	e     *engine
}

func (l *lazyEngine) get() *engine {
	l.once.Do(func() { l.e = l.build() })
	return l.e
}

var compat = sync.OnceValue(func() *table { return load(dataCJKCompat) })

var s2twEngine = &lazyEngine{build: func() *engine {
	seg := load(dataSTPhrases, dataSTPhrasesRegional)
	return &engine{
		norm: compat(),
		seg:  seg,
		chain: []stage{
			{seg, load(dataSTCharacters)},
			{load(dataTWVariantsPhrases), load(dataTWVariants)},
		},
		segFirst: true,
	}
}}

// tw2s follows OpenCC's tw2s.json, except that TSCharactersExt (flagged
// may_output_tofu, rare inferred Simplified forms that fonts lack, and left
// out by OpenCC's command-line tool by default) is not used.
var tw2sEngine = &lazyEngine{build: func() *engine {
	seg := load(dataTSPhrases)
	return &engine{
		norm: compat(),
		seg:  seg,
		chain: []stage{
			{load(dataTWVariantsRevPhrases), load(dataTWVariantsRev)},
			{seg, load(dataTSCharacters)},
		},
	}
}}

// Converter converts text between scripts. It is immutable and safe for
// concurrent use; the dictionaries are built on the first conversion.
type Converter struct {
	e     *lazyEngine
	gloss *table   // nil without a glossary
	src   Glossary // the glossary gloss was built from, for With
}

var (
	s2tw = &Converter{e: s2twEngine}
	// tw2s adds the one mapping OpenCC's tw2s lacks for what s2tw writes: 揹
	// (carry on the back), which s2tw puts for 背 in 背着 and 背篓, and which
	// TSCharacters leaves alone because 揹 is also a (rare) Simplified
	// character. Without it a Traditional search for 揹著 would miss 背着, and
	// converting back would not give the Simplified text.
	tw2s = mustWith(&Converter{e: tw2sEngine}, Glossary{"揹": "背"})
)

func mustWith(c *Converter, g Glossary) *Converter {
	c, err := c.With(g)
	if err != nil {
		panic(err)
	}
	return c
}

// S2TW returns the shared Simplified → Traditional (Taiwan standard
// characters, OpenCC s2tw) converter.
func S2TW() *Converter { return s2tw }

// TW2S returns the shared Traditional (Taiwan) → Simplified converter
// (OpenCC tw2s). It leaves Simplified text unchanged.
func TW2S() *Converter { return tw2s }

// ToSimplified converts s with TW2S: search uses it to turn a Traditional
// query into the Simplified the index holds. Simplified input comes back
// unchanged.
func ToSimplified(s string) string { return tw2s.Convert(s) }

// Glossary maps source text (in the converter's input script) to the
// output an editor wants; a value equal to its key keeps the text as it is.
// Each value must have as many characters as its key, and may differ from
// it only in Chinese characters and punctuation.
type Glossary map[string]string

// With returns a converter that applies g on top of c's dictionaries (and
// of any glossary c already has; g wins for the same key).
//
// The glossary has priority: its keys are found first, by forward longest
// match among themselves, and each occurrence comes out exactly as the
// glossary says (a glossary match is final, not converted further); the
// dictionaries convert the text between occurrences, and no dictionary
// phrase straddles one. So {"台湾": "台灣"} also gives 台灣人 and 全台灣,
// although the dictionaries have the longer phrases 台湾人 and 全台湾. A
// one-character entry is a blunt tool: {"台": "台"} keeps 台 in 一台 and
// 舞台, but also turns 台风 into 台風 instead of 颱風; prefer whole words
// and names.
func (c *Converter) With(g Glossary) (*Converter, error) {
	merged := make(Glossary, len(c.src)+len(g))
	for k, v := range c.src {
		merged[k] = v
	}
	keys := make([]string, 0, len(g))
	for k := range g {
		keys = append(keys, k)
	}
	sort.Strings(keys) // report the same error every time
	for _, k := range keys {
		if err := checkEntry(k, g[k]); err != nil {
			return nil, fmt.Errorf("glossary: %w", err)
		}
		merged[k] = g[k]
	}
	t := newTable(len(merged))
	for k, v := range merged {
		t.add(k, v)
	}
	t.index()
	return &Converter{e: c.e, gloss: t, src: merged}, nil
}

// Convert returns s converted.
func (c *Converter) Convert(s string) string {
	if isASCII(s) {
		return s
	}
	w := c.worker(s)
	defer workers.Put(w)
	w.convertString(s)
	return w.result(s)
}

// Span is a byte range [Start, End) of a string.
type Span struct{ Start, End int }

// ConvertExcept converts s but copies the byte ranges in keep unchanged, and
// no match crosses their edges (each stretch between them is converted on
// its own). Use it for code, URLs or embeds inside a text field. Spans may
// come in any order and overlap; offsets are clamped to s and moved back to
// the start of a UTF-8 sequence.
func (c *Converter) ConvertExcept(s string, keep []Span) string {
	if len(keep) == 0 || isASCII(s) {
		return c.Convert(s)
	}
	w := c.worker(s)
	defer workers.Put(w)
	pos := 0
	for _, sp := range normalizeSpans(s, keep) {
		w.convertString(s[pos:sp.Start])
		w.out = append(w.out, s[sp.Start:sp.End]...)
		pos = sp.End
	}
	w.convertString(s[pos:])
	return w.result(s)
}

// Change is one place where the output differs from the input, in rune
// offsets [Start, End) that are the same in both (the character count never
// changes). A dictionary phrase or glossary entry is one change, so a
// preview shows whole words; characters converted one by one are grouped
// while they are adjacent.
type Change struct {
	Start, End int
	From, To   string
	Glossary   bool // the editor's glossary made this change
}

// Changes lists where Convert(s) differs from s, in order.
func (c *Converter) Changes(s string) []Change {
	if isASCII(s) {
		return nil
	}
	w := c.worker(s)
	defer workers.Put(w)
	w.units = w.units[:0]
	w.record = true
	w.convertString(s)
	w.record = false
	in, out := []rune(s), []rune(string(w.out))
	if len(in) != len(out) {
		// Cannot happen: every mapping keeps the rune count.
		panic("hant: rune count changed")
	}
	var changes []Change
	add := func(a, b int, glossary bool) {
		changes = append(changes, Change{Start: a, End: b, From: string(in[a:b]), To: string(out[a:b]), Glossary: glossary})
	}
	u := 0 // next unit
	for i := 0; i < len(in); {
		for u < len(w.units) && w.units[u].start < i {
			u++
		}
		if u < len(w.units) && w.units[u].start == i {
			un := w.units[u]
			if !slices.Equal(in[un.start:un.end], out[un.start:un.end]) {
				add(un.start, un.end, un.glossary)
			}
			i = un.end
			continue
		}
		if in[i] == out[i] {
			i++
			continue
		}
		j := i + 1
		for j < len(in) && in[j] != out[j] && (u >= len(w.units) || j < w.units[u].start) {
			j++
		}
		add(i, j, false)
		i = j
	}
	return changes
}

// unit records a phrase or glossary segment for Changes, in rune offsets.
type unit struct {
	start, end int
	glossary   bool
}

// worker holds the buffers of one conversion; pooled, so a conversion makes
// one allocation (the result) whatever the length of the text.
type worker struct {
	e       *engine
	gloss   *table
	in, out []byte
	run     []byte    // an unmatched run, copied for the chain
	scratch [2][]byte // intermediate results of the chain's steps
	ends    []int     // byte ends of the next characters, for longest match

	record bool // Changes: note units and rune offsets
	units  []unit
	runes  int // runes converted so far (only while recording)
}

var workers = sync.Pool{New: func() any { return new(worker) }}

func (c *Converter) worker(s string) *worker {
	w := workers.Get().(*worker)
	w.e = c.e.get()
	w.gloss = c.gloss
	w.runes = 0
	w.out = slices.Grow(w.out[:0], len(s)+len(s)/8)
	return w
}

// convertString normalises s into w.in and converts it.
func (w *worker) convertString(s string) {
	w.in = normalize(w.in[:0], s, w.e.norm)
	w.convert(w.in)
}

// result returns the output as a string, or s itself when nothing changed.
func (w *worker) result(s string) string {
	if string(w.out) == s {
		return s
	}
	return string(w.out)
}

// normalize appends s to dst, replacing CJK compatibility ideographs
// (U+F900–U+FAFF, U+2F800–U+2FA1F) by the unified ideographs they stand
// for, as OpenCC's normalization pre-pass does.
func normalize(dst []byte, s string, norm *table) []byte {
	last := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b != 0xEF && b != 0xF0 {
			if b < utf8.RuneSelf {
				i++
			} else {
				_, n := utf8.DecodeRuneInString(s[i:])
				i += n
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r >= 0xF900 && r <= 0xFAFF) || (r >= 0x2F800 && r <= 0x2FA1F) {
			if v, ok := norm.m[s[i:i+n]]; ok {
				dst = append(dst, s[last:i]...)
				dst = append(dst, v...)
				last = i + n
			}
		}
		i += n
	}
	return append(dst, s[last:]...)
}

// convert converts b: glossary occurrences first, then the stretches
// between them with the dictionaries.
func (w *worker) convert(b []byte) {
	g := w.gloss
	if g == nil {
		w.convertDict(b)
		return
	}
	// Find the glossary's keys by forward longest match over the glossary
	// alone: they win wherever they occur, and no dictionary phrase may
	// straddle their edges.
	start := 0
	for i := 0; i < len(b); {
		r, size := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[i:])
		}
		if n, v := g.lookup(w, b, i, r, size); n > 0 {
			w.convertDict(b[start:i])
			if w.record {
				k := utf8.RuneCount(b[i : i+n])
				w.units = append(w.units, unit{w.runes, w.runes + k, true})
				w.runes += k
			}
			w.out = append(w.out, v...)
			i += n
			start = i
			continue
		}
		i += size
	}
	w.convertDict(b[start:])
}

// convertDict segments b by maximum forward match over the segmentation
// dictionary and sends each segment through the chain.
func (w *worker) convertDict(b []byte) {
	e := w.e
	runStart := 0
	for i := 0; i < len(b); {
		r, size := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[i:])
		}
		if n, v := e.seg.lookup(w, b, i, r, size); n > 0 {
			w.flushRun(b[runStart:i])
			if w.record {
				k := utf8.RuneCount(b[i : i+n])
				w.units = append(w.units, unit{w.runes, w.runes + k, false})
				w.runes += k
			}
			if e.segFirst {
				w.run = append(w.run[:0], v...)
				w.chain(w.run, e.chain[1:], nil)
			} else {
				w.chain(b[i:i+n], e.chain, nil)
			}
			i += n
			runStart = i
			continue
		}
		if r >= 0x2FF0 && r <= 0x2FFF {
			size = max(size, idsLen(b[i:]))
		}
		i += size
	}
	w.flushRun(b[runStart:])
}

// runeEnds returns the byte offsets just past each of the next (at most n)
// characters of b from i.
func (w *worker) runeEnds(b []byte, i, n int) []int {
	ends := w.ends[:0]
	for j := i; j < len(b) && len(ends) < n; {
		size := 1
		if b[j] >= utf8.RuneSelf {
			_, size = utf8.DecodeRune(b[j:])
		}
		j += size
		ends = append(ends, j)
	}
	w.ends = ends
	return ends
}

// flushRun converts a run of characters that no phrase matched.
func (w *worker) flushRun(run []byte) {
	if len(run) == 0 {
		return
	}
	if w.record {
		w.runes += utf8.RuneCount(run)
	}
	if isASCIIBytes(run) {
		w.out = append(w.out, run...)
		return
	}
	var skip *table
	if w.e.segFirst {
		skip = w.e.seg
	}
	w.chain(run, w.e.chain, skip)
}

// chain sends one segment through the stages and appends the result to
// w.out. skip is a dictionary known not to match in this segment.
func (w *worker) chain(seg []byte, stages []stage, skip *table) {
	cur := seg
	for k, st := range stages {
		if k == len(stages)-1 {
			w.out = w.apply(w.out, cur, st, skip)
			return
		}
		w.scratch[k%2] = w.apply(w.scratch[k%2][:0], cur, st, skip)
		cur = w.scratch[k%2]
		skip = nil
	}
	w.out = append(w.out, cur...)
}

// apply converts src with one stage by forward maximum match, appending to
// dst.
func (w *worker) apply(dst, src []byte, st stage, skip *table) []byte {
	for i := 0; i < len(src); {
		if src[i] < utf8.RuneSelf && !st.asciiKeys() {
			// Copy the ASCII stretch in one go.
			j := i + 1
			for j < len(src) && src[j] < utf8.RuneSelf {
				j++
			}
			dst = append(dst, src[i:j]...)
			i = j
			continue
		}
		r, size := rune(src[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(src[i:])
		}
		matched := false
		for _, t := range st {
			if t == skip {
				continue
			}
			if n, v := t.lookup(w, src, i, r, size); n > 0 {
				dst = append(dst, v...)
				i += n
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		if r >= 0x2FF0 && r <= 0x2FFF {
			size = max(size, idsLen(src[i:]))
		}
		dst = append(dst, src[i:i+size]...)
		i += size
	}
	return dst
}

// asciiKeys reports whether any dictionary of the stage has a key starting
// with an ASCII character (OpenCC's do not, in the conversion steps).
func (st stage) asciiKeys() bool {
	for _, t := range st {
		if t.hasASCII {
			return true
		}
	}
	return false
}

// idsLen returns the byte length of the complete Ideographic Description
// Sequence at the start of b (such as ⿰氵发), or 0. OpenCC copies such a
// sequence unconverted: it describes a glyph, it is not text.
func idsLen(b []byte) int {
	codePoints := 0
	var consume func(b []byte, depth int) int
	consume = func(b []byte, depth int) int {
		if len(b) == 0 || depth == 0 || codePoints >= 64 {
			return 0
		}
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return 0
		}
		codePoints++
		arity := idsArity(r)
		if arity == 0 {
			return size
		}
		off := size
		for range arity {
			n := consume(b[off:], depth-1)
			if n == 0 {
				return 0
			}
			off += n
		}
		return off
	}
	if idsArity(firstRune(b)) == 0 {
		return 0
	}
	return consume(b, 16)
}

func firstRune(b []byte) rune {
	r, _ := utf8.DecodeRune(b)
	return r
}

func idsArity(r rune) int {
	switch {
	case r == 0x2FF2 || r == 0x2FF3:
		return 3
	case r == 0x2FFE || r == 0x2FFF:
		return 1
	case r >= 0x2FF0 && r <= 0x2FFD:
		return 2
	}
	return 0
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isASCIIBytes(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// normalizeSpans sorts, clamps and merges spans, with edges moved back to
// the start of a UTF-8 sequence so no character is cut.
func normalizeSpans(s string, keep []Span) []Span {
	out := make([]Span, 0, len(keep))
	for _, sp := range keep {
		a, b := clampRune(s, sp.Start), clampRune(s, sp.End)
		if a < b {
			out = append(out, Span{a, b})
		}
	}
	slices.SortFunc(out, func(x, y Span) int { return x.Start - y.Start })
	merged := out[:0]
	for _, sp := range out {
		if n := len(merged); n > 0 && sp.Start <= merged[n-1].End {
			merged[n-1].End = max(merged[n-1].End, sp.End)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

func clampRune(s string, i int) int {
	i = min(max(i, 0), len(s))
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}
