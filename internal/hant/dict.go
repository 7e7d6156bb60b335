package hant

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The dictionaries are OpenCC 1.4.2's own text files, embedded as they are
// (see data/README.md). Embedding strings, not []byte, lets the tables slice
// keys and values straight out of read-only data: building them copies no text.
var (
	//go:embed data/CJK_Compatibility_Ideographs.txt
	dataCJKCompat string
	//go:embed data/STPhrases.txt
	dataSTPhrases string
	//go:embed data/STPhrases_GeneratedFromRegionalPhrases.txt
	dataSTPhrasesRegional string
	//go:embed data/STCharacters.txt
	dataSTCharacters string
	//go:embed data/TWVariantsPhrases.txt
	dataTWVariantsPhrases string
	//go:embed data/TWVariants.txt
	dataTWVariants string
	//go:embed data/TSPhrases.txt
	dataTSPhrases string
	//go:embed data/TSCharacters.txt
	dataTSCharacters string
	//go:embed data/TWVariantsRevPhrases.txt
	dataTWVariantsRevPhrases string
	//go:embed data/TWVariantsRev.txt
	dataTWVariantsRev string
)

// EmbeddedBytes is the size of the dictionary text compiled into the binary.
func EmbeddedBytes() int {
	n := 0
	for _, s := range []string{dataCJKCompat, dataSTPhrases, dataSTPhrasesRegional,
		dataSTCharacters, dataTWVariantsPhrases, dataTWVariants, dataTSPhrases,
		dataTSCharacters, dataTWVariantsRevPhrases, dataTWVariantsRev} {
		n += len(s)
	}
	return n
}

// denseLo..denseHi is the range of first runes whose longest key length is
// kept in a slice rather than a map: CJK punctuation, Extension A and the
// URO, where nearly all keys and most characters of Chinese text are. A slice index is several times cheaper than a map
// lookup, and this lookup runs once per Han character.
const (
	denseLo = 0x3000
	denseHi = 0x9FFF
)

// table is one dictionary (or a union of several): key -> first candidate.
// Keys and values always have the same number of runes.
type table struct {
	m        map[string]string
	maxKey   int            // longest key, in runes
	hasASCII bool           // some key starts with an ASCII character
	dense    []uint8        // longest key starting with rune denseLo+i (nil if maxKey <= 1)
	sparse   map[rune]uint8 // the same for runes outside the dense range
	// pre2 maps the first two characters of the keys longer than one
	// character (packed as r1<<32|r2) to a bit set of their lengths (bit
	// 31: 31 or more). Most positions in a text start no phrase: one
	// integer lookup says so, instead of one string lookup per length.
	pre2    map[uint64]uint32
	single  bool     // some key is a single character
	dropped []string // entries refused by checkEntry, for tests
}

func newTable(sizeHint int) *table {
	return &table{m: make(map[string]string, sizeHint)}
}

// maxFor returns the length in runes of the longest key starting with r
// (0 if none).
func (t *table) maxFor(r rune) int {
	if t.maxKey <= 1 {
		// All keys are single characters: let the map answer.
		return t.maxKey
	}
	if r >= denseLo && r <= denseHi {
		return int(t.dense[r-denseLo])
	}
	return int(t.sparse[r])
}

// add inserts key -> value unless key is already present (so the first
// dictionary of a union wins a tie, as in OpenCC's UnionDictGroup).
func (t *table) add(key, value string) {
	if _, ok := t.m[key]; ok {
		return
	}
	t.m[key] = value
	if key[0] < utf8.RuneSelf {
		t.hasASCII = true
	}
	n := utf8.RuneCountInString(key)
	if n > t.maxKey {
		t.maxKey = n
	}
}

