package gzsplice

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestCombine(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200; i++ {
		a := make([]byte, r.IntN(3000))
		b := make([]byte, r.IntN(70000))
		for j := range a {
			a[j] = byte(r.Uint32())
		}
		for j := range b {
			b[j] = byte(r.Uint32())
		}
		want := crc32.ChecksumIEEE(append(append([]byte{}, a...), b...))
		if got := combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b))); got != want {
			t.Fatalf("combine over %d+%d bytes = %08x, want %08x", len(a), len(b), got, want)
		}
	}
}

// piece is one part of a spliced page: literal bytes, a fragment, or stored bytes.
type piece struct {
	text     string
	fragment bool
	stored   bool
}

// assemble writes the pieces as a gzip member and checks that gzip reads
// back exactly their concatenation.
func assemble(t testing.TB, pieces []piece) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, flate.BestSpeed)
	var want strings.Builder
	for _, p := range pieces {
		want.WriteString(p.text)
		if p.stored {
			if err := w.WriteStored([]byte(p.text)); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if p.fragment {
			f, err := Compress([]byte(p.text), flate.BestCompression)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Splice(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := w.WriteString(p.text); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzip reader: %v", err)
	}
	if string(got) != want.String() {
		t.Fatalf("spliced member inflates to %q, want %q", got, want.String())
	}
	return buf.Bytes()
}

func TestSplice(t *testing.T) {
	head := "<!doctype html><html lang=en><head><title>Delta town</title></head><body>"
	article := strings.Repeat("<p>The seawall or the saltmarsh: the town decides. 三角洲小镇的海堤。</p>", 80)
	tail := "<aside>related</aside></main><footer>Broadsheet</footer></body></html>"
	for name, pieces := range map[string][]piece{
		"literal, fragment, literal": {{head, false, false}, {article, true, false}, {tail, false, false}},
		"fragment first and last":    {{article, true, false}, {head, false, false}, {article, true, false}},
		"fragments back to back":     {{head, true, false}, {article, true, false}},
		"literal only":               {{head + tail, false, false}},
		"nothing":                    nil,
		"empty pieces":               {{"", true, false}, {"", false, false}, {head, false, false}, {"", true, false}, {"", false, true}},
		// A repeat of the fragment's text after it: the literal run must not
		// refer back into bytes its compressor never saw.
		"repeat after fragment": {{article, true, false}, {article, false, false}, {article, true, false}, {article, false, false}},
		"stored between":        {{head, true, false}, {"/en/story/x?a=1&b=2", false, true}, {tail, false, false}, {"x", false, true}},
		"stored, long":          {{strings.Repeat("0123456789", 7000), false, true}, {tail, true, false}},
	} {
		t.Run(name, func(t *testing.T) { assemble(t, pieces) })
	}
}

func TestInflate(t *testing.T) {
	text := strings.Repeat("飞鸟集 Stray Birds ", 500)
	f, err := Compress([]byte(text), flate.DefaultCompression)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.Inflate([]byte("prefix:"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "prefix:" + text; string(got) != want {
		t.Fatalf("Inflate gave %d bytes, want %d", len(got), len(want))
	}
	if f.Size != int64(len(text)) || f.CRC != crc32.ChecksumIEEE([]byte(text)) {
		t.Fatalf("fragment size %d crc %08x, want %d %08x", f.Size, f.CRC, len(text), crc32.ChecksumIEEE([]byte(text)))
	}
}

func FuzzSplice(f *testing.F) {
	f.Add("<p>a</p>", "<article>b</article>", "<p>c</p>", uint8(5))
	f.Add("", "", "", uint8(0))
	f.Fuzz(func(t *testing.T, a, b, c string, mask uint8) {
		assemble(t, []piece{{a, mask&1 != 0, false}, {b, mask&2 != 0, mask&16 != 0}, {c, mask&4 != 0, mask&32 != 0}, {a + b, mask&8 != 0, false}})
	})
}

func BenchmarkSplicedPage(b *testing.B) {
	head := strings.Repeat("<meta name=x content=y>", 40)
	article, _ := Compress([]byte(strings.Repeat("<p>The seawall or the saltmarsh: the town decides.</p>", 300)), flate.BestCompression)
	tail := strings.Repeat("<li><a href=/en/story/x>Related story</a></li>", 40)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		w := NewWriter(&buf, flate.BestSpeed)
		w.WriteString(head)
		w.Splice(article)
		w.WriteString(tail)
		w.Close()
	}
}
