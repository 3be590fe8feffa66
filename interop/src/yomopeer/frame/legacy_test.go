package frame

import (
	"bytes"
	"reflect"
	"testing"
)

// noiseJSON is the carriage of the seed-era noise example (docs/yomo-protocol.md §2.3.5), 54 bytes.
const noiseJSON = `{"noise":45.5,"time":1634000000000,"from":"localhost"}`

// Vectors of docs/yomo-protocol.md §2.3.5 (yomo@v1.5.3 internal/frame/*_test.go, and the derived
// noise example). Each must encode to exactly these bytes and decode back to the same frame.
func TestLegacyFrameVectors(t *testing.T) {
	cases := []struct {
		name  string
		frame LegacyFrame
		hex   string
	}{
		{"handshake (v1.5.3 test)", &LegacyHandshake{Name: "1234", ClientType: 0xD3}, "BD 09 01 04 31 32 33 34 02 01 D3"},
		{"data (v1.5.3 test)", &LegacyData{TID: "1234", Tag: 0x15, Carriage: []byte("yomo")},
			"BF 10 AF 06 01 04 31 32 33 34 AE 06 15 04 79 6F 6D 6F"},
		{"accepted", &LegacyAccepted{}, "BA 00"},
		{"rejected", &LegacyRejected{}, "B9 00"},
		{"ping", &LegacyPing{}, "BC 00"},
		{"pong", &LegacyPong{}, "BB 00"},
		{"noise source handshake", &LegacyHandshake{Name: "yomo-source", ClientType: ClientTypeSource},
			"BD 10 01 0B 79 6F 6D 6F 2D 73 6F 75 72 63 65 02 01 5F"},
		{"noise sfn handshake", &LegacyHandshake{Name: "Noise", ClientType: ClientTypeStreamFunction},
			"BD 0A 01 05 4E 6F 69 73 65 02 01 5D"},
		{"noise data", &LegacyData{TID: "1634000000", Tag: 0x33, Carriage: []byte(noiseJSON)},
			"BF 80 48 AF 0C 01 0A 31 36 33 34 30 30 30 30 30 30 AE 38 33 36 " + spacedHex([]byte(noiseJSON))},
		{"highest tag", &LegacyData{TID: "t", Tag: 0x3F, Carriage: nil}, "BF 09 AF 03 01 01 74 AE 02 3F 00"},
	}
	for _, c := range cases {
		want := unhex(t, c.hex)
		got, err := EncodeLegacy(c.frame)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: encode\n got % X (%v)\nwant % X", c.name, got, err, want)
		}
		back, err := DecodeLegacy(want)
		if err != nil {
			t.Errorf("%s: decode: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(normalizeLegacy(back), normalizeLegacy(c.frame)) {
			t.Errorf("%s: decoded %+v, want %+v", c.name, back, c.frame)
		}
	}
}

// The noise example's header, checked piece by piece: the outer length 72 needs two bytes (80 48)
// because lengths are signed PVarInt32 (§1.2).
func TestLegacyNoiseDataHeader(t *testing.T) {
	got, err := EncodeLegacy(&LegacyData{TID: "1634000000", Tag: 0x33, Carriage: []byte(noiseJSON)})
	if err != nil {
		t.Fatal(err)
	}
	if len(noiseJSON) != 54 {
		t.Fatalf("carriage has %d bytes, the reference says 54", len(noiseJSON))
	}
	if head := unhex(t, "BF 80 48"); !bytes.Equal(got[:3], head) {
		t.Errorf("header % X, want % X", got[:3], head)
	}
	if len(got) != 3+72 {
		t.Errorf("frame has %d bytes, want 3 + 72", len(got))
	}
	if tail := unhex(t, "22 7D"); !bytes.Equal(got[len(got)-2:], tail) {
		t.Errorf("tail % X", got[len(got)-2:])
	}
}

// data_frame_test.go's generic encode vector: BF, len(tid)+12, AF, len(tid)+2, 01, len(tid), tid, AE 06 15 04 "yomo".
func TestLegacyDataEncodeGenericOverTID(t *testing.T) {
	for _, tid := range []string{"", "1", "1634000000", "src-12345"} {
		want := []byte{0xBF, byte(len(tid) + 12), 0xAF, byte(len(tid) + 2), 0x01, byte(len(tid))}
		want = append(want, tid...)
		want = append(want, unhex(t, "AE 06 15 04 79 6F 6D 6F")...)
		got, err := EncodeLegacy(&LegacyData{TID: tid, Tag: 0x15, Carriage: []byte("yomo")})
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("tid %q: % X (%v), want % X", tid, got, err, want)
		}
	}
}

