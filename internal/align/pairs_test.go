package align

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"broadsheet/internal/news"
)

var (
	srcIDs = []string{"b1", "b2", "b3", "b4", "b5", "b6"}
	src    = blocks("# Cranes", "One.", "Two.", "! crane.svg|A crane", "Three.", "Four.")
)

// rows writes rows compactly, with 0-based indices: "1,2|3" pairs source
// blocks 1 and 2 with translation block 3, "|4" is a note, "5|" a source
// block left out, and "*" marks a row shown across.
func rows(rs []Row) string {
	var words []string
	for _, r := range rs {
		w := join(r.Src) + "|" + join(r.Tr)
		if r.Across {
			w += "*"
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

func join(is []int) string {
	var s []string
	for _, i := range is {
		s = append(s, strconv.Itoa(i))
	}
	return strings.Join(s, ",")
}

func problems(ps []Problem) string {
	var s []string
	for _, p := range ps {
		s = append(s, fmt.Sprintf("%s %d %d", p.Kind, p.Src, p.Tr))
	}
	return strings.Join(s, "; ")
}

// refs builds Alignment.Src from words: "b2+b3" for several ids, "note" for none.
func refs(words ...string) [][]string {
	var r [][]string
	for _, w := range words {
		if w == "note" {
			r = append(r, nil)
		} else {
			r = append(r, strings.Split(w, "+"))
		}
	}
	return r
}

func TestPairs(t *testing.T) {
	zh := blocks("# 起重机", "一。", "二。", "! crane.svg|起重机", "三。", "四。")
	tests := []struct {
		name     string
		ids      []string // srcIDs unless set
		src      []news.Block
		tr       []news.Block
		a        *Alignment
		rows     string
		problems string
	}{
		{name: "same blocks, no records: by position", tr: zh, rows: "0|0 1|1 2|2 3|3* 4|4 5|5"},
		{name: "empty records: by position", tr: zh, a: &Alignment{}, rows: "0|0 1|1 2|2 3|3* 4|4 5|5"},
		{name: "records in place", tr: zh, a: Positional(srcIDs), rows: "0|0 1|1 2|2 3|3* 4|4 5|5"},
		{name: "merged paragraphs (n:1)",
			tr: blocks("# 起重机", "一二。", "! crane.svg|起重机", "三。", "四。"),
			a:  &Alignment{Src: refs("b1", "b2+b3", "b4", "b5", "b6")}, rows: "0|0 1,2|1 3|2* 4|3 5|4"},
		{name: "three merged",
			tr: blocks("# 起重机", "一二。", "! crane.svg|起重机", "三四。"),
			a:  &Alignment{Src: refs("b1", "b2+b3", "b4", "b5+b6")}, rows: "0|0 1,2|1 3|2* 4,5|3"},
		{name: "split paragraph (1:n)",
			tr: blocks("# 起重机", "一。", "二甲。", "二乙。", "! crane.svg|起重机", "三。", "四。"),
			a:  &Alignment{Src: refs("b1", "b2", "b3", "b3", "b4", "b5", "b6")}, rows: "0|0 1|1 2|2,3 3|4* 4|5 5|6"},
		{name: "merged, then split (n:m)",
			tr: blocks("# 起重机", "一二甲。", "一二乙。", "! crane.svg|起重机", "三。", "四。"),
			a:  &Alignment{Src: refs("b1", "b2+b3", "b2+b3", "b4", "b5", "b6")}, rows: "0|0 1,2|1,2 3|3* 4|4 5|5"},
		{name: "translator's note",
			tr: blocks("# 起重机", "一。", "译注：……", "二。", "! crane.svg|起重机", "三。", "四。"),
			a:  &Alignment{Src: refs("b1", "b2", "note", "b3", "b4", "b5", "b6")}, rows: "0|0 1|1 |2 2|3 3|4* 4|5 5|6"},
		{name: "note first and last",
			tr: blocks("编者按。", "# 起重机", "一。", "二。", "! crane.svg|起重机", "三。", "四。", "译注。"),
			a:  &Alignment{Src: refs("note", "b1", "b2", "b3", "b4", "b5", "b6", "note")}, rows: "|0 0|1 1|2 2|3 3|4* 4|5 5|6 |7"},
		{name: "omitted paragraph",
			tr: blocks("# 起重机", "一。", "! crane.svg|起重机", "三。", "四。"),
			a:  &Alignment{Src: refs("b1", "b2", "b4", "b5", "b6"), Omitted: []string{"b3"}}, rows: "0|0 1|1 2| 3|2* 4|3 5|4"},
		{name: "omitted after a note on the block before it",
			tr: blocks("# 起重机", "一。", "译注。", "! crane.svg|起重机", "三。", "四。"),
			a:  &Alignment{Src: refs("b1", "b2", "note", "b4", "b5", "b6"), Omitted: []string{"b3"}}, rows: "0|0 1|1 |2 2| 3|3* 4|4 5|5"},
		{name: "omitted first and last",
			tr: blocks("一。", "二。", "! crane.svg|起重机", "三。"),
			a:  &Alignment{Src: refs("b2", "b3", "b4", "b5"), Omitted: []string{"b6", "b1"}}, rows: "0| 1|0 2|1 3|2* 4|3 5|"},
		{name: "a deleted block left out is no matter",
			tr: zh, a: &Alignment{Src: refs("b1", "b2", "b3", "b4", "b5", "b6"), Omitted: []string{"b9"}}, rows: "0|0 1|1 2|2 3|3* 4|4 5|5"},
		{name: "everything left out",
			tr: nil, a: &Alignment{Omitted: srcIDs}, rows: "0| 1| 2| 3| 4| 5|"},
		{name: "embed across, picture paired with text not",
			src: blocks("@ https://v.example/1", "! a.svg|A"), tr: blocks("@ https://v.example/1", "图片说明。"),
			ids: []string{"b1", "b2"}, a: &Alignment{Src: refs("b1", "b2")}, rows: "0|0* 1|1"},
		{name: "a picture split is not across",
			src: blocks("! a.svg|A"), tr: blocks("! a.svg|甲", "! a.svg|乙"),
			ids: []string{"b1"}, a: &Alignment{Src: refs("b1", "b1")}, rows: "0|0,1"},
		{name: "both empty", src: []news.Block{}, tr: nil, rows: ""},

		// Untrustworthy pairings.
		{name: "counts differ, no records", tr: blocks("# 起重机", "一二。", "! crane.svg|起重机", "三。", "四。"), problems: "count 6 5"},
		{name: "no translation yet", tr: nil, problems: "count 6 0"},
		{name: "kinds differ in place, no records",
			tr: blocks("# 起重机", "一。", "! crane.svg|起重机", "二。", "三。", "四。"), problems: "kind 3 3; kind 4 4"},
		{name: "records for fewer blocks than the translation",
			tr: append(slices.Clone(zh), block("新段落。")), a: Positional(srcIDs), problems: "records 6 7"},
		{name: "records for more blocks than the translation",
			tr: zh[:5], a: Positional(srcIDs), problems: "records 6 5; unpaired 6 0"},
		{name: "unknown id", tr: zh, a: &Alignment{Src: refs("b1", "b2", "b3", "b99", "b5", "b6")}, problems: "unknown 0 4; unpaired 4 0"},
		{name: "deleted block (?)", tr: zh, a: &Alignment{Src: refs("b1", "b2", "b3", "b4+?", "b5", "b6")}, problems: "unknown 0 4"},
		{name: "crossing", tr: zh, a: &Alignment{Src: refs("b1", "b3", "b2", "b4", "b5", "b6")}, problems: "order 2 3"},
		{name: "merged blocks not neighbours",
			tr: zh[:4], a: &Alignment{Src: refs("b1", "b2+b4", "b5", "b6")}, problems: "apart 4 2; unpaired 3 0"},
		{name: "merged blocks out of order",
			tr: zh[:5], a: &Alignment{Src: refs("b1", "b3+b2", "b4", "b5", "b6")}, problems: "apart 2 2"},
		{name: "same block twice in one record",
			tr: zh, a: &Alignment{Src: refs("b1", "b2+b2", "b3", "b4", "b5", "b6")}, problems: "apart 2 2"},
		{name: "reused", tr: append(slices.Clone(zh), block("x")), a: &Alignment{Src: refs("b1", "b2", "b3", "b4", "b5", "b6", "b2")}, problems: "reused 2 7"},
		{name: "split broken by a note",
			tr: blocks("# 起重机", "一甲。", "注。", "一乙。", "二。", "! crane.svg|起重机", "三。", "四。"),
			a:  &Alignment{Src: refs("b1", "b2", "note", "b2", "b3", "b4", "b5", "b6")}, problems: "reused 2 4"},
		{name: "overlapping merges",
			tr: zh[:5], a: &Alignment{Src: refs("b1", "b2+b3", "b3+b4", "b5", "b6")}, problems: "reused 3 3"},
		{name: "omitted and paired", tr: zh, a: &Alignment{Src: refs("b1", "b2", "b3", "b4", "b5", "b6"), Omitted: []string{"b2"}}, problems: "omitted-paired 2 2"},
		{name: "new source block, unpaired",
			tr: blocks("# 起重机", "一。", "! crane.svg|起重机", "三。", "四。"),
			a:  &Alignment{Src: refs("b1", "b2", "b4", "b5", "b6")}, problems: "unpaired 3 0"},
		{name: "repeated source id", ids: []string{"b1", "b2", "b2", "b4", "b5", "b6"}, tr: zh, a: Positional(srcIDs), problems: "ids 3 0"},
		{name: "fewer ids than blocks", ids: srcIDs[:5], tr: zh, a: Positional(srcIDs), problems: "ids 6 0"},
		{name: "more ids than blocks", ids: append(slices.Clone(srcIDs), "b7"), tr: zh, a: Positional(srcIDs), problems: "ids 7 0"},
	}
	for _, tt := range tests {
		ids, s := srcIDs, src
		if tt.ids != nil {
			ids = tt.ids
		}
		if tt.src != nil {
			s = tt.src
		}
		r := Pairs(ids, s, tt.tr, tt.a)
		if got := problems(r.Problems); got != tt.problems {
			t.Errorf("%s: problems %q, want %q", tt.name, got, tt.problems)
		}
		if got := rows(r.Rows); got != tt.rows {
			t.Errorf("%s: rows %q, want %q", tt.name, got, tt.rows)
		}
		if r.OK() != (tt.problems == "") {
			t.Errorf("%s: OK = %v", tt.name, r.OK())
		}
		if r.OK() {
			checkRows(t, tt.name, r.Rows, len(s), len(tt.tr))
		}
		for _, p := range r.Problems {
			if p.String() == "" || strings.Contains(p.String(), "(source") {
				t.Errorf("%s: %v has no message", tt.name, p)
			}
		}
	}
}

// checkRows checks what the web layer relies on: every block of both texts
// shows exactly once, and in order.
func checkRows(t *testing.T, name string, rs []Row, ns, nt int) {
	t.Helper()
	var s, tr []int
	for _, r := range rs {
		if len(r.Src)+len(r.Tr) == 0 {
			t.Errorf("%s: empty row", name)
		}
		s, tr = append(s, r.Src...), append(tr, r.Tr...)
	}
	for i := range ns {
		if i >= len(s) || s[i] != i {
			t.Fatalf("%s: source blocks shown %v", name, s)
		}
	}
	for i := range nt {
		if i >= len(tr) || tr[i] != i {
			t.Fatalf("%s: translation blocks shown %v", name, tr)
		}
	}
	if len(s) != ns || len(tr) != nt {
		t.Errorf("%s: %d source and %d translation blocks shown, want %d and %d", name, len(s), len(tr), ns, nt)
	}
}

// Hostile records make a short list of problems, not a long one.
func TestPairsBoundsProblems(t *testing.T) {
	a := &Alignment{}
	var tr []news.Block
	for i := range 10_000 {
		a.Src = append(a.Src, []string{"b1", "b2", "b" + strconv.Itoa(i)})
		tr = append(tr, block("x"))
	}
	r := Pairs(srcIDs, src, tr, a)
	if len(r.Problems) != MaxProblems || r.Rows != nil {
		t.Errorf("%d problems, %d rows", len(r.Problems), len(r.Rows))
	}
}

// A source edit that keeps the block count (one paragraph added, another
// deleted) is caught by records; by position it could not be.
func TestPairsAfterSourceEdit(t *testing.T) {
	zh := blocks("# 起重机", "一。", "二。", "! crane.svg|起重机", "三。", "四。")
	a := Positional(srcIDs)
	edited := blocks("# Cranes", "One.", "! crane.svg|A crane", "Three.", "Four.", "Five.")
	ids, _ := Assign(src, srcIDs, edited, 7)
	r := Pairs(ids, edited, zh, a)
	if got := problems(r.Problems); got != "unknown 0 3; unpaired 6 0" {
		t.Errorf("problems %q", got)
	}
	// An edit in place keeps the pairing, and Changed reports it.
	edited = blocks("# Cranes", "One, rewritten.", "Two.", "! crane.svg|A crane", "Three.", "Four.")
	ids, _ = Assign(src, srcIDs, edited, 7)
	if r := Pairs(ids, edited, zh, a); !r.OK() {
		t.Errorf("edit in place: %v", r.Problems)
	}
	if c, _, _ := Changed(Hashes(srcIDs, src), ids, edited); !slices.Equal(c, []string{"b2"}) {
		t.Errorf("Changed = %v", c)
	}
}
