package align

import (
	"fmt"
	"slices"

	"broadsheet/internal/news"
)

// Row is what parallel reading shows together: source and translation blocks
// side by side, or one after the other in pairs. Indices are 0-based, into
// the slices given to Pairs, ascending.
type Row struct {
	Src []int // empty for a translator's note
	Tr  []int // empty for a source block the translation leaves out
	// Across marks one image or embed paired with one of the same kind: the
	// same picture or video in both, shown once across both columns (each
	// side keeps its own caption).
	Across bool
}

// Result is the outcome of Pairs: rows to show, or the problems that make
// the pairing untrustworthy and no rows, in which case the page shows the two
// texts one after the other.
type Result struct {
	Rows     []Row
	Problems []Problem // at most MaxProblems
}

// OK reports whether the rows can be shown.
func (r Result) OK() bool { return len(r.Problems) == 0 }

// MaxProblems bounds Result.Problems: enough to fix a pairing by, while
// hostile records cannot make a long list.
const MaxProblems = 100

// Problem is one reason a pairing cannot be trusted. Block numbers are
// 1-based, as a translator counts; 0 means "none". The web layer makes a
// message of Kind and the numbers in the reader's language.
type Problem struct {
	Kind ProblemKind
	Src  int // source block number, or a count (see the kinds)
	Tr   int // translation block number, or a count (see the kinds)
}

// ProblemKind names what is wrong; the values are stable message keys.
type ProblemKind string

const (
	// ProblemCount: there are no records and the two texts have different
	// numbers of blocks. Src and Tr are the two counts.
	ProblemCount ProblemKind = "count"
	// ProblemKindDiffers: there are no records and source block Src is not
	// the same kind (paragraph, heading, picture…) as translation block Tr,
	// in its place: a sign that the texts do not follow each other.
	ProblemKindDiffers ProblemKind = "kind"
	// ProblemRecords: the records describe Src translation blocks but the
	// translation has Tr: it was edited without its pairing.
	ProblemRecords ProblemKind = "records"
	// ProblemIDs: the source's ids do not fit its blocks (a caller's bug):
	// source block Src has no id, or the same id as an earlier block. Src is
	// one past the last block when there are more ids than blocks.
	ProblemIDs ProblemKind = "ids"
	// ProblemUnknown: translation block Tr renders a source block that is no
	// longer there.
	ProblemUnknown ProblemKind = "unknown"
	// ProblemApart: translation block Tr renders several source blocks that
	// are not neighbours in order; Src is the first one out of place.
	ProblemApart ProblemKind = "apart"
	// ProblemReused: translation block Tr renders source block Src, which an
	// earlier translation block already renders and not just before it.
	ProblemReused ProblemKind = "reused"
	// ProblemOrder: translation block Tr renders source block Src, which
	// comes before a block an earlier translation block renders: the pairs
	// would cross.
	ProblemOrder ProblemKind = "order"
	// ProblemOmittedPaired: source block Src is marked as left out, yet
	// translation block Tr renders it.
	ProblemOmittedPaired ProblemKind = "omitted-paired"
	// ProblemUnpaired: source block Src is neither rendered nor marked as
	// left out: new in the source since the translation was paired.
	ProblemUnpaired ProblemKind = "unpaired"
)

// messages say each kind of problem in English: %[1]d is Src, %[2]d is Tr.
var messages = map[ProblemKind]string{
	ProblemCount:         "the source has %[1]d blocks and the translation %[2]d, with no pairing recorded",
	ProblemKindDiffers:   "source block %[1]d and translation block %[2]d are different kinds",
	ProblemRecords:       "the pairing describes %[1]d translation blocks but the translation has %[2]d",
	ProblemIDs:           "source block %[1]d has no id of its own",
	ProblemUnknown:       "translation block %[2]d renders a source block that no longer exists",
	ProblemApart:         "translation block %[2]d joins source blocks that are not neighbours (at source block %[1]d)",
	ProblemReused:        "translation block %[2]d renders source block %[1]d, which an earlier block already renders",
	ProblemOrder:         "translation block %[2]d renders source block %[1]d out of order",
	ProblemOmittedPaired: "source block %[1]d is marked as left out, yet translation block %[2]d renders it",
	ProblemUnpaired:      "source block %[1]d is neither translated nor marked as left out",
}

// String says the problem in English, for logs and tests.
func (p Problem) String() string {
	if m, ok := messages[p.Kind]; ok {
		return fmt.Sprintf(m, p.Src, p.Tr)
	}
	return fmt.Sprintf("%s (source %d, translation %d)", p.Kind, p.Src, p.Tr)
}

func (r *Result) add(k ProblemKind, src, tr int) {
	if len(r.Problems) < MaxProblems {
		r.Problems = append(r.Problems, Problem{k, src, tr})
	}
}

