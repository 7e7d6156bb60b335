package photo

import (
	"bytes"
	"encoding/binary"
)

// bare reports whether a JPEG or PNG file holds its picture and nothing
// else: no EXIF, XMP, ICC profile, comment, text chunk, embedded thumbnail
// or bytes after its end. Broadsheet's own encoders write only such files,
// so a picture as stored is always bare and is imported again unchanged.
func bare(format string, data []byte) bool {
	switch format {
	case "jpeg":
		return bareJPEG(data)
	case "png":
		return barePNG(data)
	}
	return false
}

// bareJPEG walks a JPEG's segments. Allowed are those that describe the
// picture (frame, scan, tables, restart interval), a JFIF header without a
// thumbnail and Adobe's colour-transform marker; the file must end at EOI.
func bareJPEG(b []byte) bool {
	if len(b) < 4 || b[0] != 0xff || b[1] != 0xd8 {
		return false
	}
	i := 2
	for {
		if i >= len(b) || b[i] != 0xff {
			return false
		}
		for i < len(b) && b[i] == 0xff { // fill bytes may pad a marker
			i++
		}
		if i >= len(b) {
			return false
		}
		m := b[i]
		i++
		if m == 0xd9 { // EOI
			return i == len(b)
		}
		if i+2 > len(b) {
			return false
		}
		n := int(binary.BigEndian.Uint16(b[i:]))
		if n < 2 || i+n > len(b) || !bareSegment(m, b[i+2:i+n]) {
			return false
		}
		i += n
		if m != 0xda {
			continue
		}
		// Entropy-coded data follows SOS up to the next marker; 0xff00 is
		// a stuffed 0xff and RSTn markers belong to the scan.
		for {
			j := bytes.IndexByte(b[i:], 0xff)
			if j < 0 || i+j+1 >= len(b) {
				return false
			}
			i += j
			if c := b[i+1]; c == 0 || c >= 0xd0 && c <= 0xd7 {
				i += 2
				continue
			}
			break
		}
	}
}

func bareSegment(m byte, seg []byte) bool {
	switch {
	case m >= 0xc0 && m <= 0xcf && m != 0xc8: // SOFn, DHT (c4), DAC (cc)
		return true
	case m == 0xdb, m == 0xdd, m == 0xda: // DQT, DRI, SOS
		return true
	case m == 0xe0: // APP0: JFIF, with a 0×0 thumbnail only
		return len(seg) == 14 && string(seg[:5]) == "JFIF\x00" && seg[12] == 0 && seg[13] == 0
	case m == 0xee: // APP14: Adobe's colour transform, which decoding needs
		return len(seg) == 12 && string(seg[:5]) == "Adobe"
	}
	return false
}

// barePNGChunks are the chunks a bare PNG may have: the picture and how to
// show its colours. Text, EXIF, time, ICC profiles (which carry names) and
// anything unknown make it not bare.
var barePNGChunks = map[string]bool{
	"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true,
	"tRNS": true, "gAMA": true, "cHRM": true, "sRGB": true, "sBIT": true, "bKGD": true, "pHYs": true,
}

func barePNG(b []byte) bool {
	const sig = "\x89PNG\r\n\x1a\n"
	if len(b) < len(sig) || string(b[:len(sig)]) != sig {
		return false
	}
	for i := len(sig); i+12 <= len(b); {
		n := binary.BigEndian.Uint32(b[i:])
		if uint64(n) > uint64(len(b)-i-12) {
			return false
		}
		typ := string(b[i+4 : i+8])
		if !barePNGChunks[typ] {
			return false
		}
		i += 12 + int(n)
		if typ == "IEND" {
			return i == len(b)
		}
	}
	return false
}
