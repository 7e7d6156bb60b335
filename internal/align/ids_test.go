package align

import (
	"slices"
	"strconv"
	"testing"
)

func TestAssign(t *testing.T) {
	prev := []string{"# Cranes", "One.", "Two.", "! crane.svg|A crane", "Three.", "Four."}
	prevIDs := []string{"b1", "b2", "b3", "b4", "b5", "b6"}
	tests := []struct {
		name     string
		cur      []string
		want     []string
		wantNext int
	}{
		{"unchanged", prev, prevIDs, 7},
		{"whitespace and punctuation only", []string{"#  Cranes!", "One", "Two .", "! crane.svg|A crane.", "Three", " Four."}, prevIDs, 7},
		{"insert at top", []string{"Lead.", "# Cranes", "One.", "Two.", "! crane.svg|A crane", "Three.", "Four."},
			[]string{"b7", "b1", "b2", "b3", "b4", "b5", "b6"}, 8},
		{"insert in the middle", []string{"# Cranes", "One.", "New.", "Two.", "! crane.svg|A crane", "Three.", "Four."},
			[]string{"b1", "b2", "b7", "b3", "b4", "b5", "b6"}, 8},
		{"delete the middle", []string{"# Cranes", "One.", "Three.", "Four."}, []string{"b1", "b2", "b5", "b6"}, 7},
		{"edit in place", []string{"# Cranes", "One.", "Two, rewritten.", "! crane.svg|A crane", "Three.", "Four."}, prevIDs, 7},
		{"edit in place at both ends", []string{"# Cranes at dawn", "One.", "Two.", "! crane.svg|A crane", "Three.", "Four, rewritten."}, prevIDs, 7},
		// Two paragraphs rewritten in place and the last one deleted.
		{"edit several in place", []string{"# Cranes", "One, rewritten.", "Two, rewritten.", "! crane.svg|A crane", "Three."},
			[]string{"b1", "b2", "b3", "b4", "b5"}, 7},
		{"move", []string{"# Cranes", "Three.", "One.", "Two.", "! crane.svg|A crane", "Four."},
			[]string{"b1", "b5", "b2", "b3", "b4", "b6"}, 7},
		{"move and edit", []string{"Four.", "# Cranes", "One, rewritten.", "Two.", "! crane.svg|A crane", "Three."},
			[]string{"b6", "b1", "b2", "b3", "b4", "b5"}, 7},
		{"swap", []string{"# Cranes", "Two.", "One.", "! crane.svg|A crane", "Three.", "Four."},
			[]string{"b1", "b3", "b2", "b4", "b5", "b6"}, 7},
		{"a picture replaced by a paragraph gets a new id", []string{"# Cranes", "One.", "Two.", "No picture.", "Three.", "Four."},
			[]string{"b1", "b2", "b3", "b7", "b5", "b6"}, 8},
		{"an edited paragraph beside a deleted picture keeps its id", []string{"# Cranes", "One.", "Two.", "Three, rewritten.", "Four."},
			[]string{"b1", "b2", "b3", "b5", "b6"}, 7},
		{"a changed caption keeps its id", []string{"# Cranes", "One.", "Two.", "! crane.svg|Two cranes", "Three.", "Four."}, prevIDs, 7},
		// Nothing is left to anchor to: paragraphs pair with paragraphs in order.
		{"replace all", []string{"Alpha.", "Beta."}, []string{"b2", "b3"}, 7},
		{"empty", nil, []string{}, 7},
		{"more blocks than before", []string{"# Cranes", "One.", "Two.", "! crane.svg|A crane", "Three.", "Four.", "Five.", "Six."},
			[]string{"b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8"}, 9},
	}
	for _, tt := range tests {
		ids, next := Assign(blocks(prev...), prevIDs, blocks(tt.cur...), 7)
		if !slices.Equal(ids, tt.want) || next != tt.wantNext {
			t.Errorf("%s: Assign = %v, %d; want %v, %d", tt.name, ids, next, tt.want, tt.wantNext)
		}
	}
}

