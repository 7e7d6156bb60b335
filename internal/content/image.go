package content

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // registered for DecodeConfig
	_ "image/png"  // registered for DecodeConfig
	"io"
	"path"
	"strconv"
	"strings"

	"broadsheet/internal/news"
	"broadsheet/internal/photo"
)

// maxImageBytes bounds any picture the site stores.
const maxImageBytes = 8 << 20

// Image checks a picture by its content, not its name, and returns it with its
// type and pixel size. The stored name carries the content's hash
// (photo.StoredName), so it can be served as immutable.
func Image(name string, data []byte) (news.ImageFile, error) {
	im := news.ImageFile{Data: data}
	if len(data) == 0 || len(data) > maxImageBytes {
		return im, fmt.Errorf("image %s: empty or larger than %d bytes", name, maxImageBytes)
	}
	if cfg, format, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		// Its smaller copies are made by decoding it: refuse a bomb here.
		if err := photo.CheckSize(cfg); err != nil {
			return im, fmt.Errorf("image %s: %w", name, err)
		}
		im.ContentType, im.Width, im.Height = "image/"+format, cfg.Width, cfg.Height
	} else if w, h, err := svgSize(data); err == nil {
		im.ContentType, im.Width, im.Height = "image/svg+xml", w, h
	} else {
		return im, fmt.Errorf("image %s: not a JPEG, PNG or safe SVG: %w", name, err)
	}
	im.Name = photo.StoredName(name, data, strings.ToLower(path.Ext(name)))
	return im, nil
}

// svgSize reads the root width and height of an SVG, refusing anything that
// could run script or fetch another resource.
func svgSize(data []byte) (int, int, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	w, h := 0, 0
	root := true
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, 0, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		el := strings.ToLower(se.Name.Local)
		if root {
			if el != "svg" {
				return 0, 0, errors.New("root is not <svg>")
			}
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "width":
					w, _ = strconv.Atoi(strings.TrimSuffix(a.Value, "px"))
				case "height":
					h, _ = strconv.Atoi(strings.TrimSuffix(a.Value, "px"))
				}
			}
			root = false
		}
		switch el {
		case "script", "foreignobject", "iframe", "style", "image":
			return 0, 0, fmt.Errorf("<%s> is not allowed", el)
		}
		for _, a := range se.Attr {
			n := strings.ToLower(a.Name.Local)
			if strings.HasPrefix(n, "on") || n == "style" {
				return 0, 0, fmt.Errorf("attribute %s is not allowed", n)
			}
			if n == "href" && !strings.HasPrefix(a.Value, "#") {
				return 0, 0, errors.New("external references are not allowed")
			}
		}
	}
	if root {
		return 0, 0, errors.New("no <svg> element")
	}
	if w <= 0 || h <= 0 {
		return 0, 0, errors.New("no width and height on <svg>")
	}
	return w, h, nil
}
