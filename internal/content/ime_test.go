package content

import (
	"errors"
	"html"
	"reflect"
	"strings"
	"testing"

	"broadsheet/internal/news"
)

// What Chinese input methods type is read as the Markdown the writer meant,
// and only where that is plain.
func TestBlocksReadsInputMethodMarkdown(t *testing.T) {
	h := func(s string) news.Block { return news.Block{Kind: news.BlockHeading, Text: s} }
	q := func(html, text string) news.Block { return news.Block{Kind: news.BlockQuote, HTML: html, Text: text} }
	p := func(html, text string) news.Block {
		return news.Block{Kind: news.BlockParagraph, HTML: html, Text: text}
	}
	link := `<a href="https://example.org/a" rel="nofollow">文字</a>`
	for _, c := range []struct {
		name, src string
		want      []news.Block
		fixes     []FixKind
	}{
		// Sub-headings.
		{"hashes, no space", "##小标题", []news.Block{h("小标题")}, []FixKind{FixHeading}},
		{"one hash, no space", "#小标题", []news.Block{h("小标题")}, []FixKind{FixHeading}},
		{"full-width hashes", "＃＃小标题", []news.Block{h("小标题")}, []FixKind{FixHeading}},
		{"full-width hash and space", "＃ 小标题", []news.Block{h("小标题")}, []FixKind{FixHeading}},
		{"ideographic space", "##\u3000小标题", []news.Block{h("小标题")}, []FixKind{FixHeading}},
		{"full-width punctuation after", "##（一）概况", []news.Block{h("（一）概况")}, []FixKind{FixHeading}},
		{"interrupts a paragraph", "第一段。\n##小标题\n正文。", []news.Block{p("第一段。", "第一段。"), h("小标题"), p("正文。", "正文。")}, []FixKind{FixHeading}},
		{"indented three spaces", "   ##小标题", []news.Block{h("小标题")}, []FixKind{FixHeading}},
		{"indented continuation line", "正文\n  ＞引文", []news.Block{p("正文", "正文"), q("引文", "引文")}, []FixKind{FixQuote}},
		{"heading with a space already", "## 小标题", []news.Block{h("小标题")}, nil},
		{"English #1", "#1 priority for the council", []news.Block{p("#1 priority for the council", "#1 priority for the council")}, nil},
		{"English hashtag", "#hashtag trends", []news.Block{p("#hashtag trends", "#hashtag trends")}, nil},
		{"digits after hashes", "#2024年回顾", []news.Block{p("#2024年回顾", "#2024年回顾")}, nil},
		{"a code span across lines", "正文 `co\n##小标题 de`", []news.Block{p("正文 <code>co ##小标题 de</code>", "正文 co ##小标题 de")}, nil},
		{"Weibo topic", "#春运# 今天起火车票开售", []news.Block{p("#春运# 今天起火车票开售", "#春运# 今天起火车票开售")}, nil},
		{"Weibo topic, full-width", "＃春运＃今天起火车票开售", []news.Block{p("＃春运＃今天起火车票开售", "＃春运＃今天起火车票开售")}, nil},
		{"full-width hash mid-line", "话题＃小标题", []news.Block{p("话题＃小标题", "话题＃小标题")}, nil},
		{"seven hashes", "#######小标题", []news.Block{p("#######小标题", "#######小标题")}, nil},
		{"escaped hash", `\##小标题`, []news.Block{p("##小标题", "##小标题")}, nil},
		{"indented four spaces is a continuation", "正文\n    ##小标题", []news.Block{p("正文 ##小标题", "正文\n##小标题")}, nil},
		{"inside a list item", "- ##小标题", []news.Block{{Kind: news.BlockList, HTML: "<li>##小标题</li>", Text: "##小标题"}}, nil},
		// Quotes.
		{"full-width quote mark", "＞引文", []news.Block{q("引文", "引文")}, []FixKind{FixQuote}},
		{"full-width quote mark and space", "＞ 引文", []news.Block{q("引文", "引文")}, []FixKind{FixQuote}},
		{"full-width quote over two lines", "＞引文第一行\n＞第二行", []news.Block{q("引文第一行 第二行", "引文第一行\n第二行")}, []FixKind{FixQuote, FixQuote}},
		{"greater than a number", "＞50岁的人", []news.Block{p("＞50岁的人", "＞50岁的人")}, nil},
		{"full-width quote mark mid-line", "甲＞乙", []news.Block{p("甲＞乙", "甲＞乙")}, nil},
		{"book title mark is flagged, not read", "》引文", []news.Block{p("》引文", "》引文")}, []FixKind{FlagQuoteMark}},
		// Links.
		{"full-width parentheses", "[文字]（https://example.org/a）", []news.Block{p(link, "文字")}, []FixKind{FixLink}},
		{"full-width brackets", "［文字］（https://example.org/a）", []news.Block{p(link, "文字")}, []FixKind{FixLink}},
		{"lenticular brackets", "【文字】（https://example.org/a）", []news.Block{p(link, "文字")}, []FixKind{FixLink}},
		{"full-width brackets, ASCII parentheses", "【文字】(https://example.org/a)", []news.Block{p(link, "文字")}, []FixKind{FixLink}},
		{"mixed closers", "见[文字]（https://example.org/a)。", []news.Block{p("见"+link+"。", "见文字。")}, []FixKind{FixLink}},
		{"in a quote", "> 见【文字】（https://example.org/a）", []news.Block{q("见"+link, "见文字")}, []FixKind{FixLink}},
		{"not an address", "【编者按】（本文有删节）", []news.Block{p("【编者按】（本文有删节）", "【编者按】（本文有删节）")}, nil},
		{"plain Markdown link untouched", "[文字](https://example.org/a)", []news.Block{p(link, "文字")}, nil},
		{"escaped bracket", `\[文字\]（https://example.org/a）`, []news.Block{p("[文字]（https://example.org/a）", "[文字]（https://example.org/a）")}, nil},
		// Code is never touched.
		{"link in a code span", "用 `[文字]（https://example.org/a）` 写", []news.Block{p("用 <code>[文字]（https://example.org/a）</code> 写", "用 [文字]（https://example.org/a） 写")}, nil},
		{"hashes in a code span", "`##小标题`", []news.Block{p("<code>##小标题</code>", "##小标题")}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Blocks([]byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("Blocks(%q)=\n%s", c.src, diffBlocks(got, c.want))
			}
			_, fixes := Understand([]byte(c.src))
			var kinds []FixKind
			for _, f := range fixes {
				kinds = append(kinds, f.Kind)
			}
			if !reflect.DeepEqual(kinds, c.fixes) {
				t.Fatalf("fixes=%v, want %v", fixes, c.fixes)
			}
			// What Blocks read is written back as Markdown that reads the same.
			back, err := Blocks([]byte(Markdown(got)))
			if err != nil || !reflect.DeepEqual(back, got) {
				t.Fatalf("Markdown %q reads back as %+v (%v)", Markdown(got), back, err)
			}
		})
	}
}

