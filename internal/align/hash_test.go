package align

import (
	"slices"
	"strings"
	"testing"

	"broadsheet/internal/news"
)

// blocks builds a body from short specs: "# text" is a heading, "! name|caption"
// a picture, "@ src" an embed, "> text" a quote, anything else a paragraph.
func blocks(specs ...string) []news.Block {
	var bs []news.Block
	for _, s := range specs {
		bs = append(bs, block(s))
	}
	return bs
}

func block(s string) news.Block {
	switch {
	case strings.HasPrefix(s, "# "):
		return news.Block{Kind: news.BlockHeading, Text: s[2:]}
	case strings.HasPrefix(s, "> "):
		return news.Block{Kind: news.BlockQuote, HTML: s[2:], Text: s[2:]}
	case strings.HasPrefix(s, "! "):
		name, caption, _ := strings.Cut(s[2:], "|")
		return news.Block{Kind: news.BlockImage, Image: &news.Image{Name: name, Caption: caption, Alt: "alt " + name}}
	case strings.HasPrefix(s, "@ "):
		return news.Block{Kind: news.BlockEmbed, Embed: &news.Embed{Kind: "video", Src: s[2:]}}
	}
	return news.Block{Kind: news.BlockParagraph, HTML: s, Text: s}
}

func TestHashIgnores(t *testing.T) {
	para := func(text, html string) news.Block {
		return news.Block{Kind: news.BlockParagraph, Text: text, HTML: html}
	}
	tests := []struct {
		name string
		a, b news.Block
	}{
		{"spaces", block("The port  opened\ttoday."), block(" The port opened today. ")},
		{"line breaks", block("The port\nopened today."), block("The port opened today.")},
		{"ASCII punctuation", block(`"The port," she said, "opened today."`), block("The port she said opened today")},
		{"dashes and quotes", block("It's — finally — open…"), block("It’s -- finally -- open...")},
		{"full-width punctuation", block("港口今天开放，她说：「终于。」"), block("港口今天开放, 她说: \"终于.\"")},
		{"Chinese punctuation removed", block("港口今天开放，她说。"), block("港口今天开放她说")},
		{"space between Chinese and Latin", block("Go语言在港口"), block("Go 语言在港口")},
		{"full-width letters and digits", block("ＡＩ在２０２６年"), block("AI在2026年")},
		{"case", block("The Port Opened"), block("the port opened")},
		{"symbols", block("Prices ↑ 5% — see ★"), block("Prices 5 see")},
		{"zero-width space and soft hyphen", block("har\u00adbour\u200bcranes"), block("harbourcranes")},
		{"character references", block("AT&amp;T&#39;s port"), block("AT&T's port")},
		{"markup when there is no text", para("", `<em>The</em> <a href="https://a.example">port</a>`), para("", `The port`)},
		{"link target", para("", `<a href="https://a.example">port</a>`), para("", `<a href="https://b.example">port</a>`)},
		{"text preferred to markup", para("The port", "<b>ignored</b>"), para("The port", "<i>other</i>")},
		{"picture caption spacing", block("! p.svg|A crane, at dawn."), block("! p.svg|A crane at dawn")},
		{"list items", news.Block{Kind: news.BlockList, HTML: "<li>One</li>\n<li>Two</li>"}, news.Block{Kind: news.BlockList, HTML: "<li>One</li><li>Two</li>"}},
	}
	for _, tt := range tests {
		if Hash(tt.a) != Hash(tt.b) {
			t.Errorf("%s: %+v and %+v hash differently", tt.name, tt.a, tt.b)
		}
	}
}

func TestHashNotices(t *testing.T) {
	tests := []struct {
		name string
		a, b news.Block
	}{
		{"a word", block("The port opened today."), block("The port closed today.")},
		{"a number", block("It cost 5 million."), block("It cost 6 million.")},
		{"a Chinese character", block("港口今天开放"), block("港口明天开放")},
		{"kind", block("Background"), block("# Background")},
		{"picture", block("! a.svg|Crane"), block("! b.svg|Crane")},
		{"caption", block("! a.svg|Crane"), block("! a.svg|Ship")},
		{"alt", news.Block{Kind: news.BlockImage, Image: &news.Image{Name: "a.svg", Alt: "x"}}, news.Block{Kind: news.BlockImage, Image: &news.Image{Name: "a.svg", Alt: "y"}}},
		{"caption and alt kept apart", news.Block{Kind: news.BlockImage, Image: &news.Image{Name: "a.svg", Caption: "ab"}}, news.Block{Kind: news.BlockImage, Image: &news.Image{Name: "a.svg", Caption: "a", Alt: "b"}}},
		{"embed", block("@ https://player.vimeo.com/video/1"), block("@ https://player.vimeo.com/video/2")},
		{"empty and not", block(""), block("x")},
	}
	for _, tt := range tests {
		if Hash(tt.a) == Hash(tt.b) {
			t.Errorf("%s: %+v and %+v hash the same", tt.name, tt.a, tt.b)
		}
	}
	// Blocks without their picture or embed are not a panic.
	Hash(news.Block{Kind: news.BlockImage})
	Hash(news.Block{Kind: news.BlockEmbed})
	if h := Hash(block("x")); len(h) != 16 {
		t.Errorf("Hash = %q, want 16 hex digits", h)
	}
}

func TestChanged(t *testing.T) {
	ids := []string{"b1", "b2", "b3", "b10"}
	made := blocks("# 港口的新起重机", "港口今天开放，她说。", "! crane.svg|起重机", "“终于”，她说。")
	recorded := Hashes(ids, made)
	if len(recorded) != 4 {
		t.Fatalf("Hashes = %v", recorded)
	}
	tests := []struct {
		name                    string
		ids                     []string
		body                    []news.Block
		changed, added, removed []string
	}{
		{"as made", ids, made, nil, nil, nil},
		{"whitespace only", ids, blocks("#  港口的 新起重机 ", "港口今天开放， 她说。\n", "! crane.svg| 起重机", "“终于”，  她说。"), nil, nil, nil},
		{"punctuation only, full-width and ASCII", ids, blocks("# 港口的新起重机！", "港口今天开放,她说.", "! crane.svg|起重机。", "「终于」她说"), nil, nil, nil},
		{"a word", ids, blocks("# 港口的新起重机", "港口明天开放，她说。", "! crane.svg|起重机", "“终于”，她说。"), []string{"b2"}, nil, nil},
		{"reverted", ids, made, nil, nil, nil},
		{"picture and heading", ids, blocks("# 港口的起重机", "港口今天开放，她说。", "! crane2.svg|起重机", "“终于”，她说。"), []string{"b1", "b3"}, nil, nil},
		{"added and removed", []string{"b1", "b11", "b2", "b3"}, blocks("# 港口的新起重机", "新段落。", "港口今天开放，她说。", "! crane.svg|起重机"), nil, []string{"b11"}, []string{"b10"}},
		{"all removed, in id order", nil, nil, nil, nil, []string{"b1", "b2", "b3", "b10"}},
	}
	for _, tt := range tests {
		c, a, r := Changed(recorded, tt.ids, tt.body)
		if !slices.Equal(c, tt.changed) || !slices.Equal(a, tt.added) || !slices.Equal(r, tt.removed) {
			t.Errorf("%s: Changed = %v, %v, %v; want %v, %v, %v", tt.name, c, a, r, tt.changed, tt.added, tt.removed)
		}
	}
}
