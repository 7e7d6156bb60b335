// Package photo prepares newsroom uploads and imported pictures: checked by
// content, re-encoded (which drops EXIF/GPS metadata) unless they hold
// nothing but the picture, named by their whole content hash, and resized for srcset.
package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"path"
	"slices"
	"strings"

	"github.com/disintegration/imaging"
	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"broadsheet/internal/news"
)

// MaxBytes is the largest upload accepted.
const MaxBytes = 10 << 20

// MaxPixels guards against decompression bombs: a small file that declares
// huge dimensions. It is checked against the header, before decoding, and
// counts double for 16-bit pictures, which decode to twice the bytes. 24
// megapixels is a 6000×4000 camera photo.
const MaxPixels = 24_000_000

// CheckSize refuses a picture whose header promises more than MaxPixels
// (16-bit ones counted double), before anything is decoded.
func CheckSize(cfg image.Config) error {
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fmt.Errorf("%w: %dx%d pixels", ErrNotPhoto, cfg.Width, cfg.Height)
	}
	limit := MaxPixels
	switch cfg.ColorModel {
	case color.RGBA64Model, color.NRGBA64Model, color.Gray16Model:
		limit /= 2
	}
	// Division rather than multiplication: the product can overflow.
	if cfg.Width > limit/cfg.Height {
		return fmt.Errorf("%w: %dx%d pixels, limit %d", ErrTooLarge, cfg.Width, cfg.Height, limit)
	}
	return nil
}

// busy lets one picture be decoded and scaled at a time: each takes up to a
// few hundred megabytes for a moment, and uploads are rare enough to queue.
var busy = make(chan struct{}, 1)

// Widths are the responsive widths. The widest copy kept is
// min(original width, the largest of Widths); the others become variants.
var Widths = []int{480, 960, 1600}

var (
	// ErrTooLarge reports an upload of more than MaxBytes or MaxPixels.
	ErrTooLarge = errors.New("photo: too large")
	// ErrNotPhoto reports an upload that is not a JPEG, PNG or WebP by its
	// content (the file name is never trusted), or that does not decode.
	ErrNotPhoto = errors.New("photo: not a JPEG, PNG or WebP picture")
)

// jpegQuality is used for every JPEG written.
const jpegQuality = 82

// Process checks data by content and returns the stored picture: Main is the
// re-encoded image at its widest kept width, Main.Variants the smaller copies (ascending widths).
//
// A JPEG's EXIF orientation is applied (github.com/disintegration/imaging),
// so a phone photo stored sideways with an orientation tag comes out upright;
// the re-encoded copies carry no EXIF at all.
func Process(filename string, data []byte) (news.ImageFile, error) {
	cfg, format, err := check(data)
	if err != nil {
		return news.ImageFile{}, err
	}
	busy <- struct{}{}
	defer func() { <-busy }()
	main, err := reencode(filename, data, cfg, format)
	if err != nil {
		return news.ImageFile{}, err
	}
	if main.Variants, err = variants(main); err != nil {
		return news.ImageFile{}, err
	}
	return main, nil
}

// Import prepares a picture read from an edition directory, without its
// smaller copies (see Variants). A bare JPEG or PNG — nothing but the
// picture, see bare — is kept byte for byte: every picture Broadsheet stores
// is bare, so an exported edition imports back unchanged, under the same
// names (StoredName). Any other picture is re-encoded as an upload is, which
// drops its EXIF, GPS position, text and anything after its end.
func Import(filename string, data []byte) (news.ImageFile, error) {
	cfg, format, err := check(data)
	if err != nil {
		return news.ImageFile{}, err
	}
	if bare(format, data) {
		ext := ".jpg"
		if format == "png" {
			ext = ".png"
		}
		return news.ImageFile{Name: StoredName(filename, data, ext), ContentType: "image/" + format,
			Width: cfg.Width, Height: cfg.Height, Data: data}, nil
	}
	busy <- struct{}{}
	defer func() { <-busy }()
	return reencode(filename, data, cfg, format)
}

