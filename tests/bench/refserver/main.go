// Command refserver is the load test's reference: a bare net/http handler that
// writes one file's bytes from memory at every path, the "bare Go handler"
// that DESIGN.md's article-page budget is measured against.
//
//	refserver -addr 127.0.0.1:8081 -file page.html -gzip
//
// With -gzip, a client that accepts gzip gets a gzipped copy (the bytes of
// -gzfile when given, else -file compressed once at start) with
// Content-Encoding: gzip, as Broadsheet serves its cached pages.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address, host:port (port 0 picks a free one)")
	file := flag.String("file", "", "file whose bytes are served at every path (required)")
	useGzip := flag.Bool("gzip", false, "serve a gzipped copy, with Content-Encoding: gzip, to clients that accept it")
	gzFile := flag.String("gzfile", "", "with -gzip: pre-compressed bytes to serve instead of compressing -file")
	ctype := flag.String("type", "text/html; charset=utf-8", "Content-Type to send")
	flag.Parse()
	if *file == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	body, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	var gz []byte
	if *useGzip {
		if *gzFile != "" {
			if gz, err = os.ReadFile(*gzFile); err != nil {
				log.Fatal(err)
			}
		} else if gz, err = compress(body); err != nil {
			log.Fatal(err)
		}
	}

	h := newHandler(body, gz, *ctype)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("refserver listening on http://%s/ (%d bytes, gzip %d bytes)\n", ln.Addr(), len(body), len(gz))
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, IdleTimeout: 2 * time.Minute}
	log.Fatal(srv.Serve(ln))
}

// compress gzips b at the level Broadsheet's page cache uses.
func compress(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// newHandler writes body, or gz to clients that accept gzip when gz is set.
// Header values are built once so a request only writes bytes.
func newHandler(body, gz []byte, ctype string) http.Handler {
	typ := []string{ctype}
	plainLen := []string{strconv.Itoa(len(body))}
	gzLen := []string{strconv.Itoa(len(gz))}
	gzipEnc := []string{"gzip"}
	vary := []string{"Accept-Encoding"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Type"] = typ
		b, n := body, plainLen
		if gz != nil {
			h["Vary"] = vary
			if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				h["Content-Encoding"] = gzipEnc
				b, n = gz, gzLen
			}
		}
		h["Content-Length"] = n
		if r.Method == http.MethodHead {
			return
		}
		w.Write(b)
	})
}
