package align

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"broadsheet/internal/news"
)

// Assign returns the ids of cur, a freshly parsed body, given prev, the body
// it replaces, with prevIDs its ids (see the package comment for how blocks
// are matched). next is the story's id counter: the number of the next fresh
// id; Assign returns the counter to store back. A first version passes nil
// for prev and prevIDs, and 1 (or 0) for next.
//
// Keep one counter per story, shared by its translations, and ids are unique
// within the story. The counter is the authority, but it is raised past every
// "bN" in prevIDs, so a stale counter cannot hand out an id still in use in
// this text. A block of prev without an id ("") or beyond the end of prevIDs
// lends nothing; an id repeated in prevIDs (a caller's bug) is given once.
func Assign(prev []news.Block, prevIDs []string, cur []news.Block, next int) (ids []string, nextOut int) {
	n := min(len(prev), len(prevIDs))
	next = max(next, 1)
	for _, id := range prevIDs {
		if k, ok := idNumber(id); ok && k < math.MaxInt && k >= next {
			next = k + 1
		}
	}

	// 1. Unchanged blocks, matched in order: the k-th copy of a repeated
	// block takes the k-th old copy that is left.
	byHash := make(map[string][]int, n)
	taken := make([]bool, n) // a block without an id is taken from the start
	for i := range n {
		if taken[i] = prevIDs[i] == ""; !taken[i] {
			h := Hash(prev[i])
			byHash[h] = append(byHash[h], i)
		}
	}
	match := make([]int, len(cur)) // index in prev, or -1
	for j := range cur {
		match[j] = -1
		h := Hash(cur[j])
		if q := byHash[h]; len(q) > 0 {
			match[j], byHash[h] = q[0], q[1:]
			taken[q[0]] = true
		}
	}

	// 2 and 3. The matches that keep their order anchor the versions; the
	// changed blocks between two anchors pair up in order.
	pi, pj := -1, -1
	for _, j := range append(anchors(match), len(cur)) {
		i := n
		if j < len(cur) {
			i = match[j]
		}
		pairGap(prev, cur, taken, match, pi+1, i, pj+1, j)
		pi, pj = i, j
	}

	// 4. Ids: matched blocks keep theirs, the rest get fresh ones.
	ids = make([]string, len(cur))
	given := make(map[string]bool, len(cur))
	for j, i := range match {
		if i >= 0 && !given[prevIDs[i]] {
			ids[j] = prevIDs[i]
			given[ids[j]] = true
		}
	}
	for j := range ids {
		if ids[j] == "" {
			ids[j] = "b" + strconv.Itoa(next)
			next++
		}
	}
	return ids, next
}

// idNumber reads the N of an id "bN".
func idNumber(id string) (int, bool) {
	d, ok := strings.CutPrefix(id, "b")
	if !ok || d == "" || d[0] < '0' || d[0] > '9' {
		return 0, false
	}
	k, err := strconv.Atoi(d)
	return k, err == nil
}

// anchors returns the indices j, in order, of the longest run of matched
// blocks whose old places match[j] also increase: the longest common
// subsequence of the two versions' hashes, found in O(k log k) as patience
// diff does (the old places are distinct, so this is a longest increasing
// subsequence).
func anchors(match []int) []int {
	var tails []int // tails[l]: the j ending the best run of length l+1 found so far
	back := make([]int, len(match))
	for j, i := range match {
		if i < 0 {
			continue
		}
		l := sort.Search(len(tails), func(k int) bool { return match[tails[k]] >= i })
		back[j] = -1
		if l > 0 {
			back[j] = tails[l-1]
		}
		if l == len(tails) {
			tails = append(tails, j)
		} else {
			tails[l] = j
		}
	}
	if len(tails) == 0 {
		return nil
	}
	run := make([]int, len(tails))
	for k, j := len(run)-1, tails[len(tails)-1]; k >= 0; k, j = k-1, back[j] {
		run[k] = j
	}
	return run
}

// pairGap pairs the unmatched blocks of prev[i0:i1] with those of cur[j0:j1]
// in order: each changed new block takes the next old block of its kind, so
// an edit keeps its id while a picture deleted beside a new paragraph does
// not lend the paragraph its id. An old block skipped over is not looked at
// again, and a kind found missing stays missing, so the work is linear (times
// the number of kinds).
func pairGap(prev, cur []news.Block, taken []bool, match []int, i0, i1, j0, j1 int) {
	next := i0
	none := map[news.BlockKind]bool{}
	for j := j0; j < j1; j++ {
		k := cur[j].Kind
		if match[j] >= 0 || none[k] {
			continue
		}
		i := next
		for i < i1 && (taken[i] || prev[i].Kind != k) {
			i++
		}
		if i == i1 {
			none[k] = true
			continue
		}
		match[j], taken[i], next = i, true, i+1
	}
}
