// Package msgpack encodes and decodes the one MessagePack shape YoMo puts on the wire: the DataFrame
// metadata, a map from string to string (vmihailenco/msgpack encoding of metadata.M).
package msgpack

import (
	"encoding/binary"
	"fmt"
	"sort"
)

// Encode writes m as a msgpack map with string keys and values. Keys are sorted so the bytes are
// deterministic (Go's YoMo iterates its map in random order; receivers must not depend on order).
// An empty or nil map encodes to nil, as YoMo's metadata.M.Encode does, which goes on the wire as an
// empty Y3 value.
func Encode(m map[string]string) []byte {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := appendMapHeader(nil, len(keys))
	for _, k := range keys {
		out = appendString(out, k)
		out = appendString(out, m[k])
	}
	return out
}

func appendMapHeader(dst []byte, n int) []byte {
	switch {
	case n <= 15:
		return append(dst, 0x80|byte(n))
	case n <= 0xFFFF:
		return append(dst, 0xDE, byte(n>>8), byte(n))
	default:
		return append(dst, 0xDF, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
}

func appendString(dst []byte, s string) []byte {
	n := len(s)
	switch {
	case n <= 31:
		dst = append(dst, 0xA0|byte(n))
	case n <= 0xFF:
		dst = append(dst, 0xD9, byte(n))
	case n <= 0xFFFF:
		dst = append(dst, 0xDA, byte(n>>8), byte(n))
	default:
		dst = append(dst, 0xDB, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	return append(dst, s...)
}

// Decode parses a msgpack string-to-string map. Empty input and msgpack nil decode to an empty map.
// Every length is checked against the remaining input before use, so hostile lengths fail cleanly.
func Decode(b []byte) (map[string]string, error) {
	m := map[string]string{}
	if len(b) == 0 || (len(b) == 1 && b[0] == 0xC0) {
		return m, nil
	}
	d := decoder{b: b}
	n, err := d.mapHeader()
	if err != nil {
		return nil, err
	}
	// Each entry needs at least 2 bytes, which bounds n before anything is allocated for it.
	if n > (len(b)-d.pos)/2 {
		return nil, fmt.Errorf("msgpack: map declares %d entries but only %d bytes follow", n, len(b)-d.pos)
	}
	for i := 0; i < n; i++ {
		k, err := d.str()
		if err != nil {
			return nil, fmt.Errorf("msgpack: key %d: %w", i, err)
		}
		v, err := d.str()
		if err != nil {
			return nil, fmt.Errorf("msgpack: value of key %q: %w", k, err)
		}
		m[k] = v
	}
	if d.pos != len(b) {
		return nil, fmt.Errorf("msgpack: %d trailing bytes after the map", len(b)-d.pos)
	}
	return m, nil
}

type decoder struct {
	b   []byte
	pos int
}

func (d *decoder) take(n int) ([]byte, error) {
	if n < 0 || n > len(d.b)-d.pos {
		return nil, fmt.Errorf("needs %d bytes at offset %d, only %d remain", n, d.pos, len(d.b)-d.pos)
	}
	out := d.b[d.pos : d.pos+n]
	d.pos += n
	return out, nil
}

func (d *decoder) uint(width int) (int, error) {
	raw, err := d.take(width)
	if err != nil {
		return 0, err
	}
	switch width {
	case 1:
		return int(raw[0]), nil
	case 2:
		return int(binary.BigEndian.Uint16(raw)), nil
	default:
		return int(binary.BigEndian.Uint32(raw)), nil
	}
}

func (d *decoder) mapHeader() (int, error) {
	t, err := d.take(1)
	if err != nil {
		return 0, fmt.Errorf("msgpack: %w", err)
	}
	switch c := t[0]; {
	case c&0xF0 == 0x80:
		return int(c & 0x0F), nil
	case c == 0xDE:
		return d.uint(2)
	case c == 0xDF:
		return d.uint(4)
	default:
		return 0, fmt.Errorf("msgpack: expected a map, found type byte 0x%02X", c)
	}
}

// str reads a str (or bin, which some encoders use for []byte-typed values) as a Go string.
func (d *decoder) str() (string, error) {
	t, err := d.take(1)
	if err != nil {
		return "", err
	}
	var n int
	switch c := t[0]; {
	case c&0xE0 == 0xA0:
		n = int(c & 0x1F)
	case c == 0xD9 || c == 0xC4:
		n, err = d.uint(1)
	case c == 0xDA || c == 0xC5:
		n, err = d.uint(2)
	case c == 0xDB || c == 0xC6:
		n, err = d.uint(4)
	default:
		return "", fmt.Errorf("expected a string, found type byte 0x%02X at offset %d", c, d.pos-1)
	}
	if err != nil {
		return "", err
	}
	raw, err := d.take(n)
	if err != nil {
		return "", err
	}
	return string(raw), nil
}