// Deleted ids are never given again, however many saves later.
func TestAssignNeverReuses(t *testing.T) {
	body := blocks("One.", "Two.", "Three.")
	ids, next := Assign(nil, nil, body, 0)
	if !slices.Equal(ids, []string{"b1", "b2", "b3"}) || next != 4 {
		t.Fatalf("first version: %v, %d", ids, next)
	}
	// Delete the last block, then add a new one.
	body2 := blocks("One.", "Two.")
	ids2, next := Assign(body, ids, body2, next)
	if !slices.Equal(ids2, []string{"b1", "b2"}) || next != 4 {
		t.Fatalf("after delete: %v, %d", ids2, next)
	}
	body3 := blocks("One.", "Two.", "Something else.")
	ids3, next := Assign(body2, ids2, body3, next)
	if !slices.Equal(ids3, []string{"b1", "b2", "b4"}) || next != 5 {
		t.Fatalf("after add: %v, %d", ids3, next)
	}
	seen := map[string]bool{}
	prev, prevIDs := body3, ids3
	for k := range 50 {
		cur := append(slices.Clone(prev[1:]), block("New "+strconv.Itoa(k)+"."))
		var got []string
		got, next = Assign(prev, prevIDs, cur, next)
		for j, id := range got {
			if j == len(got)-1 && seen[id] {
				t.Fatalf("save %d: %s given again", k, id)
			}
			seen[id] = true
		}
		prev, prevIDs = cur, got
	}
}

func TestAssignOddInput(t *testing.T) {
	prev := blocks("One.", "Two.", "Three.", "Four.")
	tests := []struct {
		name     string
		prevIDs  []string
		next     int
		want     []string
		wantNext int
	}{
		// A lost counter is raised past every id in use.
		{"stale counter", []string{"b1", "b9", "b3", "b4"}, 2, []string{"b1", "b9", "b3", "b4", "b10"}, 11},
		{"ids that are not bN", []string{"x", "b2", "lead", "b4"}, 1, []string{"x", "b2", "lead", "b4", "b5"}, 6},
		// Blocks without ids, or with a repeated id, lend nothing.
		{"fewer ids than blocks", []string{"b1", "b2"}, 3, []string{"b1", "b2", "b3", "b4", "b5"}, 6},
		{"empty id", []string{"b1", "", "b3", "b4"}, 5, []string{"b1", "b5", "b3", "b4", "b6"}, 7},
		{"repeated id", []string{"b1", "b1", "b3", "b4"}, 5, []string{"b1", "b5", "b3", "b4", "b6"}, 7},
		{"huge number", []string{"b1", "b99999999999999999999", "b3", "b4"}, 5, []string{"b1", "b99999999999999999999", "b3", "b4", "b5"}, 6},
	}
	cur := blocks("One.", "Two.", "Three.", "Four.", "Five.")
	for _, tt := range tests {
		ids, next := Assign(prev, tt.prevIDs, cur, tt.next)
		if !slices.Equal(ids, tt.want) || next != tt.wantNext {
			t.Errorf("%s: Assign = %v, %d; want %v, %d", tt.name, ids, next, tt.want, tt.wantNext)
		}
	}
}

// Repeated blocks keep their order: the k-th copy keeps the k-th copy's id.
func TestAssignRepeats(t *testing.T) {
	prev := blocks("! rule.svg|", "One.", "! rule.svg|", "Two.")
	ids, _ := Assign(prev, []string{"b1", "b2", "b3", "b4"}, blocks("One.", "! rule.svg|", "Two.", "! rule.svg|"), 5)
	// The first rule was deleted, a new one added at the end: the remaining
	// copies keep the old ids in order.
	if !slices.Equal(ids, []string{"b2", "b1", "b4", "b3"}) {
		t.Errorf("Assign = %v", ids)
	}
}

// Assign's work grows as n log n: a 5 000-block body rewritten from end to
// end, every block moved, takes no time to speak of.
func TestAssignLarge(t *testing.T) {
	const n = 5000
	var prev, cur []string
	var prevIDs []string
	for i := range n {
		prev = append(prev, "Paragraph "+strconv.Itoa(i)+".")
		prevIDs = append(prevIDs, "b"+strconv.Itoa(i+1))
	}
	for i := range n {
		if i%2 == 0 {
			cur = append(cur, prev[n-1-i])
		} else {
			cur = append(cur, "New "+strconv.Itoa(i))
		}
	}
	ids, next := Assign(blocks(prev...), prevIDs, blocks(cur...), n+1)
	if len(ids) != n || next <= n {
		t.Fatalf("Assign = %d ids, next %d", len(ids), next)
	}
	if ids[0] != "b"+strconv.Itoa(n) {
		t.Errorf("moved block got %s", ids[0])
	}
}