// check refuses data that is too large or not a JPEG, PNG or WebP by its
// header, before anything is decoded.
func check(data []byte) (image.Config, string, error) {
	if len(data) == 0 {
		return image.Config{}, "", fmt.Errorf("%w: empty upload", ErrNotPhoto)
	}
	if len(data) > MaxBytes {
		return image.Config{}, "", fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(data), MaxBytes)
	}
	// image.DecodeConfig reads only the header. Whatever formats other
	// packages in the binary have registered (GIF, say), only the three
	// below are accepted, and each is then decoded by its own package.
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return cfg, "", fmt.Errorf("%w: %v", ErrNotPhoto, err)
	}
	switch format {
	case "jpeg", "png", "webp":
	default:
		return cfg, "", fmt.Errorf("%w: format %q", ErrNotPhoto, format)
	}
	return cfg, format, CheckSize(cfg)
}

// reencode decodes a checked picture and encodes it again at its widest kept
// width, named after the new bytes. The caller holds busy.
func reencode(filename string, data []byte, cfg image.Config, format string) (news.ImageFile, error) {
	var decode func(*bytes.Reader) (image.Image, error)
	switch format {
	case "jpeg":
		decode = func(r *bytes.Reader) (image.Image, error) { return imaging.Decode(r, imaging.AutoOrientation(true)) }
	case "png":
		decode = func(r *bytes.Reader) (image.Image, error) { return png.Decode(r) }
	default:
		decode = func(r *bytes.Reader) (image.Image, error) { return webp.Decode(r) }
	}
	src, err := decode(bytes.NewReader(data))
	if err != nil {
		return news.ImageFile{}, fmt.Errorf("%w: %s: %v", ErrNotPhoto, format, err)
	}
	b := src.Bounds()
	turned := b.Dx() == cfg.Height && b.Dy() == cfg.Width // rotated upright by its EXIF orientation
	if (b.Dx() != cfg.Width || b.Dy() != cfg.Height) && !(format == "jpeg" && turned) {
		return news.ImageFile{}, fmt.Errorf("%w: %s decodes to %dx%d, header says %dx%d",
			ErrNotPhoto, format, b.Dx(), b.Dy(), cfg.Width, cfg.Height)
	}

	// PNG stays PNG, since it may be transparent or a drawing that JPEG would
	// smear; photographs (JPEG, WebP) are written as JPEG.
	enc := encoder{png: format == "png"}
	if !enc.png {
		enc.flatten = !opaque(src)
	}
	mainW, _ := plan(b.Dx())
	main, err := enc.copy(src, mainW)
	if err != nil {
		return news.ImageFile{}, err
	}
	main.Name = Name(sha256.Sum256(main.Data), baseName(filename, enc.ext()))
	return main, nil
}

// Name is a stored picture's name: the whole SHA-256 of its stored bytes in
// hex, a dash and base. The whole hash, so that two different pictures never
// share a name; names with only its first 8 digits, made before, stay valid.
func Name(sum [sha256.Size]byte, base string) string {
	return hex.EncodeToString(sum[:]) + "-" + base
}

