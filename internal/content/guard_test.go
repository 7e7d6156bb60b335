package content

import (
	"errors"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/news"
)

// bombs are bodies that took goldmark or the TOML decoder seconds and
// gigabytes (issue 10): each must come back as an error of its kind, at
// once. The test's timeout is the guard; the time is measured by
// BenchmarkBombs.
func bombs() map[string]struct {
	src  string
	want error
} {
	r := strings.Repeat
	return map[string]struct {
		src  string
		want error
	}{
		"emphasis *a_ × 32 000":   {r("*a_", 32_000), ErrTooComplex},
		"quotes > × 100 000":      {r(">", 100_000), ErrTooComplex},
		"quotes > and space":      {r("> ", 60_000) + "a", ErrTooComplex},
		"links [a]( × 50 000":     {r("[a](", 50_000), ErrTooComplex},
		"images ![a]( × 40 000":   {r("![a](", 40_000), ErrTooComplex},
		"lists 1. × 60 000":       {r("1. ", 60_000) + "a", ErrTooComplex},
		"quotes in lists":         {r("> - ", 40_000) + "a", ErrTooComplex},
		"lists by indentation":    {listLadder(400), ErrTooComplex},
		"embed TOML bomb (64 KB)": {"```embed\nx = " + r("{a=", 16_000) + "1" + r("}", 16_000) + "\n```\n", ErrEmbedSize},
		"embed dotted keys":       {"```embed\n" + r("a.", 4_000) + "a = 1\n```\n", ErrEmbedSize},
		"tiny paragraphs":         {r("a\n\n", 60_000), ErrTooComplex},
		"over the limit":          {r("a", MaxBodyChars+1), ErrTooLong},
		"over the limit in 汉字":    {r("汉", MaxBodyChars+1), ErrTooLong},
	}
}

// listLadder nests n list items by indentation, one level a line.
func listLadder(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat("  ", i) + "- a\n")
	}
	return b.String()
}

func TestBlocksRefusesBombs(t *testing.T) {
	for name, c := range bombs() {
		t.Run(name, func(t *testing.T) {
			_, err := Blocks([]byte(c.src))
			if !errors.Is(err, c.want) {
				t.Fatalf("err=%v, want %v", err, c.want)
			}
		})
	}
}