func TestLegacyEncodeRejectsTagAbove3F(t *testing.T) {
	for _, tag := range []byte{0x40, 0x7F, 0xFF} {
		if b, err := EncodeLegacy(&LegacyData{TID: "x", Tag: tag}); err == nil {
			t.Errorf("tag 0x%02X: encoded % X, want an error", tag, b)
		}
	}
}

// Decoding follows yomo v1.5.3: the payload's first primitive child is the (tag, carriage), other
// children are ignored; node order inside the DataFrame does not matter.
func TestLegacyDecodeLeniency(t *testing.T) {
	cases := []struct {
		name, hex string
		want      *LegacyData
	}{
		{"two primitives in payload: the first wins", "BF 12 AF 03 01 01 74 AE 0B 15 04 79 6F 6D 6F 16 03 61 62 63",
			&LegacyData{TID: "t", Tag: 0x15, Carriage: []byte("yomo")}},
		{"payload before meta", "BF 0D AE 06 15 04 79 6F 6D 6F AF 03 01 01 74",
			&LegacyData{TID: "t", Tag: 0x15, Carriage: []byte("yomo")}},
		{"meta with another key first: 0x01 still wins", "BF 11 AF 07 02 02 69 73 01 01 74 AE 06 15 04 79 6F 6D 6F",
			&LegacyData{TID: "t", Tag: 0x15, Carriage: []byte("yomo")}},
		{"meta without key 0x01: its first primitive", "BF 0E AF 04 02 02 69 73 AE 06 15 04 79 6F 6D 6F",
			&LegacyData{TID: "is", Tag: 0x15, Carriage: []byte("yomo")}},
		{"array flag in the payload tag is not part of the tag", "BF 0D AF 03 01 01 74 AE 06 55 04 79 6F 6D 6F",
			&LegacyData{TID: "t", Tag: 0x15, Carriage: []byte("yomo")}},
	}
	for _, c := range cases {
		f, err := DecodeLegacy(unhex(t, c.hex))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(f, c.want) {
			t.Errorf("%s: %+v, want %+v", c.name, f, c.want)
		}
	}
}

func TestLegacyDecodeRejectsBadFrames(t *testing.T) {
	cases := map[string]string{
		"primitive frame tag":         "3F 00",
		"unknown type":                "B1 00",
		"data without meta":           "BF 08 AE 06 15 04 79 6F 6D 6F",
		"data without payload":        "BF 05 AF 03 01 01 74",
		"payload without a primitive": "BF 07 AF 03 01 01 74 AE 00",
		"handshake without type":      "BD 03 01 01 61",
		"handshake type of 2 bytes":   "BD 04 02 02 5F 5F",
		"trailing bytes":              "BA 00 00",
		"child overruns node":         "BF 03 AF 05 01",
	}
	for name, h := range cases {
		if _, err := DecodeLegacy(unhex(t, h)); err == nil {
			t.Errorf("%s (%s): expected an error", name, h)
		}
	}
}

func TestLegacyReaderReadsBackToBackFrames(t *testing.T) {
	var stream []byte
	hs, _ := EncodeLegacy(&LegacyHandshake{Name: "src", ClientType: ClientTypeSource})
	stream = append(stream, hs...)
	for i := 0; i < 3; i++ {
		b, err := EncodeLegacy(&LegacyData{TID: string(rune('a' + i)), Tag: byte(i), Carriage: bytes.Repeat([]byte{'x'}, 100*i)})
		if err != nil {
			t.Fatal(err)
		}
		stream = append(stream, b...)
	}
	r := NewLegacyReader(bytes.NewReader(stream), 1<<20)
	if f, err := r.Read(); err != nil || f.LegacyType() != LegacyTypeHandshake {
		t.Fatalf("first frame: %v, %v", f, err)
	}
	for i := 0; i < 3; i++ {
		f, err := r.Read()
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if d := f.(*LegacyData); d.Tag != byte(i) || len(d.Carriage) != 100*i || d.TID != string(rune('a'+i)) {
			t.Fatalf("frame %d: %+v", i, d)
		}
	}
	if _, err := r.Read(); err == nil || err.Error() != "EOF" {
		t.Errorf("after the last frame: %v, want EOF", err)
	}
}

func normalizeLegacy(f LegacyFrame) LegacyFrame {
	if d, ok := f.(*LegacyData); ok && len(d.Carriage) == 0 {
		c := *d
		c.Carriage = nil
		return &c
	}
	return f
}

func spacedHex(b []byte) string {
	var buf bytes.Buffer
	for i, c := range b {
		if i > 0 {
			buf.WriteByte(' ')
		}
		buf.WriteString(hexByte(c))
	}
	return buf.String()
}

func hexByte(c byte) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[c>>4], digits[c&0x0F]})
}
