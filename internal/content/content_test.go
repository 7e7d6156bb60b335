package content

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"broadsheet/internal/news"
	"broadsheet/internal/photo"
)

const sample = `+++
key = "sample"
lang = "en"
slug = "a-sample"
headline = "A sample"
summary = "Short."
section = "world"
byline = "By A. Writer"
published = 2026-11-20T08:00:00Z
image = "sample.svg"
caption = "A caption"
credit = "Broadsheet Studio"
alt = "An alt text"
+++
First *paragraph* with a [link](https://example.org) and <script>alert(1)</script> raw HTML.

## A sub-heading

> A quote that matters.

![Alt words](sample-2.svg "Inline caption")

` + "```embed" + `
kind = "video"
src = "https://www.youtube-nocookie.com/embed/abc"
url = "https://www.youtube.com/watch?v=abc"
title = "A video"
` + "```" + `

- one
- two
`

func TestParse(t *testing.T) {
	d, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Meta.Slug, "a-sample"; got != want {
		t.Fatalf("slug=%q, want %q", got, want)
	}
	if got, want := d.Meta.Lang, news.EN; got != want {
		t.Fatalf("lang=%q, want %q", got, want)
	}
	kinds := []news.BlockKind{}
	for _, b := range d.Body {
		kinds = append(kinds, b.Kind)
	}
	want := []news.BlockKind{news.BlockParagraph, news.BlockHeading, news.BlockQuote, news.BlockImage, news.BlockEmbed, news.BlockList}
	if got := kinds; len(got) != len(want) {
		t.Fatalf("blocks=%v, want %v", got, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("blocks=%v, want %v", kinds, want)
		}
	}
	p := d.Body[0].HTML
	if strings.Contains(p, "<script") || strings.Contains(p, "alert(1)</script>") {
		t.Fatalf("raw script survived: %q", p)
	}
	if !strings.Contains(p, "<em>paragraph</em>") || !strings.Contains(p, `href="https://example.org"`) {
		t.Fatalf("inline markup lost: %q", p)
	}
	if got, want := d.Body[3].Image.Caption, "Inline caption"; got != want {
		t.Fatalf("inline caption=%q, want %q", got, want)
	}
	if got, want := d.Body[3].Image.Name, "sample-2.svg"; got != want {
		t.Fatalf("inline image=%q, want %q", got, want)
	}
	if got, want := d.Body[4].Embed.Host(), "youtube.com"; got != want {
		t.Fatalf("embed host=%q, want %q", got, want)
	}
}

func TestParseRejects(t *testing.T) {
	for name, src := range map[string]string{
		"no front matter":  "just text",
		"unclosed":         "+++\nkey = \"x\"\n",
		"bad toml":         "+++\nkey = \n+++\nbody",
		"code block":       "+++\nkey = \"x\"\n+++\n```go\nfmt.Println()\n```\n",
		"embed bad host":   "+++\n+++\n```embed\nkind = \"video\"\nsrc = \"https://evil.example/x\"\nurl = \"https://evil.example\"\ntitle = \"t\"\n```\n",
		"embed javascript": "+++\n+++\n```embed\nkind = \"video\"\nsrc = \"javascript:alert(1)\"\nurl = \"https://x.example\"\ntitle = \"t\"\n```\n",
		"image path":       "+++\n+++\n![a](../../etc/passwd)\n",
	} {
		if _, err := Parse([]byte(src)); err == nil {
			t.Errorf("%s: parsed without error", name)
		}
	}
}

func TestSanitizesEventHandlers(t *testing.T) {
	blocks, err := Blocks([]byte(`Click [me](javascript:alert(1)) <img src=x onerror=alert(1)> <a href="https://x.example" onclick="steal()">x</a>`))
	if err != nil {
		t.Fatal(err)
	}
	h := blocks[0].HTML
	for _, bad := range []string{"javascript:", "onerror", "onclick", "<img"} {
		if strings.Contains(h, bad) {
			t.Fatalf("%q survived sanitizing: %q", bad, h)
		}
	}
}

func TestImage(t *testing.T) {
	var buf bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	img.Set(1, 1, color.RGBA{255, 0, 0, 255})
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	im, err := Image("Photo.JPG", buf.Bytes()) // the name lies; the content decides
	if err != nil {
		t.Fatal(err)
	}
	if got, want := im.ContentType, "image/png"; got != want {
		t.Fatalf("type=%q, want %q", got, want)
	}
	if im.Width != 40 || im.Height != 30 {
		t.Fatalf("size=%dx%d, want 40x30", im.Width, im.Height)
	}
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" viewBox="0 0 1200 675"><rect width="10" height="10" fill="#000"/></svg>`
	if im, err := Image("a.svg", []byte(svg)); err != nil || im.Width != 1200 || im.ContentType != "image/svg+xml" {
		t.Fatalf("svg: %+v, %v", im, err)
	}
	for name, bad := range map[string]string{
		"script":   `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><script>alert(1)</script></svg>`,
		"onload":   `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" onload="alert(1)"></svg>`,
		"external": `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="1" height="1"><use xlink:href="https://evil.example/x.svg#a"/></svg>`,
		"no size":  `<svg xmlns="http://www.w3.org/2000/svg"></svg>`,
		"text":     `hello, not an image`,
	} {
		if _, err := Image(name+".svg", []byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// A small file whose header promises a huge picture is refused before
	// anything decodes it (its smaller copies are made on import).
	bomb := bytes.Clone(buf.Bytes())
	binary.BigEndian.PutUint32(bomb[16:], 15000)
	binary.BigEndian.PutUint32(bomb[20:], 15000)
	binary.BigEndian.PutUint32(bomb[29:], crc32.ChecksumIEEE(bomb[12:29]))
	if _, err := Image("bomb.png", bomb); !errors.Is(err, photo.ErrTooLarge) {
		t.Fatalf("a 15000×15000 PNG header: err=%v, want photo.ErrTooLarge", err)
	}
}

// An exported picture, named with its own hash, keeps its name when imported again.
func TestImageKeepsHashedName(t *testing.T) {
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>`)
	first, err := Image("Harbour.svg", svg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(first.Name, "-harbour.svg") || len(first.Name) != 64+len("-harbour.svg") {
		t.Fatalf("name=%q, want <whole sha256>-harbour.svg", first.Name)
	}
	again, err := Image(first.Name, svg)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := again.Name, first.Name; got != want {
		t.Fatalf("re-imported name=%q, want %q", got, want)
	}
	other, err := Image("deadbeef-harbour.svg", svg) // someone else's hash is just part of the name
	if err != nil {
		t.Fatal(err)
	}
	if got, want := other.Name, first.Name[:65]+"deadbeef-harbour.svg"; got != want {
		t.Fatalf("name=%q, want %q", got, want)
	}
}
