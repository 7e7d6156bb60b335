package textdiff

import (
	"reflect"
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	got := Words("The council voted on Tuesday.", "The city council voted on Wednesday.")
	want := []Part{{Equal, "The "}, {Insert, "city "}, {Equal, "council voted on "}, {Delete, "Tuesday"}, {Insert, "Wednesday"}, {Equal, "."}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Words=%+v, want %+v", got, want)
	}
	// A word is never cut: "don't" → "won't" is one word replaced.
	got = Words("we don't go", "we won't go")
	want = []Part{{Equal, "we "}, {Delete, "don't"}, {Insert, "won't"}, {Equal, " go"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Words=%+v, want %+v", got, want)
	}
}

func TestChars(t *testing.T) {
	got := Chars("市议会周二投票", "市议会周三投票通过")
	want := []Part{{Equal, "市议会周"}, {Delete, "二"}, {Insert, "三"}, {Equal, "投票"}, {Insert, "通过"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Chars=%+v, want %+v", got, want)
	}
	if got := Chars("", ""); got != nil {
		t.Fatalf("Chars of nothing=%+v, want none", got)
	}
	if got, want := Chars("", "新"), []Part{{Insert, "新"}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Chars=%+v, want %+v", got, want)
	}
}

func TestMatches(t *testing.T) {
	a := []string{"one", "two", "three", "four"}
	b := []string{"one", "new", "three", "four", "five"}
	if got, want := Matches(a, b), []int{0, -1, 2, 3}; !slices.Equal(got, want) {
		t.Errorf("Matches=%v, want %v", got, want)
	}
	if got := Matches(nil, b); len(got) != 0 {
		t.Errorf("Matches of nothing=%v", got)
	}
}
