package gzsplice

// CRC-32 (IEEE) of a concatenation from the parts' CRCs: crc(A‖B) is crc(A)
// carried over len(B) zero bytes, xor crc(B). Carrying over n zero bytes is
// multiplication by x^(8n) modulo the CRC polynomial, computed by repeated
// squaring in O(log n) multiplications rather than by feeding n zeros.

// poly is the IEEE polynomial, bit-reversed as hash/crc32 uses it: the most
// significant term sits in bit 0, so "multiply by x" is a right shift.
const poly = 0xedb88320

// mulmod multiplies two polynomials modulo poly, in the reversed
// representation (bit 31 is x^0).
func mulmod(a, b uint32) uint32 {
	var p uint32
	for m := uint32(1) << 31; m != 0; m >>= 1 {
		if a&m != 0 {
			p ^= b
		}
		// b *= x
		if b&1 != 0 {
			b = b>>1 ^ poly
		} else {
			b >>= 1
		}
	}
	return p
}

// powers[k] is x^(2^k) modulo poly; xpow8n needs k up to 3+63.
var powers = func() (t [67]uint32) {
	p := uint32(1) << 30 // x^1
	for k := range t {
		t[k] = p
		p = mulmod(p, p)
	}
	return t
}()

// xpow8n is x^(8n) modulo poly.
func xpow8n(n int64) uint32 {
	p := uint32(1) << 31 // x^0
	for k := 3; n != 0; n, k = n>>1, k+1 {
		if n&1 != 0 {
			p = mulmod(powers[k], p)
		}
	}
	return p
}

// combine is the CRC-32 of A‖B from crc(A), crc(B) and len(B).
func combine(crcA, crcB uint32, lenB int64) uint32 {
	return mulmod(xpow8n(lenB), crcA) ^ crcB
}