// index fills dense/sparse once all keys are in.
func (t *table) index() {
	if t.maxKey <= 1 {
		t.single = true
		return
	}
	t.dense = make([]uint8, denseHi-denseLo+1)
	t.sparse = make(map[rune]uint8)
	t.pre2 = make(map[uint64]uint32, len(t.m)/2)
	for k := range t.m {
		r, size := utf8.DecodeRuneInString(k)
		runes := utf8.RuneCountInString(k)
		n := uint8(min(runes, 255))
		if r >= denseLo && r <= denseHi {
			t.dense[r-denseLo] = max(t.dense[r-denseLo], n)
		} else if n > t.sparse[r] {
			t.sparse[r] = n
		}
		if runes == 1 {
			t.single = true
			continue
		}
		r2, _ := utf8.DecodeRuneInString(k[size:])
		t.pre2[pair(r, r2)] |= 1 << min(runes, 31)
	}
}

// lookup returns the byte length and value of the longest key at b[i:],
// whose first character is r, size bytes long; n is 0 if none matches.
func (t *table) lookup(w *worker, b []byte, i int, r rune, size int) (n int, value string) {
	longest := t.maxFor(r)
	if longest == 0 {
		return 0, ""
	}
	if longest >= 2 && i+size < len(b) {
		r2 := rune(b[i+size])
		if r2 >= utf8.RuneSelf {
			r2, _ = utf8.DecodeRune(b[i+size:])
		}
		if lengths := t.pre2[pair(r, r2)]; lengths != 0 {
			ends := w.runeEnds(b, i, longest)
			for k := len(ends); k >= 2; k-- {
				if lengths&(1<<min(k, 31)) == 0 {
					continue
				}
				if v, ok := t.m[string(b[i:ends[k-1]])]; ok {
					return ends[k-1] - i, v
				}
			}
		}
	}
	if t.single {
		if v, ok := t.m[string(b[i:i+size])]; ok {
			return size, v
		}
	}
	return 0, ""
}

// loadInto parses OpenCC's text format ("key<TAB>value value…", '#' comments)
// into t, keeping the first candidate, which is what OpenCC outputs.
// Entries that checkEntry refuses are recorded in t.dropped, not loaded.
func loadInto(t *table, data string) {
	for len(data) > 0 {
		line := data
		if i := strings.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = ""
		}
		line = strings.TrimSuffix(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		key, values, ok := strings.Cut(line, "\t")
		if !ok || key == "" {
			continue
		}
		value, _, _ := strings.Cut(values, " ")
		if err := checkEntry(key, value); err != nil {
			t.dropped = append(t.dropped, line)
			continue
		}
		t.add(key, value)
	}
}

func load(datas ...string) *table {
	hint := 0
	for _, d := range datas {
		hint += strings.Count(d, "\n")
	}
	t := newTable(hint)
	for _, d := range datas {
		loadInto(t, d)
	}
	t.index()
	return t
}

// checkEntry enforces the two rules every mapping must keep: the output has
// as many runes as the input (so rune offsets, e.g. search highlights, map
// across scripts), and only convertible characters (Han, CJK punctuation)
// may change: ASCII, URLs, Latin names and the like come out byte for byte
// even when a dictionary key happens to contain them ("SQL注入").
func checkEntry(key, value string) error {
	if !utf8.ValidString(key) || !utf8.ValidString(value) {
		return fmt.Errorf("hant: %q -> %q: invalid UTF-8", key, value)
	}
	if key == "" {
		return fmt.Errorf("hant: empty source")
	}
	if nk, nv := utf8.RuneCountInString(key), utf8.RuneCountInString(value); nk != nv {
		return fmt.Errorf("hant: %q -> %q: %d characters become %d; a mapping must keep the character count", key, value, nk, nv)
	}
	v := value
	for _, kr := range key {
		vr, size := utf8.DecodeRuneInString(v)
		v = v[size:]
		if kr != vr && (!convertible(kr) || !convertible(vr)) {
			return fmt.Errorf("hant: %q -> %q: only Chinese characters and punctuation may change, not %q -> %q", key, value, kr, vr)
		}
	}
	return nil
}

// convertible reports whether a mapping may change r: Han characters and
// CJK punctuation (the blocks OpenCC's dictionaries could touch).
func convertible(r rune) bool {
	switch {
	case r < 0x2E80:
		return false
	case r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF:
		return true
	}
	return unicode.Is(unicode.Han, r)
}

func pair(r1, r2 rune) uint64 { return uint64(uint32(r1))<<32 | uint64(uint32(r2)) }
