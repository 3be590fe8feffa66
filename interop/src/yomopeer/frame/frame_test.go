package frame

import (
	"bytes"
	"reflect"
	"testing"

	"yomopeer/internal/testhex"
)

func unhex(t *testing.T, s string) []byte { return testhex.Bytes(t, s) }

// Vectors of docs/yomo-protocol.md §2.5.5 (yomo@v1.22.3 pkg/frame-codec/y3codec/codec_test.go) and the
// derived ones. Each must encode to exactly these bytes and decode back to the same frame.
func TestFrameVectors(t *testing.T) {
	cases := []struct {
		name  string
		frame Frame
		hex   string
	}{
		{"data", &Data{Tag: 0x15, Metadata: []byte("metadata"), Payload: []byte("yomo")},
			"BF 13 01 01 15 03 08 6D 65 74 61 64 61 74 61 02 04 79 6F 6D 6F"},
		{"handshake", &Handshake{Name: "the-name", ID: "the-id", ClientType: 104,
			ObserveDataTags: []uint32{'a', 'b', 'c'}, AuthName: "ddddd", AuthPayload: "eeeee", Version: "2014-01-03",
			FunctionDefinition: []byte("handshake-metadata"), WantedTarget: "the-wanted-target"},
			"B1 80 64 01 08 74 68 65 2D 6E 61 6D 65 03 06 74 68 65 2D 69 64 02 01 68 06 0C 61 00 00 00 62 00 00 00 " +
				"63 00 00 00 04 05 64 64 64 64 64 05 05 65 65 65 65 65 07 0A 32 30 31 34 2D 30 31 2D 30 33 09 12 68 61 " +
				"6E 64 73 68 61 6B 65 2D 6D 65 74 61 64 61 74 61 08 11 74 68 65 2D 77 61 6E 74 65 64 2D 74 61 72 67 65 74"},
		{"ack", &HandshakeAck{}, "A9 00"},
		{"rejected", &Rejected{Message: "rejected error"}, "B9 10 01 0E 72 65 6A 65 63 74 65 64 20 65 72 72 6F 72"},
		{"goaway", &Goaway{Message: "goaway error"}, "AE 0E 01 0C 67 6F 61 77 61 79 20 65 72 72 6F 72"},
		{"connectto", &ConnectTo{Endpoint: "11.11.11.11:8080"},
			"BE 12 01 10 31 31 2E 31 31 2E 31 31 2E 31 31 3A 38 30 38 30"},
		{"data, empty metadata", &Data{Tag: 0x33, Payload: []byte("hello")},
			"BF 0C 01 01 33 03 00 02 05 68 65 6C 6C 6F"},
		{"sfn handshake", &Handshake{Name: "sfn", ID: "x", ClientType: ClientTypeStreamFunction,
			ObserveDataTags: []uint32{0x33}, AuthName: "token", AuthPayload: "secret", Version: ProtocolVersion},
			"B1 30 01 03 73 66 6E 03 01 78 02 01 5D 06 04 33 00 00 00 04 05 74 6F 6B 65 6E 05 06 73 65 63 72 65 74 " +
				"07 0A 32 30 32 34 2D 30 31 2D 30 33 09 00 08 00"},
		// the acknowledgement extension (yomo-java/ACKS.md, Vectors), the same bytes as the Java codec's
		{"acking handshake", &Handshake{Name: "src", ID: "x", ClientType: ClientTypeSource, Version: ProtocolVersion,
			AckVersion: 1, ProducerID: "dev-1"},
			"B1 2B 01 03 73 72 63 03 01 78 02 01 5F 06 00 04 00 05 00 07 0A 32 30 32 34 2D 30 31 2D 30 33 09 00 08 00 " +
				"20 01 01 21 05 64 65 76 2D 31"},
		{"granting ack 0", &HandshakeAck{AckVersion: 1}, "A9 06 20 01 01 21 01 00"},
		{"granting ack 1000", &HandshakeAck{AckVersion: 1, ResumeAfter: 1000}, "A9 07 20 01 01 21 02 03 E8"},
		{"data with sequence", &Data{Tag: 0x33, Payload: []byte("hello"), Sequence: 1000},
			"BF 10 01 01 33 03 00 02 05 68 65 6C 6C 6F 20 02 03 E8"},
		{"data with the highest sequence", &Data{Tag: 0x33, Payload: []byte("hello"), Sequence: ^uint64(0)},
			"BF 0F 01 01 33 03 00 02 05 68 65 6C 6C 6F 20 01 FF"},
		{"ack frame", &Ack{Durable: 1000}, "AB 04 01 02 03 E8"},
	}
	for _, c := range cases {
		want := unhex(t, c.hex)
		if got := Encode(c.frame); !bytes.Equal(got, want) {
			t.Errorf("%s: encode\n got % X\nwant % X", c.name, got, want)
		}
		back, err := Decode(want)
		if err != nil {
			t.Errorf("%s: decode: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(normalize(back), normalize(c.frame)) {
			t.Errorf("%s: decoded %+v, want %+v", c.name, back, c.frame)
		}
	}
}

// normalize maps empty slices to nil so DeepEqual compares content only.
func normalize(f Frame) Frame {
	switch v := f.(type) {
	case *Data:
		c := *v
		if len(c.Metadata) == 0 {
			c.Metadata = nil
		}
		return &c
	case *Handshake:
		c := *v
		if len(c.FunctionDefinition) == 0 {
			c.FunctionDefinition = nil
		}
		if len(c.ObserveDataTags) == 0 {
			c.ObserveDataTags = nil
		}
		return &c
	}
	return f
}

func TestDecodeRejectsBadFrames(t *testing.T) {
	cases := map[string]string{
		"primitive frame tag":      "3F 00",
		"unknown type":             "B0 00",
		"data without tag":         "BF 02 02 00",
		"data tag of 5 bytes":      "BF 07 01 05 01 02 03 04 05",
		"child overruns node":      "BF 03 01 05 15",
		"trailing bytes":           "A9 00 00",
		"client type of 2 bytes":   "B1 04 02 02 5F 5F",
		"observed tags of 3 bytes": "B1 08 02 01 5D 06 03 01 02 03",
	}
	for name, h := range cases {
		if _, err := Decode(unhex(t, h)); err == nil {
			t.Errorf("%s (%s): expected an error", name, h)
		}
	}
}

func TestReaderReadsBackToBackFrames(t *testing.T) {
	var stream []byte
	for i := 0; i < 3; i++ {
		stream = append(stream, Encode(&Data{Tag: uint32(i), Payload: bytes.Repeat([]byte{'x'}, 100*i)})...)
	}
	r := NewReader(bytes.NewReader(stream), 1<<20)
	for i := 0; i < 3; i++ {
		f, err := r.Read()
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if d := f.(*Data); d.Tag != uint32(i) || len(d.Payload) != 100*i {
			t.Fatalf("frame %d: %+v", i, d)
		}
	}
	if _, err := r.Read(); err == nil || err.Error() != "EOF" {
		t.Errorf("after the last frame: %v, want EOF", err)
	}
}
