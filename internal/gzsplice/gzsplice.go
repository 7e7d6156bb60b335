// Package gzsplice builds gzip responses out of pieces compressed at
// different times: HTML compressed once when it changes (a Fragment) and the
// bytes around it compressed per request. A story's article costs its
// compression once per edit instead of once per request.
//
// It works because DEFLATE (RFC 1951) is a sequence of blocks: a compressor
// that ends on a sync flush leaves a byte-aligned, non-final run of blocks,
// and such runs can follow one another as long as no block refers back past
// its own run's start (each run here comes from a fresh compressor) and only
// the last block is final. The gzip trailer's CRC-32 of the whole is combined
// from each piece's CRC and length (crc.go), so a fragment is never
// decompressed to be served.
package gzsplice

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"github.com/klauspost/compress/flate"
	"hash/crc32"
	"io"
	"sync"
)

// Fragment is bytes compressed once: raw DEFLATE blocks ending with a sync
// flush, so they can be spliced into any stream, with the size and CRC-32 of
// what they inflate to.
type Fragment struct {
	Deflate []byte
	Size    int64
	CRC     uint32
}

// Compress makes a fragment of p at a compress/flate level.
func Compress(p []byte, level int) (Fragment, error) {
	if level < flate.HuffmanOnly || level > flate.BestCompression {
		return Fragment{}, fmt.Errorf("gzsplice: invalid compression level %d", level)
	}
	var buf bytes.Buffer
	fw := pool(level).Get().(*flate.Writer)
	defer pool(level).Put(fw)
	fw.Reset(&buf)
	if _, err := fw.Write(p); err != nil {
		return Fragment{}, err
	}
	// Flush, not Close: the sync flush ends the run on a byte boundary
	// without marking its last block final.
	if err := fw.Flush(); err != nil {
		return Fragment{}, err
	}
	return Fragment{Deflate: buf.Bytes(), Size: int64(len(p)), CRC: crc32.ChecksumIEEE(p)}, nil
}

// Inflate returns the fragment's uncompressed bytes, appended to dst.
func (f Fragment) Inflate(dst []byte) ([]byte, error) {
	// The run has no final block, so the reader reports an unexpected EOF
	// once it has produced everything; the size says when that is complete.
	fr := flate.NewReader(bytes.NewReader(f.Deflate))
	defer fr.Close()
	start := len(dst)
	dst = append(dst, make([]byte, f.Size)...)
	if _, err := io.ReadFull(fr, dst[start:]); err != nil {
		return dst[:start], err
	}
	return dst, nil
}

// Header of a gzip member (RFC 1952): no name, no time, OS unknown, as
// compress/gzip writes it by default.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}

// Writer writes one gzip member into a buffer: bytes written to it are
// compressed at its level as they come, fragments are copied as they are.
type Writer struct {
	dst   *bytes.Buffer
	level int
	fw    *flate.Writer // nil until literal bytes need it
	open  bool          // fw holds a run not yet flushed
	crc   uint32
	size  int64
}

// Compressors per level are pooled: a flate.Writer holds hundreds of
// kilobytes of state, too much to allocate per request.
var pools sync.Map // level -> *sync.Pool

func pool(level int) *sync.Pool {
	if p, ok := pools.Load(level); ok {
		return p.(*sync.Pool)
	}
	p, _ := pools.LoadOrStore(level, &sync.Pool{New: func() any {
		fw, _ := flate.NewWriter(nil, level)
		return fw
	}})
	return p.(*sync.Pool)
}

// NewWriter starts a gzip member in dst; literal bytes are compressed at
// level (flate.BestSpeed suits per-request bytes: its reset is cheap).
func NewWriter(dst *bytes.Buffer, level int) *Writer {
	dst.Write(gzipHeader)
	return &Writer{dst: dst, level: level}
}

// Write compresses p into the member.
func (w *Writer) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if !w.open {
		if w.fw == nil {
			w.fw = pool(w.level).Get().(*flate.Writer)
		}
		// A fresh run: it must not refer back to bytes a fragment added,
		// which this compressor never saw.
		w.fw.Reset(w.dst)
		w.open = true
	}
	w.crc = crc32.Update(w.crc, crc32.IEEETable, p)
	w.size += int64(len(p))
	return w.fw.Write(p)
}

// WriteString is Write for a string.
func (w *Writer) WriteString(s string) (int, error) {
	return w.Write([]byte(s))
}

// Splice appends a fragment's compressed bytes after what was written so far.
func (w *Writer) Splice(f Fragment) error {
	if f.Size == 0 {
		return nil
	}
	if err := w.flush(); err != nil {
		return err
	}
	w.dst.Write(f.Deflate)
	w.crc = combine(w.crc, f.CRC, f.Size)
	w.size += f.Size
	return nil
}

// WriteStored adds p as stored (uncompressed) blocks: for a few bytes
// between fragments — a URL, a path — cheaper than a compressed block,
// whose code tables cost more to build than the bytes would save.
func (w *Writer) WriteStored(p []byte) error {
	if len(p) == 0 {
		return nil
	}
	if err := w.flush(); err != nil {
		return err
	}
	w.crc = crc32.Update(w.crc, crc32.IEEETable, p)
	w.size += int64(len(p))
	for len(p) > 0 {
		n := min(len(p), 0xffff)
		// Byte-aligned here, so the 3-bit header (not final, type 00) and
		// its padding are one zero byte, then LEN and its complement.
		w.dst.Write([]byte{0, byte(n), byte(n >> 8), ^byte(n), ^byte(n >> 8)})
		w.dst.Write(p[:n])
		p = p[n:]
	}
	return nil
}

// flush ends the open run of literal bytes on a byte boundary.
func (w *Writer) flush() error {
	if !w.open {
		return nil
	}
	w.open = false
	return w.fw.Flush()
}

// Close ends the member: a final block, then the CRC-32 and size trailer.
// The writer returns its compressor to the pool and must not be used again.
func (w *Writer) Close() error {
	if !w.open {
		if w.fw == nil {
			w.fw = pool(w.level).Get().(*flate.Writer)
		}
		w.fw.Reset(w.dst) // an empty run whose Close is the final block
	}
	err := w.fw.Close()
	pool(w.level).Put(w.fw)
	w.fw, w.open = nil, false
	if err != nil {
		return err
	}
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], w.crc)
	binary.LittleEndian.PutUint32(trailer[4:], uint32(w.size))
	w.dst.Write(trailer[:])
	return nil
}

// Size is how many uncompressed bytes the member holds so far.
func (w *Writer) Size() int64 { return w.size }
