package photo

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif" // registers GIF with image.DecodeConfig, so the allow-list is tested too
	"image/jpeg"
	"image/png"
	"regexp"
	"testing"

	"broadsheet/internal/news"
)

// gradient is an opaque picture with detail, so encoders have work to do.
func gradient(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x ^ y) & 0xff), 0xff})
		}
	}
	return img
}

func makeJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, gradient(w, h), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// transparentCorner is a w×h picture whose top-left 100×100 is fully
// transparent and the rest opaque.
func transparentCorner(w, h int) *image.NRGBA {
	img := gradient(w, h)
	for y := range 100 {
		for x := range 100 {
			img.SetNRGBA(x, y, color.NRGBA{})
		}
	}
	return img
}

// webpLossless builds a VP8L (lossless WebP) file of a w×h picture in one
// colour. x/image has no WebP encoder, so the bit stream is written by hand:
// no transforms, no colour cache, no meta prefix codes, and five "simple"
// prefix codes of one symbol each. A one-symbol code takes no bits, so the
// pixel data is empty whatever the size.
func webpLossless(w, h int, c color.NRGBA) []byte {
	var bw bitWriter
	bw.write(0x2f, 8) // signature
	bw.write(uint32(w-1), 14)
	bw.write(uint32(h-1), 14)
	alpha := uint32(0)
	if c.A != 0xff {
		alpha = 1
	}
	bw.write(alpha, 1) // alpha_is_used hint
	bw.write(0, 3)     // version
	bw.write(0, 1)     // no transform
	bw.write(0, 1)     // no colour cache
	bw.write(0, 1)     // no meta prefix codes
	// Prefix codes in stream order: green, red, blue, alpha, distance.
	for _, sym := range []uint8{c.G, c.R, c.B, c.A, 0} {
		bw.write(1, 1) // simple code
		bw.write(0, 1) // one symbol
		if sym < 2 {
			bw.write(0, 1) // 1-bit symbol
			bw.write(uint32(sym), 1)
		} else {
			bw.write(1, 1) // 8-bit symbol
			bw.write(uint32(sym), 8)
		}
	}
	return riff("VP8L", bw.buf)
}

// riff wraps one chunk in a RIFF WEBP container.
func riff(fourCC string, payload []byte) []byte {
	padded := len(payload) + len(payload)&1
	out := []byte("RIFF")
	out = binary.LittleEndian.AppendUint32(out, uint32(4+8+padded))
	out = append(out, "WEBP"...)
	out = append(out, fourCC...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(payload)))
	out = append(out, payload...)
	if len(payload)&1 == 1 {
		out = append(out, 0)
	}
	return out
}

// bitWriter writes bits least significant first, as VP8L reads them.
type bitWriter struct {
	buf []byte
	n   uint
}

func (b *bitWriter) write(v uint32, bits uint) {
	for i := range bits {
		if b.n%8 == 0 {
			b.buf = append(b.buf, 0)
		}
		if v>>i&1 != 0 {
			b.buf[len(b.buf)-1] |= 1 << (b.n % 8)
		}
		b.n++
	}
}

