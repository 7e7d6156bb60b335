package content

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"broadsheet/internal/news"
)

const (
	embedSrc = "https://www.youtube-nocookie.com/embed/abc"
	embedURL = "https://www.youtube.com/watch?v=abc"
)

func TestReadEmbed(t *testing.T) {
	for name, c := range map[string]struct {
		src  string
		want news.Embed
	}{
		"as the demo writes it": {
			"kind = \"video\"\nsrc = \"" + embedSrc + "\"\nurl = \"" + embedURL + "\"\ntitle = \"A video\"\n",
			news.Embed{Kind: "video", Src: embedSrc, URL: embedURL, Title: "A video"},
		},
		"as FORMAT.md shows it": {
			"kind = \"video\"\nsrc = \"" + embedSrc + "\"   # the iframe source\n\n# a comment line\n" +
				"  url=\"" + embedURL + "\"\t# the plain link\r\ntitle = \"…\"",
			news.Embed{Kind: "video", Src: embedSrc, URL: embedURL, Title: "…"},
		},
		"escapes": {
			`title = "A \"quoted\" \\ back\tslash \u00e9\U0001F600 \b\f\r\n # not a comment"`,
			news.Embed{Title: "A \"quoted\" \\ back\tslash é😀 \b\f\r\n # not a comment"},
		},
		"in any order, some left out": {
			"title = \"T\"\nkind = \"video\"\n",
			news.Embed{Kind: "video", Title: "T"},
		},
	} {
		got, err := readEmbed(c.src)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s: got %+v, want %+v", name, got, c.want)
		}
	}
}

func TestReadEmbedRefuses(t *testing.T) {
	for name, src := range map[string]string{
		"unknown key":         "kind = \"video\"\nautoplay = \"1\"\n",
		"key in capitals":     "Kind = \"video\"\n",
		"dotted key":          "src.host = \"x\"\n",
		"quoted key":          "\"kind\" = \"video\"\n",
		"inline table":        "x = {a={a={a=1}}}\n",
		"table header":        "[embed]\nkind = \"video\"\n",
		"twice":               "title = \"a\"\ntitle = \"b\"\n",
		"no equals":           "title \"a\"\n",
		"no value":            "title =\n",
		"literal string":      "title = 'a'\n",
		"multi-line string":   "title = \"\"\"a\nb\"\"\"\n",
		"bare value":          "title = a\n",
		"number":              "title = 1\n",
		"no closing quote":    "title = \"a\n",
		"after the value":     "title = \"a\" \"b\"\n",
		"unknown escape":      `title = "\q"`,
		"\\x escape":          `title = "\x41"`,
		"short \\u":           `title = "\u00"`,
		"surrogate":           `title = "\uD800"`,
		"beyond Unicode":      `title = "\U00110000"`,
		"signed \\u":          `title = "\u+0041"`,
		"escape at the end":   "title = \"\\",
		"raw control":         "title = \"a\x01b\"\n",
		"raw delete":          "title = \"a\x7fb\"\n",
		"invalid UTF-8":       "title = \"a\xffb\"\n",
		"only a key":          "title\n",
		"equals first":        "= \"a\"\n",
		"over 2 KB":           "title = \"" + strings.Repeat("a", maxEmbedBytes) + "\"\n",
		"over 2 KB, comments": strings.Repeat("# a comment\n", 200),
	} {
		_, err := readEmbed(src)
		if !errors.Is(err, ErrEmbed) {
			t.Errorf("%s: err=%v, want ErrEmbed", name, err)
		}
	}
	if _, err := readEmbed(strings.Repeat("#", maxEmbedBytes+1)); !errors.Is(err, ErrEmbedSize) {
		t.Errorf("over 2 KB: err=%v, want ErrEmbedSize", err)
	}
	// Within 2 KB as written, but not as Markdown writes it back.
	tight := "title=\"" + strings.Repeat("a", maxEmbedBytes-len("title=\"\"\n")) + "\"\n"
	if _, err := readEmbed(tight); len(tight) != maxEmbedBytes || !errors.Is(err, ErrEmbedSize) {
		t.Errorf("%d bytes that Markdown would write longer: err=%v, want ErrEmbedSize", len(tight), err)
	}
}

// Whatever an embed holds, Markdown writes a fence that Blocks reads back
// as the same embed.
func TestEmbedMarkdownRoundTrip(t *testing.T) {
	for _, title := range []string{
		"A video",
		`A "quoted" title with a \ backslash`,
		"Line\nbreak, tab\tand \r return",
		"Control \x00\x01\x1f\x7f characters",
		"A fence ``` inside and ```embed",
		"# not a comment",
		"《大雄兔》：Blender基金会出品的开放电影",
		"Invalid \xff UTF-8 becomes \uFFFD",
		"\u2028 and \uFEFF",
	} {
		e := news.Embed{Kind: "video", Src: embedSrc, URL: embedURL, Title: title}
		md := Markdown([]news.Block{{Kind: news.BlockEmbed, Embed: &e}})
		got, err := Blocks([]byte(md))
		if err != nil {
			t.Errorf("%q: %v\n%s", title, err, md)
			continue
		}
		want := e
		want.Title = strings.ToValidUTF8(title, "\uFFFD")
		if len(got) != 1 || got[0].Embed == nil || *got[0].Embed != want {
			t.Errorf("%q: read back %+v from\n%s", title, got, md)
		}
	}
}

// An embed's size is checked before anything reads it, and its errors keep
// the kinds the newsroom explains.
func TestEmbedErrors(t *testing.T) {
	fence := func(s string) []byte { return []byte("Text.\n\n```embed\n" + s + "```\n") }
	if _, err := Blocks(fence(strings.Repeat("x = {a=", 400) + "\n")); !errors.Is(err, ErrEmbed) || !errors.Is(err, ErrEmbedSize) {
		t.Fatalf("a 2.8 KB fence: err=%v, want ErrEmbed and ErrEmbedSize", err)
	}
	_, err := Blocks(fence("kind = \"video\"\nsrc = \"https://evil.example/x\"\nurl = \"" + embedURL + "\"\ntitle = \"t\"\n"))
	if !errors.Is(err, ErrEmbed) || errors.Is(err, ErrEmbedSize) {
		t.Fatalf("a foreign src: err=%v, want ErrEmbed only", err)
	}
	if _, err := Blocks(fence("kind = \"video\"\nsrc = \"" + embedSrc + "\"\nurl = \"" + embedURL + "\"\n")); !errors.Is(err, ErrEmbed) {
		t.Fatalf("no title: err=%v, want ErrEmbed", err)
	}
}

// Bilibili plays where YouTube does not; its player is allowed beside
// YouTube's and Vimeo's, in the fence and in the CSP's frame-src.
func TestEmbedPlatforms(t *testing.T) {
	for src, platform := range map[string]string{
		"https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ":                   "YouTube",
		"https://player.vimeo.com/video/1":                                     "Vimeo",
		"https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&autoplay=0": "Bilibili",
	} {
		blocks, err := Blocks([]byte("```embed\nkind = \"video\"\nsrc = \"" + src + "\"\nurl = \"https://example.com/v\"\ntitle = \"A video\"\n```\n"))
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if got := blocks[0].Embed.Platform(); got != platform {
			t.Errorf("%s: Platform()=%q, want %q", src, got, platform)
		}
		if origin := src[:strings.Index(src[8:], "/")+8]; !slices.Contains(EmbedOrigins(), origin) {
			t.Errorf("the CSP's frame-src lacks %s", origin)
		}
	}
}
