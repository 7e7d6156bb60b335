package align

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want *Alignment
	}{
		{"", nil},
		{"  \t ", nil},
		{"1 2 3 4 5 6", Positional(srcIDs)},
		{"1 2 3+4 note 5 5 -6", &Alignment{Src: refs("b1", "b2", "b3+b4", "note", "b5", "b5"), Omitted: []string{"b6"}}},
		{"-1 -6  2\t3\n4 5", &Alignment{Src: refs("b2", "b3", "b4", "b5"), Omitted: []string{"b1", "b6"}}},
		{"note", &Alignment{Src: refs("note")}},
		{"1+2+3+4+5+6", &Alignment{Src: refs("b1+b2+b3+b4+b5+b6")}},
		{"? 2+?", &Alignment{Src: refs("?", "b2+?")}},
		{"-3", &Alignment{Src: [][]string{}, Omitted: []string{"b3"}}},
		// Parse reads words; whether they make sense is for Pairs to say.
		{"3 1 1+2", &Alignment{Src: refs("b3", "b1", "b1+b2")}},
		{"2 -2", &Alignment{Src: refs("b2"), Omitted: []string{"b2"}}},
	}
	for _, tt := range tests {
		a, err := Parse(tt.in, srcIDs)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(a, tt.want) {
			t.Errorf("Parse(%q) = %#v, want %#v", tt.in, a, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1 2 7", `pairs: word 3 "7": the source has 6 blocks`},
		{"0", `pairs: word 1 "0": block numbers start at 1 and have no leading zero`},
		{"01", `pairs: word 1 "01": block numbers start at 1 and have no leading zero`},
		{"1 x", `pairs: word 2 "x": not a block number`},
		{"1 +2", `pairs: word 2 "+2": a block number is missing`},
		{"1+", `pairs: word 1 "1+": a block number is missing`},
		{"1++2", `pairs: word 1 "1++2": a block number is missing`},
		{"-", `pairs: word 1 "-": a block number is missing`},
		{"--1", `pairs: word 1 "--1": not a block number`},
		{"-?", `pairs: word 1 "-?": not a block number`},
		{"-note", `pairs: word 1 "-note": not a block number`},
		{"Note", `pairs: word 1 "Note": not a block number`},
		{"1,2", `pairs: word 1 "1,2": not a block number`},
		{"3-4", `pairs: word 1 "3-4": not a block number`},
		{"１", `pairs: word 1 "１": not a block number`},
		{"2+2", `pairs: word 1 "2+2": names source block 2 twice`},
		{"1+2+1", `pairs: word 1 "1+2+1": names source block 1 twice`},
		{"-2 1 -2", `pairs: word 3 "-2": source block 2 is already marked as left out`},
		{"99999999999999999999999", `pairs: word 1 "99999999999999999999999": the source has 6 blocks`},
		{"1 " + strings.Repeat("9", 100), `pairs: word 2 "` + strings.Repeat("9", 40) + `": the source has 6 blocks`},
		{strings.Repeat("1 ", 20_001), `pairs: more than 20000 words`},
		{strings.Repeat(" ", 64<<10+1), `pairs: longer than 65536 bytes`},
	}
	for _, tt := range tests {
		a, err := Parse(tt.in, srcIDs)
		var pe *ParseError
		if a != nil || !errors.As(err, &pe) {
			t.Errorf("Parse(%.40q) = %v, %v; want a *ParseError", tt.in, a, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Parse(%.40q): %q, want %q", tt.in, err, tt.want)
		}
	}
	if _, err := Parse("1", nil); err == nil || !strings.Contains(err.Error(), "the source has 0 blocks") {
		t.Errorf("Parse against an empty source: %v", err)
	}
}

// Long hostile lines are refused or read in time proportional to their
// length: repeating a block is a long split, not a long wait.
func TestParseHostile(t *testing.T) {
	ids := make([]string, 5000)
	for i := range ids {
		ids[i] = "b" + string(rune('0'+i%10))
	}
	start := time.Now()
	for _, in := range []string{
		strings.Repeat("1 ", 20_000),
		strings.Repeat("1+", 30_000) + "1",
		strings.Repeat("?+", 30_000) + "?",
		strings.Repeat("note ", 13_000),
		strings.Repeat("9", 65_536),
		strings.Repeat("+", 65_536),
		strings.Repeat("-1 ", 20_000),
	} {
		Parse(in, ids)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("hostile lines took %v", d)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		a    *Alignment
		want string
	}{
		{"none", nil, ""},
		{"empty", &Alignment{}, ""},
		{"in place", Positional(srcIDs), ""},
		{"example", &Alignment{Src: refs("b1", "b2", "b3+b4", "note", "b5", "b5"), Omitted: []string{"b6"}}, "1 2 3+4 note 5 5 -6"},
		{"left out in source order", &Alignment{Src: refs("b2", "note", "b4", "b5"), Omitted: []string{"b6", "b3", "b1", "b3"}}, "-1 2 note -3 4 5 -6"},
		{"deleted blocks", &Alignment{Src: refs("b1", "b9", "b2+b8", "b3", "b4", "b5", "b6"), Omitted: []string{"b7"}}, "1 ? 2+? 3 4 5 6"},
		{"in place but one left out", &Alignment{Src: refs("b1", "b2", "b3", "b4", "b5"), Omitted: []string{"b6"}}, "1 2 3 4 5 -6"},
		{"in place plus a note", &Alignment{Src: refs("b1", "b2", "b3", "b4", "b5", "b6", "note")}, "1 2 3 4 5 6 note"},
		{"out of order is kept as it is", &Alignment{Src: refs("b3", "b1", "b2")}, "3 1 2"},
	}
	for _, tt := range tests {
		if got := Format(tt.a, srcIDs); got != tt.want {
			t.Errorf("%s: Format = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// What Format writes, Parse reads back to the same records, and the same
// pairing; a stale pairing survives the round trip and stays stale.
func TestFormatParse(t *testing.T) {
	for _, a := range []*Alignment{
		{Src: refs("b1", "b2", "b3+b4", "note", "b5", "b5"), Omitted: []string{"b6"}},
		{Src: refs("note", "b2", "b3", "b4", "b5", "b6"), Omitted: []string{"b1"}},
		{Src: refs("b1", "b2", "b3", "b4", "b5", "b6", "b6")},
	} {
		s := Format(a, srcIDs)
		b, err := Parse(s, srcIDs)
		if err != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("%q read back as %#v, %v; want %#v", s, b, err, a)
		}
	}
	stale := &Alignment{Src: refs("b1", "b2", "b3", "b4", "b5", "b9")}
	s := Format(stale, srcIDs)
	b, err := Parse(s, srcIDs)
	if err != nil || s != "1 2 3 4 5 ?" || Format(b, srcIDs) != s {
		t.Errorf("stale: %q, %v, %v", s, b, err)
	}
	if got := problems(Pairs(srcIDs, src, src, b).Problems); got != "unknown 0 6; unpaired 6 0" {
		t.Errorf("stale pairing read back: %s", got)
	}
}

// FuzzParse: Parse never panics, refuses with a *ParseError, and what it
// reads Format writes back to a line Parse reads as the same records; Pairs
// takes whatever Parse gives.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "1 2 3 4 5 6", "1 2 3+4 note 5 5 -6", "-1 2 ? 3+? note", "2+2", "-3 -3",
		"0", "7", "1+", "+", "--1", "99999999999999999999", "１ ２", "1\u00a02", "note+1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s, srcIDs)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || a != nil {
				t.Fatalf("Parse(%q) = %v, %v", s, a, err)
			}
			return
		}
		if a == nil {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("Parse(%q) = nil", s)
			}
			return
		}
		out := Format(a, srcIDs)
		b, err := Parse(out, srcIDs)
		if err != nil {
			t.Fatalf("Parse(%q) → Format %q: %v", s, out, err)
		}
		if out == "" {
			// Records in place are written as none, which pairs the same.
			if b != nil || !positional(a.Src, srcIDs) || len(a.Omitted) != 0 {
				t.Fatalf("Parse(%q) → Format \"\" from %#v", s, a)
			}
		} else {
			sorted := func(x []string) []string {
				x = slices.Clone(x)
				slices.Sort(x)
				return x
			}
			if !reflect.DeepEqual(a.Src, b.Src) || !slices.Equal(sorted(a.Omitted), sorted(b.Omitted)) {
				t.Fatalf("Parse(%q) = %#v; Format %q reads back as %#v", s, a, out, b)
			}
			if Format(b, srcIDs) != out {
				t.Fatalf("Format is not stable on %q", out)
			}
		}
		tr := blocks(make([]string, len(a.Src))...)
		r := Pairs(srcIDs, src, tr, a)
		if r.OK() {
			checkRows(t, s, r.Rows, len(src), len(tr))
		}
	})
}