// lossyWebP is a 1×1 lossy (VP8) WebP, the well-known feature-test sample.
func lossyWebP(t *testing.T) []byte {
	t.Helper()
	data, err := base64.StdEncoding.DecodeString("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

var nameRE = regexp.MustCompile(`^[0-9a-f]{64}-[a-z0-9_-]+\.(jpg|png)$`)

// checkFile decodes f and checks it against what it claims to be.
func checkFile(t *testing.T, f news.ImageFile) image.Image {
	t.Helper()
	if !nameRE.MatchString(f.Name) {
		t.Fatalf("name %q does not match %v", f.Name, nameRE)
	}
	if f.Credit != "" {
		t.Fatalf("%s: credit %q, want empty", f.Name, f.Credit)
	}
	img, format, err := image.Decode(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatalf("%s: decode: %v", f.Name, err)
	}
	if got, want := "image/"+format, f.ContentType; got != want {
		t.Fatalf("%s: data is %s, content type %s", f.Name, got, want)
	}
	if got, want := img.Bounds().Size(), image.Pt(f.Width, f.Height); got != want {
		t.Fatalf("%s: decodes to %v, says %v", f.Name, got, want)
	}
	return img
}

type size struct{ w, h int }

// checkProcessed checks main and its variants: sizes, names, types, and that
// every copy decodes and is distinct.
func checkProcessed(t *testing.T, main news.ImageFile, contentType string, mainSize size, variants []size) []image.Image {
	t.Helper()
	if got, want := main.ContentType, contentType; got != want {
		t.Fatalf("content type %q, want %q", got, want)
	}
	if got, want := (size{main.Width, main.Height}), mainSize; got != want {
		t.Fatalf("main %v, want %v", got, want)
	}
	if got, want := len(main.Variants), len(variants); got != want {
		t.Fatalf("%d variants, want %d", got, want)
	}
	imgs := []image.Image{checkFile(t, main)}
	seen := map[string]string{string(main.Data): main.Name}
	for i, v := range main.Variants {
		if got, want := (size{v.Width, v.Height}), variants[i]; got != want {
			t.Fatalf("variant %d: %v, want %v", i, got, want)
		}
		if got, want := v.Name, news.VariantName(main.Name, v.Width); got != want {
			t.Fatalf("variant %d: name %q, want %q", i, got, want)
		}
		if got, want := v.ContentType, contentType; got != want {
			t.Fatalf("variant %d: content type %q, want %q", i, got, want)
		}
		if len(v.Variants) != 0 {
			t.Fatalf("variant %d has variants", i)
		}
		if other, ok := seen[string(v.Data)]; ok {
			t.Fatalf("%s has the same data as %s", v.Name, other)
		}
		seen[string(v.Data)] = v.Name
		imgs = append(imgs, checkFile(t, v))
	}
	return imgs
}

func TestProcessJPEG(t *testing.T) {
	main, err := Process("Harbour at dawn.jpg", makeJPEG(t, 2000, 1000))
	if err != nil {
		t.Fatal(err)
	}
	checkProcessed(t, main, "image/jpeg", size{1600, 800}, []size{{480, 240}, {960, 480}})
	if got, want := main.Name[64:], "-harbour-at-dawn.jpg"; got != want {
		t.Fatalf("name %q, want suffix %q", main.Name, want)
	}
}

func TestProcessPNGKeepsAlpha(t *testing.T) {
	main, err := Process("chart.png", encodePNG(t, transparentCorner(800, 600)))
	if err != nil {
		t.Fatal(err)
	}
	imgs := checkProcessed(t, main, "image/png", size{800, 600}, []size{{480, 360}})
	for i, img := range imgs {
		if got, want := color.NRGBAModel.Convert(img.At(0, 0)).(color.NRGBA).A, uint8(0); got != want {
			t.Fatalf("copy %d: corner alpha %d, want %d", i, got, want)
		}
		b := img.Bounds()
		if got, want := color.NRGBAModel.Convert(img.At(b.Dx()/2, b.Dy()/2)).(color.NRGBA).A, uint8(0xff); got != want {
			t.Fatalf("copy %d: centre alpha %d, want %d", i, got, want)
		}
	}
}

func TestProcessSmall(t *testing.T) {
	main, err := Process("small.jpg", makeJPEG(t, 300, 200))
	if err != nil {
		t.Fatal(err)
	}
	checkProcessed(t, main, "image/jpeg", size{300, 200}, nil)
}

func TestProcessWidths(t *testing.T) {
	for _, tc := range []struct {
		w, h     int
		main     size
		variants []size
	}{
		{480, 100, size{480, 100}, nil},
		{481, 100, size{481, 100}, []size{{480, 100}}},
		{960, 3, size{960, 3}, []size{{480, 2}}},
		{1600, 450, size{1600, 450}, []size{{480, 135}, {960, 270}}},
		{1601, 450, size{1600, 450}, []size{{480, 135}, {960, 270}}},
		{1603, 1000, size{1600, 998}, []size{{480, 299}, {960, 599}}},
		{5000, 2, size{1600, 1}, []size{{480, 1}, {960, 1}}},
	} {
		// Plain RGBA: only sizes matter here, and it keeps -race quick.
		main, err := Process("w.png", encodePNG(t, image.NewRGBA(image.Rect(0, 0, tc.w, tc.h))))
		if err != nil {
			t.Fatalf("%dx%d: %v", tc.w, tc.h, err)
		}
		checkProcessed(t, main, "image/png", tc.main, tc.variants)
	}
}

func TestProcessByContent(t *testing.T) {
	main, err := Process("photo.jpg", encodePNG(t, gradient(200, 100)))
	if err != nil {
		t.Fatal(err)
	}
	checkProcessed(t, main, "image/png", size{200, 100}, nil)
	if got, want := main.Name[64:], "-photo.png"; got != want {
		t.Fatalf("name %q, want suffix %q", main.Name, want)
	}

	main, err = Process("scan.png", makeJPEG(t, 200, 100))
	if err != nil {
		t.Fatal(err)
	}
	checkProcessed(t, main, "image/jpeg", size{200, 100}, nil)
	if got, want := main.Name[64:], "-scan.jpg"; got != want {
		t.Fatalf("name %q, want suffix %q", main.Name, want)
	}
}

func TestProcessWebP(t *testing.T) {
	blue := color.NRGBA{0x20, 0x40, 0xc0, 0xff}
	main, err := Process("sea.webp", webpLossless(1200, 900, blue))
	if err != nil {
		t.Fatal(err)
	}
	imgs := checkProcessed(t, main, "image/jpeg", size{1200, 900}, []size{{480, 360}, {960, 720}})
	if got, want := main.Name[64:], "-sea.jpg"; got != want {
		t.Fatalf("name %q, want suffix %q", main.Name, want)
	}
	for i, img := range imgs {
		if got, want := img.At(10, 10), blue; !near(got, want) {
			t.Fatalf("copy %d: pixel %v, want about %v", i, got, want)
		}
	}

	// JPEG has no alpha: a translucent WebP is put on white.
	main, err = Process("glass.webp", webpLossless(600, 400, color.NRGBA{0xff, 0, 0, 0x80}))
	if err != nil {
		t.Fatal(err)
	}
	imgs = checkProcessed(t, main, "image/jpeg", size{600, 400}, []size{{480, 320}})
	for i, img := range imgs {
		if got, want := img.At(10, 10), (color.NRGBA{0xff, 0x7f, 0x7f, 0xff}); !near(got, want) {
			t.Fatalf("copy %d: pixel %v, want about %v", i, got, want)
		}
	}

	main, err = Process("dot.webp", lossyWebP(t))
	if err != nil {
		t.Fatal(err)
	}
	checkProcessed(t, main, "image/jpeg", size{1, 1}, nil)
}

// near reports whether two colours are within JPEG's error of each other.
func near(a, b color.Color) bool {
	x := color.NRGBAModel.Convert(a).(color.NRGBA)
	y := color.NRGBAModel.Convert(b).(color.NRGBA)
	d := func(p, q uint8) int { return max(int(p)-int(q), int(q)-int(p)) }
	return d(x.R, y.R) <= 8 && d(x.G, y.G) <= 8 && d(x.B, y.B) <= 8 && x.A == y.A
}

func TestProcessNotPhoto(t *testing.T) {
	var gifBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, gradient(20, 10), nil); err != nil {
		t.Fatal(err)
	}
	jpg := makeJPEG(t, 400, 300)
	pngData := encodePNG(t, gradient(400, 300))
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"html", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")},
		{"text", []byte("just some text, not a picture at all")},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`)},
		{"gif", gifBuf.Bytes()},
		{"truncated jpeg", jpg[:len(jpg)/2]},
		{"jpeg header only", jpg[:2]},
		{"truncated png", pngData[:len(pngData)/2]},
		{"webp garbage", riff("VP8 ", bytes.Repeat([]byte{0x5a}, 64))},
		{"webp lossless garbage", riff("VP8L", append([]byte{0x2f, 0x13, 0x40, 0x24, 0x00}, bytes.Repeat([]byte{0xff}, 32)...))},
		{"riff not webp", []byte("RIFF\x10\x00\x00\x00WAVEfmt \x00\x00\x00\x00")},
	} {
		_, err := Process("x.jpg", tc.data)
		if got, want := errors.Is(err, ErrNotPhoto), true; got != want {
			t.Fatalf("%s: error %v, want ErrNotPhoto", tc.name, err)
		}
	}
}

// withSize rewrites the width and height in a PNG's IHDR chunk and fixes its CRC.
func withSize(data []byte, w, h uint32) []byte {
	out := bytes.Clone(data)
	// 8-byte signature, then IHDR: length(4) "IHDR"(4) width(4) height(4) ... CRC at 29.
	binary.BigEndian.PutUint32(out[16:], w)
	binary.BigEndian.PutUint32(out[20:], h)
	binary.BigEndian.PutUint32(out[29:], crc32.ChecksumIEEE(out[12:29]))
	return out
}

// jpegWithSize rewrites the height and width in a baseline JPEG's SOF0 segment.
func jpegWithSize(t *testing.T, data []byte, w, h uint16) []byte {
	t.Helper()
	out := bytes.Clone(data)
	i := bytes.Index(out, []byte{0xff, 0xc0})
	if i < 0 {
		t.Fatal("no SOF0 marker")
	}
	// FF C0, length(2), precision(1), height(2), width(2).
	binary.BigEndian.PutUint16(out[i+5:], h)
	binary.BigEndian.PutUint16(out[i+7:], w)
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(out)); err != nil || cfg.Width != int(w) || cfg.Height != int(h) {
		t.Fatalf("patched SOF0 reads as %+v, %v", cfg, err)
	}
	return out
}

func TestProcessTooLarge(t *testing.T) {
	small := encodePNG(t, gradient(10, 10))
	if _, err := png.DecodeConfig(bytes.NewReader(withSize(small, 10, 10))); err != nil {
		t.Fatalf("patched IHDR does not parse: %v", err)
	}
	big := append(bytes.Clone(small), make([]byte, MaxBytes+1-len(small))...)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"bytes", big},
		// The pixel data is for 10×10, so reaching the decoder would give
		// ErrNotPhoto: ErrTooLarge shows the header alone was read.
		{"png 10000x10000", withSize(small, 10000, 10000)},
		{"png 1xMaxPixels+1", withSize(small, 1, MaxPixels+1)},
		{"png 65535x65535", withSize(small, 65535, 65535)},
		{"jpeg 65535x65535", jpegWithSize(t, makeJPEG(t, 16, 16), 65535, 65535)},
		{"webp 16384x16384", webpLossless(16384, 16384, color.NRGBA{A: 0xff})},
		// 16-bit pictures decode to twice the bytes, so half the pixels are allowed.
		{"16-bit png 4000x3001", withSize(encodePNG(t, image.NewNRGBA64(image.Rect(0, 0, 10, 10))), 4000, 3001)},
	} {
		_, err := Process("x.png", tc.data)
		if got, want := errors.Is(err, ErrTooLarge), true; got != want {
			t.Fatalf("%s: error %v, want ErrTooLarge", tc.name, err)
		}
	}
}

func TestProcessDropsEXIF(t *testing.T) {
	jpg := makeJPEG(t, 1000, 500)
	// APP1 Exif segment: a big-endian TIFF header, then text standing in
	// for the GPS position a phone would write.
	payload := append([]byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x00"), "GPS 51.5072N 0.1276W"...)
	seg := []byte{0xff, 0xe1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(2+len(payload)))
	seg = append(seg, payload...)
	withEXIF := append(append(bytes.Clone(jpg[:2]), seg...), jpg[2:]...)
	if got, want := bytes.Contains(withEXIF, []byte("Exif")), true; got != want {
		t.Fatal("fixture has no Exif")
	}

	main, err := Process("IMG_0001.JPG", withEXIF)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append([]news.ImageFile{main}, main.Variants...) {
		for _, s := range []string{"Exif", "GPS"} {
			if got, want := bytes.Contains(f.Data, []byte(s)), false; got != want {
				t.Fatalf("%s contains %q", f.Name, s)
			}
		}
	}
}

func TestProcessNames(t *testing.T) {
	jpg := makeJPEG(t, 64, 48)
	pngData := encodePNG(t, gradient(64, 48))
	for _, tc := range []struct {
		filename string
		data     []byte
		want     string // after the hash and dash
	}{
		{"../../etc/passwd.JPG", jpg, "passwd.jpg"},
		{`C:\Users\me\IMG 0001.jpeg`, jpg, "img-0001.jpg"},
		{"照片.png", pngData, "photo.png"},
		{"", jpg, "photo.jpg"},
		{"..", jpg, "photo.jpg"},
		{".jpg", jpg, "photo.jpg"},
		{"  Harbour -- at   Dawn!!.webp", jpg, "harbour-at-dawn.jpg"},
		{"Über_Straße 2.png", pngData, "ber_stra-e-2.png"},
		{"a/b\\c/-edge-.png", pngData, "edge.png"},
		{"no-extension", pngData, "no-extension.png"},
		{"archive.tar.gz", jpg, "archive-tar.jpg"},
		{"x.jpg\x00.php", jpg, "x-jpg.jpg"},
		{"<script>alert(1)</script>.jpg", jpg, "script.jpg"}, // "/" in "</script>" is a separator
		{"0123456789012345678901234567890123456789-abc.jpg", jpg, "0123456789012345678901234567890123456789.jpg"},
		{"012345678901234567890123456789012345678-abc.jpg", jpg, "012345678901234567890123456789012345678.jpg"},
	} {
		main, err := Process(tc.filename, tc.data)
		if err != nil {
			t.Fatalf("%q: %v", tc.filename, err)
		}
		if !nameRE.MatchString(main.Name) {
			t.Fatalf("%q: name %q does not match %v", tc.filename, main.Name, nameRE)
		}
		if got, want := main.Name[65:], tc.want; got != want {
			t.Fatalf("%q: name %q, want %q after the hash", tc.filename, main.Name, want)
		}
	}
}

func TestProcessNameIsContentHash(t *testing.T) {
	jpg := makeJPEG(t, 640, 480)
	a, err := Process("a.jpg", jpg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Process("a.jpg", jpg)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := b.Name, a.Name; got != want {
		t.Fatalf("same upload named %q then %q", got, want)
	}
	c, err := Process("a.jpg", makeJPEG(t, 641, 480))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Name[:64] != a.Name[:64], true; got != want {
		t.Fatalf("different uploads both named %q", a.Name)
	}
}

func BenchmarkProcess(b *testing.B) {
	data := makeJPEG(b, 3000, 2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Process("bench.jpg", data); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCheckSize(t *testing.T) {
	for _, c := range []struct {
		cfg  image.Config
		want error
	}{
		{image.Config{ColorModel: color.YCbCrModel, Width: 6000, Height: 4000}, nil},
		{image.Config{ColorModel: color.YCbCrModel, Width: 6000, Height: 4001}, ErrTooLarge},
		{image.Config{ColorModel: color.NRGBA64Model, Width: 4000, Height: 3000}, nil},
		{image.Config{ColorModel: color.NRGBA64Model, Width: 4000, Height: 3001}, ErrTooLarge},
		{image.Config{ColorModel: color.RGBAModel, Width: 0, Height: 10}, ErrNotPhoto},
	} {
		if got := CheckSize(c.cfg); !errors.Is(got, c.want) {
			t.Errorf("CheckSize(%dx%d)=%v, want %v", c.cfg.Width, c.cfg.Height, got, c.want)
		}
	}
}

// A phone photo stored sideways with EXIF orientation 6 ("rotate 90° clockwise
// to show") comes out upright, and without the tag.
func TestProcessAppliesEXIFOrientation(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 400, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 400; x++ {
			c := color.RGBA{220, 30, 30, 255} // left half red
			if x >= 200 {
				c = color.RGBA{30, 30, 220, 255} // right half blue
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	jpg := b.Bytes()
	// APP1: Exif, big-endian TIFF header, one IFD entry: Orientation (0x0112), SHORT, 1, value 6.
	payload := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00")
	seg := binary.BigEndian.AppendUint16([]byte{0xff, 0xe1}, uint16(2+len(payload)))
	sideways := append(append(bytes.Clone(jpg[:2]), append(seg, payload...)...), jpg[2:]...)

	main, err := Process("phone.jpg", sideways)
	if err != nil {
		t.Fatal(err)
	}
	if main.Width != 200 || main.Height != 400 {
		t.Fatalf("upright size %dx%d, want 200x400", main.Width, main.Height)
	}
	out, err := jpeg.Decode(bytes.NewReader(main.Data))
	if err != nil {
		t.Fatal(err)
	}
	top, bottom := out.At(100, 50), out.At(100, 350)
	if r, _, bl, _ := top.RGBA(); r < bl {
		t.Fatalf("top is %v, want the red half (rotated clockwise)", top)
	}
	if r, _, bl, _ := bottom.RGBA(); bl < r {
		t.Fatalf("bottom is %v, want the blue half", bottom)
	}
	if bytes.Contains(main.Data, []byte("Exif")) {
		t.Fatal("the upright copy still carries EXIF")
	}
}