// A fenced block is never read as headings or quotes, and a notice names
// the line and what was typed.
func TestUnderstandLeavesCodeAndNamesLines(t *testing.T) {
	src := "正文。\n\n```embed\n##小标题\n＞引文\n```\n\n##小标题\n"
	out, fixes := Understand([]byte(src))
	if got, want := string(out), "正文。\n\n```embed\n##小标题\n＞引文\n```\n\n## 小标题\n"; got != want {
		t.Fatalf("Understand=%q, want %q", got, want)
	}
	if got, want := fixes, []Fix{{Line: 8, Kind: FixHeading, Text: "##小标题"}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("fixes=%+v, want %+v", got, want)
	}
	// Text that stays text as Markdown writes it: no heading, quote or link.
	for _, text := range []string{"＃小标题", "＞引文", "见[文字]（https://example.org/a）", "【文字】(https://example.org/a)"} {
		md := Markdown([]news.Block{{Kind: news.BlockParagraph, HTML: html.EscapeString(text), Text: text}})
		got, err := Blocks([]byte(md))
		if err != nil || len(got) != 1 || got[0].Kind != news.BlockParagraph || got[0].Text != text {
			t.Errorf("%q written as %q reads as %+v (%v)", text, md, got, err)
		}
	}
}

// Links read from input-method forms count toward the limits, as typed ones do.
func TestUnderstoodLinksKeepLimits(t *testing.T) {
	_, err := Blocks([]byte(strings.Repeat("【a】（https://x.example）", maxLinkOpeners+1)))
	if !errors.Is(err, ErrTooComplex) {
		t.Fatalf("err=%v, want ErrTooComplex", err)
	}
	if _, err := Blocks([]byte(strings.Repeat("【a】（https://x.example）", maxLinkOpeners))); err != nil {
		t.Fatalf("err=%v at the limit", err)
	}
}