// Pairs pairs the blocks of translation tr with those of its source src,
// whose ids are srcIDs. With no records (a nil or empty), blocks pair by
// position, which needs the same number of blocks of the same kinds.
// Otherwise the records are followed; they must render every source block
// not left out, each once (a split renders it from consecutive translation
// blocks), in source order. Rows come in reading order; a left-out source
// block has its row in source order, after any note that follows the block
// before it.
func Pairs(srcIDs []string, src, tr []news.Block, a *Alignment) Result {
	if empty(a) {
		return byPosition(src, tr)
	}
	return byRecords(srcIDs, src, tr, a)
}

func byPosition(src, tr []news.Block) Result {
	var r Result
	if len(src) != len(tr) {
		r.add(ProblemCount, len(src), len(tr))
		return r
	}
	for i := range src {
		if src[i].Kind != tr[i].Kind {
			r.add(ProblemKindDiffers, i+1, i+1)
		}
	}
	if !r.OK() {
		return r
	}
	r.Rows = make([]Row, len(src))
	for i := range src {
		r.Rows[i] = row([]int{i}, []int{i}, src, tr)
	}
	return r
}

func byRecords(srcIDs []string, src, tr []news.Block, a *Alignment) Result {
	var r Result
	at := make(map[string]int, len(srcIDs))
	for i, id := range srcIDs {
		if _, dup := at[id]; dup || i >= len(src) {
			r.add(ProblemIDs, i+1, 0)
			return r
		}
		at[id] = i
	}
	if len(srcIDs) < len(src) {
		r.add(ProblemIDs, len(srcIDs)+1, 0)
		return r
	}
	if len(a.Src) != len(tr) {
		r.add(ProblemRecords, len(a.Src), len(tr)) // and go on, to list the rest
	}
	omitted := make([]bool, len(src))
	for _, id := range a.Omitted {
		if i, ok := at[id]; ok {
			omitted[i] = true
		}
	}

	var rows []Row
	used := make([]bool, len(src)) // rendered by some translation block
	last := -1                     // the last source block rendered so far
	var prev []string              // the records of the previous translation block
	joined := false                // whether that block made the last row
	for t, refs := range a.Src[:min(len(a.Src), len(tr))] {
		if len(refs) == 0 {
			rows, prev = append(rows, Row{Tr: []int{t}}), nil
			continue
		}
		if prev != nil && slices.Equal(refs, prev) { // a split: the same row
			if joined {
				rows[len(rows)-1].Tr = append(rows[len(rows)-1].Tr, t)
			}
			continue
		}
		prev, joined = refs, false
		s := make([]int, 0, len(refs))
		for _, id := range refs {
			if i, ok := at[id]; ok {
				s = append(s, i)
			}
		}
		bad, n := check(s, len(refs), used, omitted, last)
		// Mark what the block names as rendered even when it is wrong, so
		// that one mistake is not reported again as "unpaired".
		for _, i := range s {
			used[i] = true
			last = max(last, i)
		}
		if bad != "" {
			r.add(bad, n, t+1)
			continue
		}
		rows, joined = append(rows, Row{Src: s, Tr: []int{t}}), true
	}
	for i := range src {
		if !used[i] && !omitted[i] {
			r.add(ProblemUnpaired, i+1, 0)
		}
	}
	if !r.OK() {
		return r
	}

	// Left-out blocks go in source order, before the first row that renders
	// a later block.
	r.Rows = make([]Row, 0, len(rows)+len(a.Omitted))
	i := 0
	for _, w := range append(rows, Row{Src: []int{len(src)}}) {
		for ; len(w.Src) > 0 && i < w.Src[0]; i++ {
			if omitted[i] {
				r.Rows = append(r.Rows, Row{Src: []int{i}})
			}
		}
		if len(w.Src) == 0 || w.Src[0] < len(src) {
			r.Rows = append(r.Rows, row(w.Src, w.Tr, src, tr))
		}
	}
	return r
}

// check says what is wrong, if anything, with a translation block that
// renders source blocks s (of n named), given those rendered before it, the
// last of them being last; and at which source block number.
func check(s []int, n int, used, omitted []bool, last int) (ProblemKind, int) {
	if len(s) < n {
		return ProblemUnknown, 0
	}
	for k, i := range s {
		switch {
		case k > 0 && i != s[k-1]+1:
			return ProblemApart, i + 1
		case used[i]:
			return ProblemReused, i + 1
		case omitted[i]:
			return ProblemOmittedPaired, i + 1
		}
	}
	if s[0] <= last {
		return ProblemOrder, s[0] + 1
	}
	return "", 0
}

// row makes a row, shown across when it pairs one shared picture or video.
func row(s, t []int, src, tr []news.Block) Row {
	w := Row{Src: s, Tr: t}
	if len(s) == 1 && len(t) == 1 {
		k := src[s[0]].Kind
		w.Across = (k == news.BlockImage || k == news.BlockEmbed) && tr[t[0]].Kind == k
	}
	return w
}
