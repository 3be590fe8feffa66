package y3

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// Vectors of §1.9.6 (y3@v1.0.5 node_test.go and primitive_test.go).
func TestEncodeNodesMatchVectors(t *testing.T) {
	minusOne := AppendNVarInt32(nil, -1)
	cases := []struct {
		name string
		got  []byte
		hex  string
	}{
		{"empty node 0x06", AppendNode(nil, 0x06, nil), "86 00"},
		{"node in node", AppendNode(nil, 0x06, AppendNode(nil, 0x03, nil)), "86 02 83 00"},
		{"int32 -1", AppendPrimitive(nil, 0x01, minusOne), "01 01 FF"},
		{"node 0x04", AppendNode(nil, 0x04, AppendPrimitive(nil, 0x01, minusOne)), "84 03 01 01 FF"},
		{"two levels", AppendNode(nil, 0x05, AppendNode(nil, 0x04, AppendPrimitive(nil, 0x01, minusOne))),
			"85 05 84 03 01 01 FF"},
		{"two fields", AppendNode(nil, 0x03, AppendPrimitive(AppendPrimitive(nil, 0x01, minusOne), 0x02,
			AppendNVarInt32(nil, 1))), "83 06 01 01 FF 02 01 01"},
		{"string", AppendPrimitive(nil, 0x0B, []byte("yomo")), "0B 04 79 6F 6D 6F"},
		{"empty string", AppendPrimitive(nil, 0x0C, nil), "0C 00"},
		{"uint32 255", AppendPrimitive(nil, 0x0A, AppendNVarUInt32(nil, 255)), "0A 02 00 FF"},
	}
	for _, c := range cases {
		if want := unhex(t, c.hex); !bytes.Equal(c.got, want) {
			t.Errorf("%s: % X, want % X", c.name, c.got, want)
		}
	}
	long := make([]byte, 255)
	for i := range long {
		long[i] = byte(i)
	}
	if got := AppendPrimitive(nil, 0x01, long); !bytes.Equal(got[:3], unhex(t, "01 81 7F")) || len(got) != 258 {
		t.Errorf("255-byte value header % X, length %d", got[:3], len(got))
	}
}

func TestParseNestedNode(t *testing.T) {
	b := unhex(t, "85 0D 84 06 01 01 FF 02 01 43 83 03 01 01 FE")
	root, n, err := ParsePacket(b)
	if err != nil || n != len(b) || !root.IsNode() || root.Seq() != 0x05 {
		t.Fatalf("root = %+v, %d, %v", root, n, err)
	}
	kids, err := Children(root.Value)
	if err != nil || len(kids) != 2 || kids[0].Seq() != 0x04 || kids[1].Seq() != 0x03 {
		t.Fatalf("children = %+v, %v", kids, err)
	}
	inner, err := Children(kids[0].Value)
	if err != nil || len(inner) != 2 || string(inner[1].Value) != "C" {
		t.Fatalf("inner = %+v, %v", inner, err)
	}
	if v, err := DecodeNVarInt32(inner[0].Value); err != nil || v != -1 {
		t.Errorf("inner 0x01 = %d, %v", v, err)
	}
}

func TestParseRejectsBadPackets(t *testing.T) {
	for _, bad := range []string{"04 74 01 01", "0A 70 01 02", "01 03 01 02", "01", "01 80 80 80 80 80 01"} {
		if _, _, err := ParsePacket(unhex(t, bad)); err == nil {
			t.Errorf("ParsePacket(%s): expected an error", bad)
		}
	}
	if p, n, err := ParsePacket(unhex(t, "04 00 03")); err != nil || n != 2 || len(p.Value) != 0 {
		t.Errorf("zero-length packet: %+v %d %v", p, n, err)
	}
}

func TestReadPacket(t *testing.T) {
	r := bytes.NewReader(unhex(t, "01 03 01 02 03 04"))
	p, err := ReadPacket(r, 1<<20)
	if err != nil || !bytes.Equal(p, unhex(t, "01 03 01 02 03")) {
		t.Fatalf("ReadPacket = % X, %v", p, err)
	}
	if _, err := ReadPacket(bytes.NewReader(unhex(t, "01 03 01 02")), 1<<20); !errors.Is(err, ErrMalformed) {
		t.Errorf("short stream: %v, want ErrMalformed", err)
	}
	if _, err := ReadPacket(bytes.NewReader(nil), 1<<20); err != io.EOF {
		t.Errorf("empty stream: %v, want io.EOF", err)
	}
	// A hostile 2^31-1 length must be refused before the value is allocated.
	_, err = ReadPacket(bytes.NewReader(unhex(t, "BF 87 FF FF FF 7F")), 1<<20)
	if err == nil || !strings.Contains(err.Error(), "above the limit") {
		t.Errorf("huge length: %v", err)
	}
	if _, err := ReadPacket(bytes.NewReader(unhex(t, "BF 70 00")), 1<<20); err == nil {
		t.Error("negative length must be rejected")
	}
}

func TestSeqAboveLimitPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("seq 0x40 must panic")
		}
	}()
	AppendPrimitive(nil, 0x40, nil)
}
