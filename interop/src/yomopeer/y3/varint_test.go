package y3

import (
	"bytes"
	"testing"

	"yomopeer/internal/testhex"
)

func unhex(t *testing.T, s string) []byte { return testhex.Bytes(t, s) }

// Vectors of docs/yomo-protocol.md §1.9.1 (y3 encoding/pvarint_test.go).
func TestPVarInt32Vectors(t *testing.T) {
	cases := []struct {
		v   int32
		hex string
	}{
		{-1, "7F"}, {-5, "7B"}, {-3, "7D"}, {63, "3F"}, {-65, "FF 3F"}, {127, "80 7F"}, {255, "81 7F"},
		{-4097, "DF 7F"}, {-8193, "FF BF 7F"}, {-2097152, "FF 80 80 00"}, {-134217729, "FF BF FF FF 7F"},
		{-2147483648, "F8 80 80 80 00"}, {511, "83 7F"},
		// TLV length boundaries (§1.2).
		{64, "80 40"}, {100, "80 64"}, {8191, "BF 7F"}, {8192, "80 C0 00"}, {65535, "83 FF 7F"},
		// the 72-byte DataFrame of the 2021 noise example (§2.3.5)
		{72, "80 48"},
	}
	for _, c := range cases {
		want := unhex(t, c.hex)
		if got := AppendPVarInt32(nil, c.v); !bytes.Equal(got, want) {
			t.Errorf("encode int32 %d = % X, want % X", c.v, got, want)
		}
		v, n, err := DecodePVarInt32(want)
		if err != nil || v != c.v || n != len(want) {
			t.Errorf("decode % X = (%d, %d, %v), want %d", want, v, n, err, c.v)
		}
	}
	uints := []struct {
		v   uint32
		hex string
	}{{1, "01"}, {127, "80 7F"}, {128, "81 00"}, {130, "81 02"}, {1048576, "80 C0 80 00"},
		{134217728, "80 C0 80 80 00"}, {4294967295, "7F"}}
	for _, c := range uints {
		if got := AppendPVarUInt32(nil, c.v); !bytes.Equal(got, unhex(t, c.hex)) {
			t.Errorf("encode uint32 %d = % X, want %s", c.v, got, c.hex)
		}
	}
	for _, c := range []struct {
		v   int64
		hex string
	}{{0, "00"}, {1, "01"}, {-1, "7F"}} {
		if got := AppendPVarInt64(nil, c.v); !bytes.Equal(got, unhex(t, c.hex)) {
			t.Errorf("encode int64 %d = % X, want %s", c.v, got, c.hex)
		}
	}
}

func TestPVarInt32RejectsTruncatedAndOverlong(t *testing.T) {
	for _, bad := range []string{"", "80", "FF FF", "80 80 80 80 80 00"} {
		if _, _, err := DecodePVarInt32(unhex(t, bad)); err == nil {
			t.Errorf("decode %q: expected an error", bad)
		}
	}
}

// Vectors of §1.9.2 (y3 encoding/nvarint_test.go) plus the derived ones.
func TestNVarIntVectors(t *testing.T) {
	ints := []struct {
		v   int32
		hex string
	}{{-1, "FF"}, {-5, "FB"}, {63, "3F"}, {-65, "BF"}, {127, "7F"}, {255, "00 FF"}, {-4097, "EF FF"},
		{-8193, "DF FF"}, {-2097152, "E0 00 00"}, {-134217729, "F7 FF FF FF"}, {-2147483648, "80 00 00 00"}}
	for _, c := range ints {
		want := unhex(t, c.hex)
		if got := AppendNVarInt32(nil, c.v); !bytes.Equal(got, want) {
			t.Errorf("encode int32 %d = % X, want % X", c.v, got, want)
		}
		if v, err := DecodeNVarInt32(want); err != nil || v != c.v {
			t.Errorf("decode % X = (%d, %v), want %d", want, v, err, c.v)
		}
	}
	uints := []struct {
		v   uint32
		hex string
	}{{1, "01"}, {127, "7F"}, {128, "00 80"}, {130, "00 82"}, {1048576, "10 00 00"}, {134217728, "08 00 00 00"},
		{4294967295, "FF"}, {0x33, "33"}, {0xE001, "00 E0 01"}, {0xE002, "00 E0 02"}, {0xF000, "00 F0 00"},
		{0xFFFF, "00 FF FF"}}
	for _, c := range uints {
		want := unhex(t, c.hex)
		if got := AppendNVarUInt32(nil, c.v); !bytes.Equal(got, want) {
			t.Errorf("encode uint32 %d = % X, want % X", c.v, got, want)
		}
		if v, err := DecodeNVarUInt32(want); err != nil || v != c.v {
			t.Errorf("decode uint32 % X = (%d, %v), want %d", want, v, err, c.v)
		}
	}
	for _, c := range []struct {
		v   int64
		hex string
	}{{0, "00"}, {1, "01"}, {-1, "FF"}} {
		if got := AppendNVarInt64(nil, c.v); !bytes.Equal(got, unhex(t, c.hex)) {
			t.Errorf("encode int64 %d = % X, want %s", c.v, got, c.hex)
		}
	}
	for _, c := range []struct {
		v   uint64
		hex string
	}{{0, "00"}, {1, "01"}, {18446744073709551615, "FF"}} {
		want := unhex(t, c.hex)
		if got := AppendNVarUInt64(nil, c.v); !bytes.Equal(got, want) {
			t.Errorf("encode uint64 %d = % X, want %s", c.v, got, c.hex)
		}
		if v, err := DecodeNVarUInt64(want); err != nil || v != c.v {
			t.Errorf("decode uint64 % X = (%d, %v), want %d", want, v, err, c.v)
		}
	}
	if _, err := DecodeNVarUInt32(unhex(t, "01 02 03 04 05")); err == nil {
		t.Error("a 5-byte NVarUInt32 must be rejected")
	}
	if _, err := DecodeNVarUInt32(nil); err == nil {
		t.Error("an empty NVarUInt32 must be rejected")
	}
}
