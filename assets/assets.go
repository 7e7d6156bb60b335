// Package assets embeds the site's static files and serves them under
// fingerprinted names (content hash in the name) so they can be cached for a year.
package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/andybalholm/brotli"
)

//go:embed static
var files embed.FS

// File is one static file ready to serve.
type File struct {
	ContentType string
	Data        []byte
	Gzip        []byte // nil when compression does not pay
	Brotli      []byte // likewise
}

var (
	byURL  = map[string]*File{}  // fingerprinted URL path → file
	urlFor = map[string]string{} // logical name → fingerprinted URL path
)

func init() {
	err := fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(data)
		ext := path.Ext(name)
		u := "/assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		f := &File{ContentType: mime.TypeByExtension(ext), Data: data}
		if strings.HasPrefix(f.ContentType, "text/") || ext == ".js" || ext == ".svg" {
			var b bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
			zw.Write(data)
			zw.Close()
			if b.Len() < len(data) {
				f.Gzip = b.Bytes()
			}
			var bb bytes.Buffer
			bw := brotli.NewWriterLevel(&bb, brotli.BestCompression)
			bw.Write(data)
			bw.Close()
			if bb.Len() < len(data) {
				f.Brotli = bb.Bytes()
			}
		}
		byURL[u] = f
		urlFor[name] = u
		return nil
	})
	if err != nil {
		panic("assets: " + err.Error()) // the embedded tree is fixed at build time
	}
}

// URL is the fingerprinted path of a static file, e.g. URL("site.css").
func URL(name string) string {
	if u, ok := urlFor[name]; ok {
		return u
	}
	return "/assets/" + name
}

// Lookup finds a file by its fingerprinted URL path.
func Lookup(urlPath string) (*File, bool) {
	f, ok := byURL[urlPath]
	return f, ok
}
