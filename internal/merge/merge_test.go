package merge

import (
	"strings"
	"testing"
)

func TestParagraphs(t *testing.T) {
	base := "One.\n\nTwo.\n\nThree.\n\nFour."
	for _, c := range []struct {
		name, mine, theirs, want string
		ok                       bool
	}{
		{"each changed another paragraph", "One, fixed.\n\nTwo.\n\nThree.\n\nFour.", "One.\n\nTwo.\n\nThree.\n\nFour, rewritten.",
			"One, fixed.\n\nTwo.\n\nThree.\n\nFour, rewritten.", true},
		{"one added, the other deleted elsewhere", "One.\n\nNew after one.\n\nTwo.\n\nThree.\n\nFour.", "One.\n\nTwo.\n\nFour.",
			"One.\n\nNew after one.\n\nTwo.\n\nFour.", true},
		{"the same change on both sides", "One.\n\nTwo!\n\nThree.\n\nFour.", "One.\n\nTwo!\n\nThree.\n\nFour.",
			"One.\n\nTwo!\n\nThree.\n\nFour.", true},
		{"line endings and blank lines do not count", "One.\r\n\r\n\r\nTwo.\r\n\r\nThree.\r\n\r\nFour.\r\n", "One.\n\nTwo.\n\nThree, changed.\n\nFour.",
			"One.\n\nTwo.\n\nThree, changed.\n\nFour.", true},
		{"neighbours edited in place", "One.\n\nTwo, mine.\n\nThree.\n\nFour.", "One.\n\nTwo.\n\nThree, theirs.\n\nFour.",
			"One.\n\nTwo, mine.\n\nThree, theirs.\n\nFour.", true},
		// As in diff3: an edit beside another's new paragraph is too close
		// to tell apart; the editor is shown both.
		{"one edited a paragraph, the other added one right after it", "One.\n\nTwo, mine.\n\nThree.\n\nFour.", "One.\n\nTwo.\n\nNew.\n\nThree.\n\nFour.",
			"", false},
		{"one edited a paragraph, the other added one further on", "One.\n\nTwo, mine.\n\nThree.\n\nFour.", "One.\n\nTwo.\n\nThree.\n\nNew.\n\nFour.",
			"One.\n\nTwo, mine.\n\nThree.\n\nNew.\n\nFour.", true},
		{"both changed one paragraph differently", "One.\n\nTwo, mine.\n\nThree.\n\nFour.", "One.\n\nTwo, theirs.\n\nThree.\n\nFour.", "", false},
		{"both added at the end, differently", base + "\n\nMine.", base + "\n\nTheirs.", "", false},
		{"one side emptied it, the other edited", "", "One.\n\nTwo.\n\nThree.\n\nFour, edited.", "", false},
		{"only one side changed anything", base, "Rewritten entirely.", "Rewritten entirely.", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := Paragraphs(base, c.mine, c.theirs)
			if ok != c.ok || got != c.want {
				t.Errorf("got %q, %v; want %q, %v", got, ok, c.want, c.ok)
			}
		})
	}
}

// A text past MaxParagraphs is not merged: the caller shows a conflict.
func TestParagraphsTooLong(t *testing.T) {
	long := strings.Repeat("p\n\n", MaxParagraphs+1)
	if _, ok := Paragraphs(long, long+"mine", long); ok {
		t.Error("merged a text past the limit")
	}
}

func FuzzParagraphs(f *testing.F) {
	f.Add("a\n\nb", "a2\n\nb", "a\n\nb2")
	f.Fuzz(func(t *testing.T, base, mine, theirs string) {
		got, ok := Paragraphs(base, mine, theirs)
		if !ok {
			return
		}
		// Merging is symmetric.
		other, ok2 := Paragraphs(base, theirs, mine)
		if !ok2 || other != got {
			t.Fatalf("not symmetric: %q vs %q", got, other)
		}
		// A side that changed nothing gives the other (as merges write it).
		if only, ok := Paragraphs(base, base, mine); ok {
			if want, _ := Paragraphs(mine, mine, mine); only != want {
				t.Fatalf("only mine changed: %q, want %q", only, want)
			}
		}
	})
}

// A list item's second paragraph keeps its indentation through a merge of
// changes made elsewhere, so the list stays one list.
func TestParagraphsKeepIndentation(t *testing.T) {
	base := "Intro.\n\n- item one\n\n  continued item one\n\n- item two\n\nEnd."
	mine := strings.Replace(base, "Intro.", "Intro edited.", 1)
	theirs := strings.Replace(base, "End.", "End edited.", 1)
	got, ok := Paragraphs(base, mine, theirs)
	want := "Intro edited.\n\n- item one\n\n  continued item one\n\n- item two\n\nEnd edited."
	if !ok || got != want {
		t.Errorf("got %q, %v; want %q", got, ok, want)
	}
}
