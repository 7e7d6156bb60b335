package content

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/news"
)

// Every demo translation's body, written back as Markdown, reads as the same blocks.
func TestMarkdownDemoRoundTrip(t *testing.T) {
	files, err := filepath.Glob("../demo/edition/*.md")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if filepath.Base(f) == "FORMAT.md" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse(src)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		back, err := Blocks([]byte(Markdown(d.Body)))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !reflect.DeepEqual(back, d.Body) {
			t.Errorf("%s: blocks differ after Markdown:\n%s", f, diffBlocks(back, d.Body))
		}
		n++
	}
	if n < 20 {
		t.Fatalf("translations=%d, want at least 20", n)
	}
}

// Markup the demo does not use also survives the trip.
func TestMarkdownRoundTrip(t *testing.T) {
	for name, src := range map[string]string{
		"inline": "First *paragraph* with **strong**, `code`, [a link](https://example.org/?a=1&b=2) and <https://x.example>.\n",
		"escapes": "Stars \\*like this\\*, under\\_score, [brackets], <tag>, &amp; and &copy; \\&copy; it's \"quoted\" 5 > 3 # not a heading\n" +
			"- not a list\n2026\\. not a list either\n+ plus\n=== no\n\\~~~ no fence\n",
		"breaks":                   "Line one  \nline two\\\nline three\nline four\n",
		"code":                     "Code ``with ` tick`` and `` `edge` `` and `  spaced  ` here.\n",
		"nested":                   "***both*** and **_strong em_** and *em [link *in* it](https://x.example)* done\n",
		"bang":                     "Wow![link](https://x.example) and !\\[not\\]\n",
		"quote":                    "> A quote\n> on two lines\n>\n> and a second paragraph.\n",
		"tight list":               "- one\n- two\n  continued\n- `three`\n",
		"loose list":               "1. one\n\n2. two\n\n   more\n3. three\n",
		"nested list":              "- a\n  - b\n    - c\n- d\n",
		"text after a nested list": "- a\n  - b\n\n  c, still in a\n- d\n",
		"two lists":                "- a\n- b\n\n<!-- -->\n\n- c\n",
		"headings":                 "## Plain\n\n## With \\* escape and `code`\n\n## Issue #\n\nSetext\n------\n\n## `*starred*`\n",
		"images": "![Alt *with* words](pic.svg \"A caption\")\n\n![Alt](<a b.svg> 'He said \"hi\"')\n\n" +
			"![](plain.svg)\n\n![x](y.svg (both \" and '))\n",
		"embed": "```embed\nkind = \"video\"\nsrc = \"https://www.youtube-nocookie.com/embed/abc\"\nurl = \"https://www.youtube.com/watch?v=abc\"\ntitle = \"A \\\"quoted\\\" video\"\n```\n",
	} {
		t.Run(name, func(t *testing.T) {
			want, err := Blocks([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			md := Markdown(want)
			got, err := Blocks([]byte(md))
			if err != nil {
				t.Fatalf("%v\n%s", err, md)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("blocks differ after Markdown:\n%s\nMarkdown:\n%s", diffBlocks(got, want), md)
			}
		})
	}
}

func diffBlocks(got, want []news.Block) string {
	var b strings.Builder
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w news.Block
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if !reflect.DeepEqual(g, w) {
			b.WriteString("got:  " + blockString(g) + "\nwant: " + blockString(w) + "\n")
		}
	}
	return b.String()
}

func blockString(b news.Block) string {
	s := string(b.Kind) + " html=" + quote(b.HTML) + " text=" + quote(b.Text)
	if b.Image != nil {
		s += " image=" + quote(b.Image.Name) + " alt=" + quote(b.Image.Alt) + " caption=" + quote(b.Image.Caption)
	}
	if b.Embed != nil {
		s += " embed=" + quote(b.Embed.Title)
	}
	return s
}

func quote(s string) string { return "\"" + strings.ReplaceAll(s, "\n", `\n`) + "\"" }

func TestRenameImages(t *testing.T) {
	src := "Text mentions pic.svg](pic.svg) but is no image.\n\n" +
		"![A [nested](pic.svg) alt](pic.svg \"Caption ](pic.svg\")\n\n" +
		"![Spaced](<my pic.svg>)\n\n" +
		"![Escaped](pic\\_2.svg)\n\n" +
		"![Kept](other.svg)\n"
	got := RenameImages(src, map[string]string{
		"pic.svg":     "abcd1234-pic.svg",
		"my pic.svg":  "abcd1234-my pic.svg",
		"pic\\_2.svg": "abcd1234-pic_2.svg",
	})
	want := "Text mentions pic.svg](pic.svg) but is no image.\n\n" +
		"![A [nested](pic.svg) alt](abcd1234-pic.svg \"Caption ](pic.svg\")\n\n" +
		"![Spaced](<abcd1234-my pic.svg>)\n\n" +
		"![Escaped](abcd1234-pic_2.svg)\n\n" +
		"![Kept](other.svg)\n"
	if got != want {
		t.Fatalf("RenameImages=\n%s\nwant\n%s", got, want)
	}
}

func TestParseKeepsMarkdownAndRefusesUnknownFields(t *testing.T) {
	d, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Markdown, sample[strings.Index(sample, "+++\nFirst")+4:]; got != want {
		t.Fatalf("Markdown=%q, want %q", got, want)
	}
	if _, err := Parse([]byte("+++\nkey = \"x\"\npublised = 2026-01-01T00:00:00Z\n+++\n")); err == nil || !strings.Contains(err.Error(), "publised") {
		t.Fatalf("misspelt field: err=%v, want it named", err)
	}
}

func TestFormatRoundTrip(t *testing.T) {
	m := Meta{
		Key: "k", Lang: news.ZH, Slug: "k-zh", Headline: "标题 \"quoted\"", Summary: "Line\nbreak",
		Section: "world", Updated: time.Date(2026, 3, 1, 9, 30, 0, 0, time.FixedZone("CST", 8*3600)),
	}
	src, err := Format(m, "\nBody *text*.\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, absent := range []string{"published", "byline", "image", "caption", "credit", "alt"} {
		if strings.Contains(string(src), absent+" =") {
			t.Errorf("empty %s written:\n%s", absent, src)
		}
	}
	if !strings.Contains(string(src), "updated = 2026-03-01T01:30:00Z\n") {
		t.Errorf("updated not in UTC:\n%s", src)
	}
	d, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Markdown, "\nBody *text*.\n"; got != want {
		t.Fatalf("Markdown=%q, want %q", got, want)
	}
	if !d.Meta.Updated.Equal(m.Updated) || !d.Meta.Published.IsZero() {
		t.Fatalf("times=%v %v, want %v and zero", d.Meta.Updated, d.Meta.Published, m.Updated)
	}
	d.Meta.Updated = m.Updated
	if got, want := d.Meta, m; got != want {
		t.Fatalf("meta=%+v, want %+v", got, want)
	}
}

// A picture's alt text and caption come back exactly as the editor typed
// them, whatever Markdown would otherwise read as markup.
func TestImageMarkdownKeepsAltAndCaption(t *testing.T) {
	for _, c := range []struct{ alt, caption string }{
		{"Boats at dawn", ""},
		{"Boats at dawn", "The harbour, 6 a.m."},
		{"*Not* emphasis, [not] a link, `not` code, <b>not</b> HTML & 1 < 2", `He said "yes" \ and 'no' (twice)`},
		{"渔船清晨出港", "清晨六时，渔船陆续出港。"},
		{"![nested](x.png)", "&amp; stays as typed"},
		{"trailing backslash \\", "ends with \\"},
	} {
		line := ImageMarkdown(c.alt, "boats-3f2a9c.jpg", c.caption)
		got, err := Blocks([]byte("A paragraph first.\n\n" + line + "\n"))
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if len(got) != 2 || got[1].Image == nil {
			t.Fatalf("%q read as %+v, want a paragraph and a picture", line, got)
		}
		if im := got[1].Image; im.Name != "boats-3f2a9c.jpg" || im.Alt != c.alt || im.Caption != c.caption {
			t.Errorf("%q read as name %q alt %q caption %q, want alt %q caption %q", line, im.Name, im.Alt, im.Caption, c.alt, c.caption)
		}
	}
}

// Escapes and character references in a body's picture are what a reader
// would see resolved, not backslashes and ampersands.
func TestImageAltResolvesEscapes(t *testing.T) {
	got, err := Blocks([]byte(`![Fish \& chips &amp; peas](a.png "A \"good\" day")`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := got[0].Image.Alt, "Fish & chips & peas"; got != want {
		t.Errorf("alt=%q, want %q", got, want)
	}
	if got, want := got[0].Image.Caption, `A "good" day`; got != want {
		t.Errorf("caption=%q, want %q", got, want)
	}
}