// StoredName names data, read from a file called filename, for storing. A
// name that already starts with data's hash — a file an export wrote — is
// kept as it is, whether it carries the whole hash or, from before, its
// first 8 hex digits, so an exported edition imports back under the same
// names. Any other becomes Name(sha256(data), a safe base ending in ext).
func StoredName(filename string, data []byte, ext string) string {
	sum := sha256.Sum256(data)
	full := hex.EncodeToString(sum[:])
	base := strings.ToLower(path.Base(strings.ReplaceAll(filename, `\`, "/")))
	for _, prefix := range []string{full + "-", full[:8] + "-"} {
		if len(base) > len(prefix) && strings.HasPrefix(base, prefix) {
			return base
		}
	}
	return Name(sum, baseName(filename, ext))
}

// Variants makes the smaller copies of a stored JPEG or PNG for srcset, from
// its stored bytes: the same picture always gives the same copies, so an
// exported edition imports back to the same library, and scaling from the
// (at most 1600 px) stored copy keeps memory small. Other types get none.
func Variants(im news.ImageFile) ([]news.ImageFile, error) {
	if im.ContentType != "image/jpeg" && im.ContentType != "image/png" {
		return nil, nil
	}
	busy <- struct{}{}
	defer func() { <-busy }()
	return variants(im)
}

func variants(im news.ImageFile) ([]news.ImageFile, error) {
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(im.Data)); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrNotPhoto, im.Name, err)
	} else if err := CheckSize(cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", im.Name, err)
	}
	var img image.Image
	var err error
	enc := encoder{}
	switch im.ContentType {
	case "image/jpeg":
		img, err = jpeg.Decode(bytes.NewReader(im.Data))
	case "image/png":
		enc.png = true
		img, err = png.Decode(bytes.NewReader(im.Data))
	default:
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrNotPhoto, im.Name, err)
	}
	_, ws := plan(img.Bounds().Dx())
	var out []news.ImageFile
	for _, w := range ws {
		v, err := enc.copy(img, w)
		if err != nil {
			return nil, err
		}
		v.Name = news.VariantName(im.Name, w)
		out = append(out, v)
	}
	return out, nil
}

// plan returns the width of the main copy for a picture w pixels wide and
// the widths of the smaller variants, ascending. Nothing is upscaled.
func plan(w int) (mainW int, variants []int) {
	ws := slices.Clone(Widths)
	slices.Sort(ws)
	ws = slices.Compact(ws)
	mainW = w
	if len(ws) > 0 && ws[len(ws)-1] < w {
		mainW = ws[len(ws)-1]
	}
	for _, v := range ws {
		if v > 0 && v < mainW {
			variants = append(variants, v)
		}
	}
	return mainW, variants
}

// encoder writes one copy of the decoded picture.
type encoder struct {
	png     bool // write PNG rather than JPEG
	flatten bool // JPEG from a transparent source: composite onto white
}

func (e encoder) ext() string {
	if e.png {
		return ".png"
	}
	return ".jpg"
}

// copy encodes src scaled to width w (height in proportion, at least 1).
func (e encoder) copy(src image.Image, w int) (news.ImageFile, error) {
	b := src.Bounds()
	h := max(1, (w*b.Dy()+b.Dx()/2)/b.Dx())

	// Halving first, while the picture is at least twice as wide as wanted,
	// shrinks the scratch memory x/image's kernel scaling needs (32 bytes per
	// output column per source row). At exactly half size, bilinear sampling
	// falls midway between pixels, so it averages each 2×2 block: a box filter.
	for src.Bounds().Dx() >= 2*w && src.Bounds().Dy() >= 2 {
		sb := src.Bounds()
		half := image.NewRGBA(image.Rect(0, 0, sb.Dx()/2, sb.Dy()/2))
		draw.ApproxBiLinear.Scale(half, half.Bounds(), src, image.Rect(sb.Min.X, sb.Min.Y, sb.Min.X+half.Bounds().Dx()*2, sb.Min.Y+half.Bounds().Dy()*2), draw.Src, nil)
		src = half
	}
	b = src.Bounds()

	img := src
	switch {
	case w != b.Dx() || h != b.Dy(): // halving may leave the height a pixel off
		// Scaling into premultiplied RGBA keeps alpha and is the fast
		// path in x/image/draw; the PNG encoder writes it back out as
		// non-premultiplied RGBA when it is not opaque.
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		op := draw.Src
		if e.flatten {
			draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
			op = draw.Over
		}
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, op, nil)
		img = dst
	case e.flatten:
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
		draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Over)
		img = dst
	}
	// At the original size the decoded picture is encoded as it is, which
	// keeps a PNG's bit depth and palette.

	var buf bytes.Buffer
	f := news.ImageFile{Width: img.Bounds().Dx(), Height: img.Bounds().Dy()}
	if e.png {
		f.ContentType = "image/png"
		if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img); err != nil {
			return news.ImageFile{}, fmt.Errorf("photo: encode png: %w", err)
		}
	} else {
		f.ContentType = "image/jpeg"
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality}); err != nil {
			return news.ImageFile{}, fmt.Errorf("photo: encode jpeg: %w", err)
		}
	}
	f.Data = buf.Bytes()
	return f, nil
}

// opaque reports whether img has no transparent pixels.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

// maxBase is the longest name kept from the upload's file name.
const maxBase = 40

// baseName makes a safe stored name from the uploaded file name: its last
// element (with / or \ as separators), lower-cased, characters other than
// a-z 0-9 - _ turned into single dashes, at most maxBase characters, with
// ext in place of whatever extension it had. It falls back to "photo".
func baseName(filename, ext string) string {
	base := path.Base(strings.ReplaceAll(filename, `\`, "/"))
	base = strings.ToLower(strings.TrimSuffix(base, path.Ext(base)))
	var sb strings.Builder
	dash := false
	for _, r := range base {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			sb.WriteRune(r)
			dash = false
		} else if !dash {
			sb.WriteByte('-')
			dash = true
		}
	}
	s := strings.Trim(sb.String(), "-")
	if len(s) > maxBase {
		s = strings.TrimRight(s[:maxBase], "-")
	}
	if s == "" {
		s = "photo"
	}
	return s + ext
}
