// Package y3 is a minimal implementation of the Y3 TLV codec (draft-01 tag byte, signed PVarInt32
// lengths, NVarInt integers) as used by every YoMo frame since v1.4. It is written from the
// specification in docs/yomo-protocol.md §1 so that it can serve as an independent cross-check of
// the Java codec.
package y3

import "fmt"

// pvarIntSize is the number of 7-bit groups needed for v, sign-extended from the given width.
func pvarIntSize(v int64, width uint) int {
	lead := v >> (width - 1)
	for size := int(width / 7); size > 0; size-- {
		if v>>(uint(size)*7-1) != lead {
			return size + 1
		}
	}
	return 1
}

func appendPVarInt(dst []byte, v int64, width uint) []byte {
	n := pvarIntSize(v, width)
	for i := n - 1; i > 0; i-- {
		dst = append(dst, byte((v>>(7*uint(i)))&0x7F)|0x80)
	}
	return append(dst, byte(v&0x7F))
}

// AppendPVarInt32 appends the PVarInt encoding of v (used for TLV lengths and legacy integers).
func AppendPVarInt32(dst []byte, v int32) []byte { return appendPVarInt(dst, int64(v), 32) }

// AppendPVarInt64 appends the PVarInt encoding of v.
func AppendPVarInt64(dst []byte, v int64) []byte { return appendPVarInt(dst, v, 64) }

// AppendPVarUInt32 appends v reinterpreted as int32, exactly as Go's y3 does.
func AppendPVarUInt32(dst []byte, v uint32) []byte { return AppendPVarInt32(dst, int32(v)) }

// maxPVarInt32Bytes is the longest PVarInt encoding of a 32-bit value.
const maxPVarInt32Bytes = 5

// DecodePVarInt32 decodes a PVarInt32 at the start of b and returns the value and the bytes used.
func DecodePVarInt32(b []byte) (int32, int, error) {
	if len(b) == 0 {
		return 0, 0, fmt.Errorf("y3: pvarint: no bytes")
	}
	var v int64
	if b[0]&0x40 != 0 {
		v = -1
	}
	for i := 0; i < len(b); i++ {
		if i == maxPVarInt32Bytes {
			return 0, 0, fmt.Errorf("y3: pvarint32 longer than %d bytes", maxPVarInt32Bytes)
		}
		v = v<<7 | int64(b[i]&0x7F)
		if b[i]&0x80 == 0 {
			if v < -1<<31 || v > 1<<31-1 {
				return 0, 0, fmt.Errorf("y3: pvarint32 value %d out of range", v)
			}
			return int32(v), i + 1, nil
		}
	}
	return 0, 0, fmt.Errorf("y3: pvarint32 truncated after %d bytes", len(b))
}

// nvarIntSize is the minimal number of two's-complement bytes holding v at the given width.
func nvarIntSize(v int64, width uint) int {
	lead := v >> (width - 1)
	for size := int(width/8) - 1; size > 0; size-- {
		if v>>(uint(size)*8-1) != lead {
			return size + 1
		}
	}
	return 1
}

func appendNVarInt(dst []byte, v int64, width uint) []byte {
	for i := nvarIntSize(v, width) - 1; i >= 0; i-- {
		dst = append(dst, byte(v>>(8*uint(i))))
	}
	return dst
}

// AppendNVarInt32 appends the minimal big-endian two's-complement bytes of v.
func AppendNVarInt32(dst []byte, v int32) []byte { return appendNVarInt(dst, int64(v), 32) }

// AppendNVarUInt32 appends v reinterpreted as int32 (4294967295 becomes FF).
func AppendNVarUInt32(dst []byte, v uint32) []byte { return AppendNVarInt32(dst, int32(v)) }

// AppendNVarInt64 appends the minimal big-endian two's-complement bytes of v.
func AppendNVarInt64(dst []byte, v int64) []byte { return appendNVarInt(dst, v, 64) }

// AppendNVarUInt64 appends v reinterpreted as int64.
func AppendNVarUInt64(dst []byte, v uint64) []byte { return AppendNVarInt64(dst, int64(v)) }

func decodeNVarInt(b []byte, width uint) (int64, error) {
	if len(b) == 0 || len(b) > int(width/8) {
		return 0, fmt.Errorf("y3: nvarint%d needs 1..%d bytes, got %d", width, width/8, len(b))
	}
	v := int64(int8(b[0]))
	for _, c := range b[1:] {
		v = v<<8 | int64(c)
	}
	return v, nil
}

// DecodeNVarInt32 decodes a whole TLV value as a signed 32-bit NVarInt.
func DecodeNVarInt32(b []byte) (int32, error) {
	v, err := decodeNVarInt(b, 32)
	return int32(v), err
}

// DecodeNVarUInt32 decodes a whole TLV value as an unsigned 32-bit NVarInt (sign bits reinterpreted).
func DecodeNVarUInt32(b []byte) (uint32, error) {
	v, err := decodeNVarInt(b, 32)
	return uint32(int32(v)), err
}

// DecodeNVarInt64 decodes a whole TLV value as a signed 64-bit NVarInt.
func DecodeNVarInt64(b []byte) (int64, error) { return decodeNVarInt(b, 64) }

// DecodeNVarUInt64 decodes a whole TLV value as an unsigned 64-bit NVarInt.
func DecodeNVarUInt64(b []byte) (uint64, error) {
	v, err := decodeNVarInt(b, 64)
	return uint64(v), err
}
