package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"broadsheet/internal/news"
)

// postInline sends the editor form with a file in the "Insert a picture"
// fieldset, as a browser does.
func (c *newsroomClient) postInline(path string, form url.Values, fileName string, data []byte) (*http.Response, string) {
	c.t.Helper()
	if form.Get("csrf") == "" {
		form.Set("csrf", c.csrf)
	}
	return c.postFile(path, form, "inline_photo", fileName, data)
}

// textarea is the text of the editor's textarea named name.
func textarea(t *testing.T, page, name string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<textarea[^>]*name="` + regexp.QuoteMeta(name) + `"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no textarea %s", name)
	}
	return htmlUnescape(m[1])
}

// An editor uploads a picture from the story editor, described in both
// languages: it lands at the end of both bodies with everything else kept,
// nothing is saved until the editor publishes, and readers then get the
// picture with each language's alt text and caption.
func TestInsertPictureUpload(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	_, page := c.get("/newsroom/stories/new")
	if !strings.Contains(page, `name="inline_photo"`) || !strings.Contains(page, `value="insert-picture"`) {
		t.Fatal("the editor has no way to insert a picture")
	}
	form := formWithToken(storyForm("Robots on the quay", "码头上的机器人"), page)
	form.Del("en-alt")
	form.Del("zh-alt")
	form.Set("zh-pairs", "1 2 3")
	form.Set("zh-slug", "ma-tou-ji-qi-ren")
	form.Set("action", "insert-picture")
	form.Set("inline_credit", "Photo: Harbour Lab")
	form.Set("en-picture-alt", `A robot arm lifts a "blue" crate`)
	form.Set("en-picture-caption", "The arm at work, 6 a.m.")
	form.Set("zh-picture-alt", "机械臂吊起一只蓝色货箱")
	form.Set("zh-picture-caption", "清晨六时，机械臂开始作业。")
	resp, page := c.postInline("/newsroom/stories/new", form, "arm.png", testPNG(800, 500))
	mustStatus(t, resp, http.StatusOK)
	if !strings.Contains(page, "The picture is at the end of the body. Save the story to keep it.") {
		t.Fatal("no notice that the picture was inserted")
	}
	name := regexp.MustCompile(`!\[A robot arm[^\]]*\]\(([^ )]+)`).FindStringSubmatch(textarea(t, page, "en-body"))
	if name == nil {
		t.Fatalf("the English body has no picture:\n%s", textarea(t, page, "en-body"))
	}
	en, zh := textarea(t, page, "en-body"), textarea(t, page, "zh-body")
	if want := "Second paragraph.\n\n![A robot arm lifts a \"blue\" crate](" + name[1] + ` "The arm at work, 6 a.m.")`; !strings.Contains(en, want) {
		t.Errorf("English body\n%s\nlacks\n%s", en, want)
	}
	if want := "第二段。\n\n![机械臂吊起一只蓝色货箱](" + name[1] + ` "清晨六时，机械臂开始作业。")`; !strings.Contains(zh, want) {
		t.Errorf("Chinese body\n%s\nlacks\n%s", zh, want)
	}
	for _, want := range []string{`value="Robots on the quay"`, `value="码头上的机器人"`, `name="create_token"`, `value="1 2 3 4"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the form lost %s", want)
		}
	}
	if strings.Contains(page, `value="机械臂吊起一只蓝色货箱"`) {
		t.Error("the inserted picture's fields were not cleared")
	}
	// Nothing was saved by inserting.
	if resp, _ := newClient(t, base).get("/en/story/robots-on-the-quay"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("inserting a picture saved the story: status %d", resp.StatusCode)
	}

	form = formFromEditor(t, page)
	form.Set("action", "publish")
	resp, _ = c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	reader := newClient(t, base)
	_, article := reader.get("/en/story/robots-on-the-quay")
	for _, want := range []string{`alt="A robot arm lifts a &#34;blue&#34; crate"`, "The arm at work, 6 a.m.", "Photo: Harbour Lab", "/media/" + name[1]} {
		if !strings.Contains(article, want) {
			t.Errorf("the English article lacks %s", want)
		}
	}
	_, article = reader.get("/zh/story/ma-tou-ji-qi-ren")
	for _, want := range []string{`alt="机械臂吊起一只蓝色货箱"`, "<figcaption>清晨六时，机械臂开始作业。"} {
		if !strings.Contains(article, want) {
			t.Errorf("the Chinese article lacks %s", want)
		}
	}
	// Read side by side, each language keeps its own caption.
	_, article = reader.get("/en/story/robots-on-the-quay/bilingual")
	for _, want := range []string{"<figcaption>The arm at work, 6 a.m.", `<span class="caption-other" lang="zh-Hans">清晨六时，机械臂开始作业。</span>`} {
		if !strings.Contains(article, want) {
			t.Errorf("the bilingual page lacks %s", want)
		}
	}
	if resp, _ := reader.get("/media/" + name[1]); resp.StatusCode != http.StatusOK {
		t.Errorf("the published picture is not served: %d", resp.StatusCode)
	}
}

// A picture picked from the library needs alt text in every language the
// story is written in; without it the editor says so in the editor's
// language, inserts nothing and keeps the choice and the text.
func TestInsertPicturePickNeedsAlt(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	c.lang = "zh"
	c.get("/newsroom/photos")
	resp, _ := c.postStory("/newsroom/photos", url.Values{"credit": {"Staff"}}, "pier.png", testPNG(640, 400))
	mustStatus(t, resp, http.StatusSeeOther)
	added, _ := url.QueryUnescape(strings.TrimPrefix(resp.Header.Get("Location"), "/newsroom/photos?added="))

	_, page := c.get("/newsroom/stories/new")
	if !strings.Contains(page, `name="inline_pick" value="`+added+`"`) {
		t.Fatal("the editor does not offer the library's latest picture")
	}
	form := formWithToken(storyForm("Pier", "码头"), page)
	form.Set("action", "insert-picture")
	form.Set("inline_pick", added)
	form.Set("en-picture-alt", "The pier at low tide")
	resp, page = c.postInline("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	for _, want := range []string{"中文：请为看不到图片的读者描述图片内容。", `value="The pier at low tide"`, `value="` + added + `" checked`, `value="码头"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
	if strings.Contains(textarea(t, page, "en-body"), added) {
		t.Fatal("a picture was inserted without its Chinese description")
	}

	form.Set("zh-picture-alt", "退潮时的码头")
	resp, page = c.postInline("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusOK)
	if !strings.HasSuffix(textarea(t, page, "en-body"), "![The pier at low tide]("+added+")\n") ||
		!strings.HasSuffix(textarea(t, page, "zh-body"), "![退潮时的码头]("+added+")\n") {
		t.Fatalf("the picture is not at the end of both bodies:\n%s\n%s", textarea(t, page, "en-body"), textarea(t, page, "zh-body"))
	}

	// A story written in English only gets the picture in English only.
	form = formWithToken(storyForm("English only", ""), page)
	form.Set("action", "insert-picture")
	form.Set("inline_pick", added)
	form.Set("en-picture-alt", "The pier")
	resp, page = c.postInline("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusOK)
	if got := textarea(t, page, "zh-body"); got != "" {
		t.Fatalf("the unwritten Chinese body got %q", got)
	}
}

// Wrong files and wrong text are explained on the form, in the editor's
// language, and lose nothing typed.
func TestInsertPictureRefusesBadInput(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	c.lang = "zh"
	_, page := c.get("/newsroom/stories/new")
	base0 := formWithToken(storyForm("Kept headline", ""), page)
	base0.Set("action", "insert-picture")
	base0.Set("en-body", "A paragraph I spent an hour on.")
	base0.Set("en-picture-alt", "A description")
	for _, c0 := range []struct {
		what  string
		file  string
		data  []byte
		set   map[string]string
		wants string
	}{
		{"not a picture", "notes.jpg", []byte("<html>not a photo</html>"), nil, "图片必须是JPEG、PNG或WebP格式。"},
		{"too large", "big.png", append(testPNG(50, 50), make([]byte, 11<<20)...), nil, "图片过大"},
		{"nothing chosen", "", nil, nil, "请上传图片，或从图库中选取一张。"},
		{"not in the library", "", nil, map[string]string{"inline_pick": "../../etc/passwd"}, "请上传图片，或从图库中选取一张。"},
		{"alt too long", "a.png", testPNG(60, 40), map[string]string{"en-picture-alt": strings.Repeat("长", 1001)}, "已输入1001个字，超过1000字的上限。"},
		{"caption too long", "a.png", testPNG(60, 40), map[string]string{"en-picture-caption": strings.Repeat("x", 1001)}, "已输入1001个字，超过1000字的上限。"},
		{"credit too long", "a.png", testPNG(60, 40), map[string]string{"inline_credit": strings.Repeat("x", 301)}, "已输入301个字，超过300字的上限。"},
	} {
		form := url.Values{}
		for k, v := range base0 {
			form[k] = append([]string(nil), v...)
		}
		for k, v := range c0.set {
			form.Set(k, v)
		}
		resp, page := c.postInline("/newsroom/stories/new", form, c0.file, c0.data)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", c0.what, resp.StatusCode)
			continue
		}
		if !strings.Contains(page, c0.wants) {
			t.Errorf("%s: the page does not say %q", c0.what, c0.wants)
		}
		if got := textarea(t, page, "en-body"); got != "A paragraph I spent an hour on." {
			t.Errorf("%s: the body became %q", c0.what, got)
		}
		if !strings.Contains(page, `value="Kept headline"`) {
			t.Errorf("%s: the headline was lost", c0.what)
		}
	}
}

// What is typed in the picture fieldset survives the editor's other
// buttons: a preview (or a language switch, which previews) stores the
// chosen file and keeps the descriptions, so Insert still works after it.
func TestPreviewKeepsPicture(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	_, page := c.get("/newsroom/stories/new")
	form := formWithToken(storyForm("Kept picture", ""), page)
	form.Set("action", "preview")
	form.Set("en-picture-alt", "Gulls over the breakwater")
	resp, page := c.postInline("/newsroom/stories/new?ui=zh", form, "gulls.png", testPNG(300, 200))
	mustStatus(t, resp, http.StatusOK)
	picked := regexp.MustCompile(`name="inline_pick" value="([^"]+)" checked`).FindStringSubmatch(page)
	if picked == nil || !strings.Contains(picked[1], "gulls") {
		t.Fatalf("the chosen file is not kept as the picked picture: %v", picked)
	}
	if !strings.Contains(page, `value="Gulls over the breakwater"`) {
		t.Fatal("the picture's description was lost")
	}
	form = formFromEditor(t, page)
	form.Set("inline_pick", picked[1])
	form.Set("action", "insert-picture")
	resp, page = c.postInline("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusOK)
	if want := "![Gulls over the breakwater](" + picked[1] + ")\n"; !strings.HasSuffix(textarea(t, page, "en-body"), want) {
		t.Fatalf("body ends %q, want %q", textarea(t, page, "en-body"), want)
	}
}

// Saving with a picture described but not inserted would drop what was
// typed for it: the save stops and says so, and keeps everything.
func TestSaveKeepsPictureNotInserted(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	c.lang = "zh"
	c.get("/newsroom/stories/new")
	form := storyForm("A story with a picture to come", "")
	form.Set("action", "save")
	form.Set("zh-picture-caption", "渡口清晨")
	_, before, err := st.DeskStories(t.Context(), news.EN, news.DeskFilter{})
	if err != nil {
		t.Fatal(err)
	}
	resp, page := c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(page, "但还没有插入它") || !strings.Contains(page, `value="渡口清晨"`) {
		t.Fatal("the save does not say the picture was not inserted, or lost its caption")
	}
	if _, n, err := st.DeskStories(t.Context(), news.EN, news.DeskFilter{}); err != nil || n != before {
		t.Fatalf("%d stories after the refused save (%v), want %d", n, err, before)
	}
	form.Del("zh-picture-caption")
	resp, _ = c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
}
