//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// testPicture is an opaque w×h picture with some detail.
func testPicture(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 3), uint8(y * 5), 90, 255})
		}
	}
	return img
}

// jpegWithGPS is a JPEG carrying an APP1 Exif segment with a GPS position
// in it, as a phone writes one.
func jpegWithGPS(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, testPicture(320, 200), nil); err != nil {
		t.Fatal(err)
	}
	jpg := b.Bytes()
	payload := append([]byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x00"), "GPSLatitude 51.5072N GPSLongitude 0.1276W"...)
	seg := binary.BigEndian.AppendUint16([]byte{0xff, 0xe1}, uint16(2+len(payload)))
	return append(append(append(bytes.Clone(jpg[:2]), seg...), payload...), jpg[2:]...)
}

// pngWithText is a PNG with a tEXt chunk before IEND and bytes after it.
func pngWithText(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, testPicture(120, 80)); err != nil {
		t.Fatal(err)
	}
	p := b.Bytes()
	text := []byte("Comment\x00drawn at 12 Harbour Road")
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(text)))
	chunk = append(append(chunk, "tEXt"...), text...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(append([]byte("tEXt"), text...)))
	iend := len(p) - 12
	out := append(append(bytes.Clone(p[:iend]), chunk...), p[iend:]...)
	return append(out, "TRAILING SECRET"...)
}

const hardeningSections = "[[section]]\nkey = \"world\"\nen = \"World\"\nzh-Hans = \"国际\"\n"

func writeFiles(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// Imported pictures lose what a camera or an editor put in them, as
// uploads do; and the stripped pictures then make exact round trips.
func TestImportStripsPictureMetadata(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	writeFiles(t, src, map[string][]byte{
		"sections.toml": []byte(hardeningSections),
		"IMG_0001.JPG":  jpegWithGPS(t),
		"map.png":       pngWithText(t),
		"harbour.en.md": []byte("+++\nkey = \"harbour\"\nlang = \"en\"\nslug = \"harbour\"\nheadline = \"Harbour\"\nsection = \"world\"\n" +
			"published = 2026-01-02T03:04:05Z\nimage = \"IMG_0001.JPG\"\nalt = \"The quay\"\n+++\n\nText.\n\n![A map](map.png)\n"),
	})
	data, one, two := t.TempDir(), filepath.Join(t.TempDir(), "one"), filepath.Join(t.TempDir(), "two")
	var out bytes.Buffer
	if err := run(ctx, []string{"import", "--data", data, src}, env(nil), &out); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	if err := run(ctx, []string{"export", "--data", data, one}, env(nil), &out); err != nil {
		t.Fatalf("export: %v\n%s", err, out.String())
	}
	entries, err := os.ReadDir(one)
	if err != nil {
		t.Fatal(err)
	}
	pictures := 0
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(one, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(e.Name(), ".md") || e.Name() == "sections.toml" {
			continue
		}
		pictures++
		for _, secret := range []string{"Exif", "GPS", "tEXt", "Harbour Road", "TRAILING SECRET"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s: the imported picture still holds %q", e.Name(), secret)
			}
		}
		if _, _, err := image.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		}
	}
	if pictures != 2 {
		t.Fatalf("pictures exported=%d, want 2", pictures)
	}
	// The stripped pictures are kept as they are from now on.
	again := t.TempDir()
	if err := run(ctx, []string{"import", "--data", again, one}, env(nil), &out); err != nil {
		t.Fatalf("import of the export: %v\n%s", err, out.String())
	}
	if err := run(ctx, []string{"export", "--data", again, two}, env(nil), &out); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		a, _ := os.ReadFile(filepath.Join(one, e.Name()))
		b, err := os.ReadFile(filepath.Join(two, e.Name()))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between the exports (%v)", e.Name(), err)
		}
	}
}

// Import refuses, file by file, what is not a regular file inside its
// directory, and writes nothing.
func TestImportRefusesUnsafeFiles(t *testing.T) {
	ctx := context.Background()
	src, outside := t.TempDir(), t.TempDir()
	story := func(key, image string) []byte {
		s := "+++\nkey = \"" + key + "\"\nlang = \"en\"\nslug = \"" + key + "\"\nheadline = \"H\"\nsection = \"world\"\n"
		if image != "" {
			s += "image = \"" + image + "\"\nalt = \"A\"\n"
		}
		return []byte(s + "+++\n\nBody.\n")
	}
	writeFiles(t, src, map[string][]byte{
		"sections.toml": []byte(hardeningSections),
		"fine.en.md":    story("fine", ""),
		"zero.en.md":    story("zero", "zero.jpg"),
	})
	writeFiles(t, outside, map[string][]byte{"secret.en.md": story("secret", "")})
	if err := os.Symlink(filepath.Join(outside, "secret.en.md"), filepath.Join(src, "secret.en.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(src, "zero.jpg")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(src, "fifo.en.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	var out bytes.Buffer
	err := run(ctx, []string{"import", "--data", data, src}, env(nil), &out)
	if err == nil || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("err=%v, want the import refused", err)
	}
	for _, want := range []string{
		"secret.en.md: a symbolic link that leads outside the edition directory: refused\n",
		"zero.en.md: image zero.jpg: a symbolic link that leads outside the edition directory: refused\n",
		"fifo.en.md: a named pipe (FIFO), not a regular file: refused\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if got := storyCount(t, data); got != 0 {
		t.Fatalf("stories after a refused import=%d, want 0", got)
	}
}

// Export files are the owner's alone: drafts are in them.
func TestExportFileModes(t *testing.T) {
	ctx := context.Background()
	from, dir := t.TempDir(), filepath.Join(t.TempDir(), "edition")
	var out bytes.Buffer
	if err := run(ctx, []string{"generate", "--data", from, "--stories", "2"}, env(nil), &out); err != nil {
		t.Fatalf("generate: %v", err)
	}
	if err := run(ctx, []string{"export", "--data", from, dir}, env(nil), &out); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := info.Mode().Perm(), os.FileMode(0o700); got != want {
		t.Errorf("%s mode=%v, want %v", dir, got, want)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		t.Fatalf("export wrote %d files (%v)", len(entries), err)
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := info.Mode().Perm(), os.FileMode(0o600); got != want {
			t.Errorf("%s mode=%v, want %v", e.Name(), got, want)
		}
	}
}
