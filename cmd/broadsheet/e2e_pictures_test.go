package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestE2EInsertPicture: an editor writes a story in both languages, inserts
// a picture from the editor's own page with its description and caption in
// each language, and publishes; readers of each edition get the picture in
// the body with their language's alt text and caption. JavaScript is off:
// the editor needs none.
func TestE2EInsertPicture(t *testing.T) {
	data := t.TempDir()
	base, _, stop := startRun(t, data)
	t.Cleanup(stop)
	nrAddAdmin(t, data)

	img := image.NewRGBA(image.Rect(0, 0, 640, 400))
	for y := range 400 {
		for x := range 640 {
			img.Set(x, y, color.RGBA{uint8(x / 3), uint8(y / 2), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "lighthouse.png")
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}

	ed := e2eNewTab(t, base, e2eBrowserOpts{noJS: true})
	ed.navigate("/newsroom/login")
	nrFill(ed, "#login-email", nrEmail)
	nrFill(ed, "#login-password", nrPassword)
	e2eWantPage(t, ed.click(nrLoginButton), "/newsroom/", 200)
	ed.navigate("/newsroom/stories/new")
	nrFill(ed, "#en-headline", "The lighthouse keeper's last winter")
	nrFill(ed, "#en-body", "After forty years, the light at Gull Point goes automatic in spring.")
	nrFill(ed, "#zh-headline", "灯塔看守人的最后一个冬天")
	nrFill(ed, "#zh-slug", "deng-ta-kan-shou-ren")
	nrFill(ed, "#zh-body", "海鸥角灯塔看守了四十年，明年春天将改为自动运行。")

	const (
		altEN, capEN = "The white lighthouse at Gull Point against a grey sky", "Gull Point light, lit by hand since 1986."
		altZH, capZH = "灰色天空下，海鸥角的白色灯塔", "海鸥角灯塔自1986年起由人工点亮。"
	)
	nrUpload(ed, "#inline_photo", file)
	nrFill(ed, "#en-picture-alt", altEN)
	nrFill(ed, "#en-picture-caption", capEN)
	nrFill(ed, "#zh-picture-alt", altZH)
	nrFill(ed, "#zh-picture-caption", capZH)
	e2eWantPage(t, ed.click(`#editor button[name="action"][value="insert-picture"]`), "/newsroom/stories/new", 200)
	nrWantText(ed, "#editor-notice", "The picture is at the end of the body. Save the story to keep it.")
	if got := nrValue(ed, "#en-headline"); got != "The lighthouse keeper's last winter" {
		t.Fatalf("headline after inserting=%q, want it kept", got)
	}
	body := nrValue(ed, "#zh-body")
	if !strings.HasPrefix(body, "海鸥角灯塔看守了四十年") || !strings.Contains(body, "!["+altZH+"](") || !strings.Contains(body, `"`+capZH+`")`) {
		t.Fatalf("Chinese body after inserting:\n%s", body)
	}
	// The upload went to the library: it heads the pictures offered to insert.
	if name := ed.attr(`input[name="inline_pick"]`, "value"); name == "" || !strings.Contains(body, "]("+name+" ") {
		t.Fatalf("the newest library picture %q is not the one in the body:\n%s", name, body)
	}

	nrWantSaved(t, ed, ed.click(nrPublish), "publish", "Published. Readers see it now.")
	slugEN := nrValue(ed, "#en-slug")

	// The same browser reads it: the newsroom's cookie never reaches /en/ or /zh/.
	rd := ed
	for _, c := range []struct{ path, alt, caption string }{
		{"/en/story/" + slugEN, altEN, capEN},
		{"/zh/story/deng-ta-kan-shou-ren", altZH, capZH},
	} {
		e2eWantPage(t, rd.navigate(c.path), c.path, 200)
		const fig = ".story-body figure.inline-figure"
		if got := rd.attr(fig+" img", "alt"); got != c.alt {
			t.Errorf("%s: picture alt=%q, want %q", c.path, got, c.alt)
		}
		nrWantText(rd, fig+" figcaption", c.caption)
		if ok := e2eEval[bool](rd, `document.querySelector(".story-body figure.inline-figure img").complete && document.querySelector(".story-body figure.inline-figure img").naturalWidth > 0`); !ok {
			t.Errorf("%s: the picture did not load", c.path)
		}
	}
}
