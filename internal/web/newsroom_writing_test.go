package web

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"broadsheet/internal/news"
)

// Markdown typed with a Chinese input method previews as the editor meant
// it; the editor is told, in their language, what was read how, and sees
// each body's length. The body is kept as typed.
func TestEditorReadsInputMethodMarkdown(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	_, page := c.get("/newsroom/stories/new")
	if !strings.Contains(page, `formaction="/newsroom/stories/new#preview"`) {
		t.Fatal("the Preview button does not land on the preview")
	}
	// Without JavaScript the toolbar stays hidden and the help is there to read.
	if !regexp.MustCompile(`<div class="md-toolbar" role="toolbar"[^>]* data-for="zh-body"[^>]* hidden>`).MatchString(page) ||
		!strings.Contains(page, `<summary>Formatting help</summary>`) {
		t.Fatal("no hidden toolbar or no formatting help beside the body")
	}
	zhBody := "导语。\n\n##小标题\n\n＞引文内容\n\n详见【报告】（https://example.org/r）。\n\n》不是引文\n\n`##代码`"
	form := formWithToken(storyForm("Typed with an input method", "输入法写的稿"), page)
	form.Set("action", "preview")
	form.Set("en-body", "The #1 story.\n\nSecond paragraph here.")
	form.Set("zh-body", zhBody)
	form.Set("preview_phone", "1")
	resp, body := c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusOK)
	for _, want := range []string{
		// The preview, where the page lands.
		`<section class="previews" id="preview"`,
		"<h2>小标题</h2>",
		"<blockquote>",
		`<a href="https://example.org/r" rel="nofollow">报告</a>`,
		"<p>》不是引文</p>",
		"<code>##代码</code>",
		"<p>The #1 story.</p>",
		// What happened, line by line.
		"Line 3: “##小标题” is read as a sub-heading.",
		"Line 5: “＞引文内容” is read as a quote.",
		"Line 7: “【报告】（https://example.org/r）” is read as a link.",
		"Line 9 starts with “》” and is shown as typed.",
		// Lengths: words in English, characters in Chinese.
		">6 words</p>",
		">23 characters</p>",
		// The phone width is kept for the next preview.
		`id="preview-phone" name="preview_phone" value="1" form="editor" class="preview-phone-toggle" checked`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	if strings.Count(body, "is read as") != 3 {
		t.Errorf("%d notes, want 3 (nothing about #1 or code)", strings.Count(body, "is read as"))
	}

	// In Chinese, and after saving: the body is stored as typed, and the
	// notes and counts come back with it.
	c.lang = "zh-CN"
	form.Set("action", "save")
	form.Del("preview_phone")
	resp, _ = c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	_, page = c.get(resp.Header.Get("Location"))
	for _, want := range []string{
		"第3行“##小标题”已按小标题处理。",
		"第9行以“》”开头，将按原样显示。",
		">共6词</p>",
		">共23字</p>",
		">" + html.EscapeString(zhBody) + "</textarea>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the saved story's editor lacks %q", want)
		}
	}
	if strings.Contains(page, `class="previews"`) {
		t.Error("a preview on a plain load")
	}
}