// Front matter that would make the TOML decoder quadratic is refused before it decodes.
func TestParseRefusesFrontMatterBombs(t *testing.T) {
	r := strings.Repeat
	for name, front := range map[string]string{
		"inline tables":                  "x = " + r("{a=", 4_000) + "1" + r("}", 4_000) + "\n",
		"dotted keys":                    r("a.", 7_000) + "a = 1\n",
		"arrays":                         "x = " + r("[", 7_000) + r("]", 7_000) + "\n",
		"tables":                         "[a.b.c]\nx = 1\n",
		"quoted key":                     "\"a.b\" = 1\n",
		"over 16 KB":                     "summary = \"" + r("a", maxFrontBytes) + "\"\n",
		"bomb after a multi-line string": "summary = \"\"\"a\nb\"\"\"\"\nx = {a={a=1}}\n",
	} {
		_, err := Parse([]byte("+++\n" + front + "+++\nBody.\n"))
		if err == nil || !strings.HasPrefix(err.Error(), "front matter: ") {
			t.Errorf("%s: err=%v, want a front matter error", name, err)
		}
	}
	// What the format uses still reads: comments, escapes, multi-line strings.
	d, err := Parse([]byte("+++\n# a comment\nkey = \"k\" # the key\nheadline = 'It is [not] {a} table'\n" +
		"summary = \"\"\"\nTwo\nlines = {x}\"\"\"\ncaption = \"a \\\" [quote]\"\npublished = 2026-11-20T08:00:00.5Z\nheld = true\n+++\nBody.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Meta.Summary, "Two\nlines = {x}"; got != want {
		t.Fatalf("summary=%q, want %q", got, want)
	}
	if got, want := d.Meta.Caption, `a " [quote]`; got != want {
		t.Fatalf("caption=%q, want %q", got, want)
	}
}

// Every real story passes the limits with room to spare: the demo edition,
// and the corpus's stories written as Markdown (as the newsroom does).
func TestLimitsKeepRealStories(t *testing.T) {
	_, mds := corpusStories(t, 300)
	bodies := append(demoBodies(t), mds...)
	var most shape
	for i, src := range bodies {
		got, err := Blocks(src)
		if err != nil {
			t.Fatalf("translation %d: %v", i, err)
		}
		if n := len(got); n > maxBodyBlocks/10 {
			t.Errorf("translation %d: %d blocks, a tenth of the limit is %d", i, n, maxBodyBlocks/10)
		}
		m := measure(src)
		most.indent, most.depth = max(most.indent, m.indent), max(most.depth, m.depth)
		most.runs, most.openers = max(most.runs, m.runs), max(most.openers, m.openers)
	}
	if most.indent > maxIndent/4 || most.depth > maxNesting/4 || most.runs > maxDelimiterRuns/4 || most.openers > maxLinkOpeners/4 {
		t.Errorf("real stories come within 4× of a limit: %+v", most)
	}
	t.Logf("the most in %d real translations: indent %d, nesting %d, * and _ runs %d, links %d",
		len(bodies), most.indent, most.depth, most.runs, most.openers)
	long := longStory(t)
	if _, err := Blocks(long); err != nil {
		t.Fatalf("a %d-byte story: %v", len(long), err)
	}
}

// Text that looks like markup at first sight is not mistaken for it.
func TestLimitsCountOnlyMarkup(t *testing.T) {
	r := strings.Repeat
	for name, src := range map[string]string{
		"escaped stars":       r(`\*a\_ `, 2_000),
		"paragraphs":          r(r("*a* ", 100)+"\n\n", 50),
		"a long break":        r("- ", 1_000) + "\n",
		"bullets in a list":   r("* item *one*\n", 100),
		"links in paragraphs": r(r("[a](https://x.example) ", 100)+"\n\n", 20),
	} {
		if err := checkBody([]byte(src)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, src := range map[string]string{
		"escapes hide no runs":  r(`\**a\__`, 600),
		"nested by indentation": listLadder(maxNesting + 2),
	} {
		if err := checkBody([]byte(src)); !errors.Is(err, ErrTooComplex) {
			t.Errorf("%s: err=%v, want ErrTooComplex", name, err)
		}
	}
}

// A long body is read on a goroutine of its own under a deadline: a read
// that takes too long, a panic, or every slot busy comes back as an error,
// and the slot is given back when the read ends.
func TestBlocksDeadline(t *testing.T) {
	oldTimeout, oldParse := parseTimeout, parse
	defer func() { parseTimeout, parse = oldTimeout, oldParse }()
	parseTimeout = 20 * time.Millisecond
	short, long := []byte("Text."), []byte(strings.Repeat("Text. ", inlineBytes/5))

	release, finished := make(chan struct{}), make(chan struct{})
	parse = func([]byte) ([]news.Block, error) {
		<-release
		defer close(finished)
		return nil, nil
	}
	if _, err := Blocks(long); !errors.Is(err, ErrTooComplex) {
		t.Fatalf("slow read: err=%v, want ErrTooComplex", err)
	}
	if got, want := len(parseSlots), 1; got != want {
		t.Fatalf("slots held during the abandoned read=%d, want %d", got, want)
	}
	close(release)
	<-finished

	parse = func([]byte) ([]news.Block, error) { panic("boom") }
	for _, src := range [][]byte{short, long} {
		if _, err := Blocks(src); !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "boom") {
			t.Fatalf("panic reading %d bytes: err=%v, want it reported", len(src), err)
		}
	}

	parse = oldParse
	for i := 0; i < cap(parseSlots); i++ {
		parseSlots <- struct{}{}
	}
	_, err := Blocks(short)
	for i := 0; i < cap(parseSlots); i++ {
		<-parseSlots
	}
	if !errors.Is(err, ErrTooComplex) {
		t.Fatalf("all slots busy: err=%v, want ErrTooComplex", err)
	}
	// A real read of the long body, with time to spare however busy the
	// machine: under -race on a loaded CI runner it can take far over 20 ms.
	parseTimeout = time.Minute
	for _, src := range [][]byte{short, long} {
		if _, err := Blocks(src); err != nil {
			t.Fatalf("slots free again, %d bytes: %v", len(src), err)
		}
	}
	if got := len(parseSlots); got != 0 {
		t.Fatalf("slots held after the reads=%d, want 0", got)
	}
}
