package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"hash/crc32"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
)

// withEXIFGPS puts an APP1 Exif segment, with text standing in for the GPS
// position a phone writes, right after a JPEG's SOI marker.
func withEXIFGPS(jpg []byte) []byte {
	payload := append([]byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x00"), "GPS 51.5072N 0.1276W"...)
	seg := binary.BigEndian.AppendUint16([]byte{0xff, 0xe1}, uint16(2+len(payload)))
	seg = append(seg, payload...)
	return append(append(bytes.Clone(jpg[:2]), seg...), jpg[2:]...)
}

// withTextAndTrailer puts a tEXt chunk before a PNG's IEND and bytes after it.
func withTextAndTrailer(p []byte) []byte {
	iend := len(p) - 12
	text := []byte("Author\x00Ada at 12 Harbour Road")
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(text)))
	chunk = append(chunk, "tEXt"...)
	chunk = append(chunk, text...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(append([]byte("tEXt"), text...)))
	out := append(append(bytes.Clone(p[:iend]), chunk...), p[iend:]...)
	return append(out, "SECRET TRAILER"...)
}

func TestImportKeepsBarePictures(t *testing.T) {
	for _, c := range []struct {
		name, ct string
		data     []byte
	}{
		{"harbour.jpg", "image/jpeg", makeJPEG(t, 2000, 100)}, // wider than any upload is kept: not scaled
		{"chart.png", "image/png", encodePNG(t, gradient(64, 48))},
	} {
		im, err := Import(c.name, c.data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !bytes.Equal(im.Data, c.data) {
			t.Errorf("%s: a bare picture was changed", c.name)
		}
		sum := sha256.Sum256(c.data)
		if got, want := im.Name, Name(sum, c.name); got != want {
			t.Errorf("%s: name %q, want %q", c.name, got, want)
		}
		if im.ContentType != c.ct || im.Width == 0 || im.Height == 0 {
			t.Errorf("%s: %s %dx%d", c.name, im.ContentType, im.Width, im.Height)
		}
		// Imported again under its stored name (as an export writes it), it is the same picture.
		again, err := Import(im.Name, im.Data)
		if err != nil || again.Name != im.Name || !bytes.Equal(again.Data, im.Data) {
			t.Errorf("%s: imported again as %q (%v), want %q unchanged", c.name, again.Name, err, im.Name)
		}
	}
}

// The metadata a camera or an editor adds is gone after import, and the
// stripped picture is stable: imported again, it is kept as it is.
func TestImportStripsMetadata(t *testing.T) {
	for _, c := range []struct {
		name   string
		data   []byte
		secret []string
	}{
		{"IMG_0001.JPG", withEXIFGPS(makeJPEG(t, 300, 200)), []string{"Exif", "GPS"}},
		{"map.png", withTextAndTrailer(encodePNG(t, gradient(64, 48))), []string{"tEXt", "Harbour Road", "SECRET"}},
	} {
		for _, s := range c.secret {
			if !bytes.Contains(c.data, []byte(s)) {
				t.Fatalf("%s: fixture lacks %q", c.name, s)
			}
		}
		im, err := Import(c.name, c.data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for _, s := range c.secret {
			if bytes.Contains(im.Data, []byte(s)) {
				t.Errorf("%s: imported picture still contains %q", c.name, s)
			}
		}
		if !bare(strings.TrimPrefix(im.ContentType, "image/"), im.Data) {
			t.Errorf("%s: the re-encoded picture is not bare", c.name)
		}
		sum := sha256.Sum256(im.Data)
		if !strings.HasPrefix(im.Name, Name(sum, "")) {
			t.Errorf("%s: name %q does not carry the stored bytes' whole hash", c.name, im.Name)
		}
		again, err := Import(im.Name, im.Data)
		if err != nil || again.Name != im.Name || !bytes.Equal(again.Data, im.Data) {
			t.Errorf("%s: the stripped picture changed when imported again (%q, %v)", c.name, again.Name, err)
		}
	}
}

func TestBare(t *testing.T) {
	jpg := makeJPEG(t, 40, 30)
	pngData := encodePNG(t, gradient(40, 30))
	// A JFIF header without a thumbnail is fine; one with a thumbnail is not.
	jfif := func(thumb byte) []byte {
		seg := []byte{0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, thumb, thumb}
		if thumb != 0 {
			seg[3] = byte(16 + 3*int(thumb)*int(thumb))
			seg = append(seg, make([]byte, 3*int(thumb)*int(thumb))...)
		}
		return append(append(bytes.Clone(jpg[:2]), seg...), jpg[2:]...)
	}
	comment := append(append(bytes.Clone(jpg[:2]), 0xff, 0xfe, 0, 7, 'h', 'e', 'l', 'l', 'o'), jpg[2:]...)
	for _, c := range []struct {
		name   string
		format string
		data   []byte
		want   bool
	}{
		{"go jpeg", "jpeg", jpg, true},
		{"go png", "png", pngData, true},
		{"jfif", "jpeg", jfif(0), true},
		{"jfif thumbnail", "jpeg", jfif(2), false},
		{"exif", "jpeg", withEXIFGPS(jpg), false},
		{"comment", "jpeg", comment, false},
		{"after EOI", "jpeg", append(bytes.Clone(jpg), "zip"...), false},
		{"truncated jpeg", "jpeg", jpg[:len(jpg)-2], false},
		{"png text", "png", withTextAndTrailer(pngData)[:len(withTextAndTrailer(pngData))-len("SECRET TRAILER")], false},
		{"after IEND", "png", append(bytes.Clone(pngData), 0), false},
		{"truncated png", "png", pngData[:len(pngData)-1], false},
		{"gif", "gif", []byte("GIF89a"), false},
	} {
		if got := bare(c.format, c.data); got != c.want {
			t.Errorf("%s: bare=%v, want %v", c.name, got, c.want)
		}
	}
	// The test pictures decode: the walker accepted real files.
	if _, err := jpeg.Decode(bytes.NewReader(jfif(0))); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(pngData)); err != nil {
		t.Fatal(err)
	}
}

// Two pictures whose hashes share their first 32 bits — the whole of an old
// name's hash — get different names.
func TestNameUsesWholeHash(t *testing.T) {
	var a, b [sha256.Size]byte
	copy(a[:], []byte{0xab, 0xcd, 0x12, 0x34, 1})
	copy(b[:], []byte{0xab, 0xcd, 0x12, 0x34, 2})
	if Name(a, "x.jpg") == Name(b, "x.jpg") {
		t.Fatalf("two pictures both named %q", Name(a, "x.jpg"))
	}
	if got, want := len(Name(a, "x.jpg")), 64+1+len("x.jpg"); got != want {
		t.Fatalf("name length %d, want %d", got, want)
	}
}

func TestStoredName(t *testing.T) {
	data := []byte("any bytes")
	sum := sha256.Sum256(data)
	full := Name(sum, "")
	old := full[:8] + "-"
	for _, c := range []struct{ filename, want string }{
		{"Harbour at Dawn.svg", full + "harbour-at-dawn.svg"},
		{full + "harbour.svg", full + "harbour.svg"},                // an export, named in full
		{old + "harbour.svg", old + "harbour.svg"},                  // an older export: its name stays valid
		{"deadbeef-harbour.svg", full + "deadbeef-harbour.svg"},     // someone else's hash is just part of the name
		{strings.ToUpper(old) + "Harbour.svg", old + "harbour.svg"}, // names are lower case
		{old, full + old[:8] + ".svg"},                              // nothing after the hash
		{"../" + old + "x.svg", old + "x.svg"},                      // only the last element counts
	} {
		if got := StoredName(c.filename, data, ".svg"); got != c.want {
			t.Errorf("StoredName(%q)=%q, want %q", c.filename, got, c.want)
		}
	}
}
