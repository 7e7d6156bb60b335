package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"broadsheet/internal/corpus"
	"broadsheet/internal/news"
)

// demoBodies returns the Markdown body of every demo translation.
func demoBodies(tb testing.TB) [][]byte {
	tb.Helper()
	files, err := filepath.Glob("../demo/edition/*.md")
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]byte
	for _, f := range files {
		if filepath.Base(f) == "FORMAT.md" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		_, body, err := splitFront(src)
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		out = append(out, body)
	}
	if len(out) < 20 {
		tb.Fatalf("demo translations=%d, want at least 20", len(out))
	}
	return out
}

// corpusStories returns n synthetic stories' translations: their blocks and
// the Markdown the newsroom writes for them (they are stored without source).
func corpusStories(tb testing.TB, n int) ([][]news.Block, [][]byte) {
	tb.Helper()
	var blocks [][]news.Block
	var mds [][]byte
	err := corpus.Generate(n, 1, func(in news.StoryInput) error {
		for _, t := range in.Translations {
			blocks = append(blocks, t.Body)
			mds = append(mds, []byte(Markdown(t.Body)))
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return blocks, mds
}

// longStory is a legitimate body just under the editor's 200 000-character
// limit: corpus paragraphs and headings, repeated.
func longStory(tb testing.TB) []byte {
	_, mds := corpusStories(tb, 50)
	var b strings.Builder
	for i := 0; b.Len()+len(mds[i%len(mds)]) < 190_000; i++ {
		b.Write(mds[i%len(mds)])
		b.WriteString("\n")
	}
	return []byte(b.String())
}

func benchBodies(b *testing.B, bodies [][]byte) {
	size := 0
	for _, src := range bodies {
		size += len(src)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range bodies {
			if _, err := Blocks(src); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkBlocks measures reading real bodies: every demo translation,
// 400 corpus translations, and one long story.
func BenchmarkBlocks(b *testing.B) {
	b.Run("demo", func(b *testing.B) { benchBodies(b, demoBodies(b)) })
	b.Run("corpus", func(b *testing.B) {
		_, mds := corpusStories(b, 200)
		benchBodies(b, mds)
	})
	b.Run("long", func(b *testing.B) { benchBodies(b, [][]byte{longStory(b)}) })
}

// BenchmarkCheckBody measures what the limits add to reading real bodies:
// the pass that measures them before goldmark.
func BenchmarkCheckBody(b *testing.B) {
	_, mds := corpusStories(b, 200)
	for name, bodies := range map[string][][]byte{"demo": demoBodies(b), "corpus": mds, "long": {longStory(b)}} {
		b.Run(name, func(b *testing.B) {
			size := 0
			for _, src := range bodies {
				size += len(src)
			}
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, src := range bodies {
					if err := checkBody(newlines(src)); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkBombs measures how long the hostile bodies of issue 10 take to
// be refused.
func BenchmarkBombs(b *testing.B) {
	for name, c := range bombs() {
		b.Run(strings.NewReplacer(" ", "_", "×", "x").Replace(name), func(b *testing.B) {
			src := []byte(c.src)
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := Blocks(src); err == nil {
					b.Fatal("no error")
				}
			}
		})
	}
}

// worstAllowed are bodies of about 200 000 characters made of the shapes
// that slow goldmark down, each just within the limits: the most any body
// that passes them can cost.
func worstAllowed() map[string]string {
	r := strings.Repeat
	paragraphs := func(p string) string {
		var b strings.Builder
		for b.Len()+len(p)+2 < MaxBodyChars {
			b.WriteString(p + "\n\n")
		}
		return b.String()
	}
	lines := func(l string) string { return r(l+"\n", (MaxBodyChars-1)/(len(l)+1)) }
	return map[string]string{
		"emphasis":       paragraphs(r("*a_", maxDelimiterRuns/2)),
		"links":          paragraphs(r("[a](", maxLinkOpeners)),
		"links_long":     r("[a](", maxLinkOpeners) + r("x", MaxBodyChars-4*maxLinkOpeners),
		"quotes":         lines(r(">", maxNesting) + " a"),
		"quotes_lists":   lines(r("> - ", maxNesting/2) + "a"),
		"lists_indented": paragraphs(listLadder(maxIndent/2) + r("  ", maxIndent/2) + r("1. ", maxNesting) + "a"),
		"blocks":         r(r("a", 38)+"\n\n", maxBodyBlocks),
		"list_items":     lines("- a"),
	}
}

func BenchmarkBlocksWorstAllowed(b *testing.B) {
	for name, s := range worstAllowed() {
		b.Run(name, func(b *testing.B) {
			src := []byte(s)
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := Blocks(src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
