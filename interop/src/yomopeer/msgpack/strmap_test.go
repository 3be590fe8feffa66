package msgpack

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
)

func TestEncodeMatchesVector(t *testing.T) {
	// docs/yomo-protocol.md §2.5.5: {"yomo-tid":"abc"} as fixmap/fixstr.
	want, _ := hex.DecodeString("81A8796F6D6F2D746964A3616263")
	if got := Encode(map[string]string{"yomo-tid": "abc"}); !bytes.Equal(got, want) {
		t.Errorf("got % X, want % X", got, want)
	}
	if Encode(nil) != nil || Encode(map[string]string{}) != nil {
		t.Error("an empty map must encode to nil, as yomo's metadata.M does")
	}
}

func TestRoundTripAllWidths(t *testing.T) {
	m := map[string]string{"": "", "s31": strings.Repeat("a", 31), "s32": strings.Repeat("b", 32),
		"s255": strings.Repeat("c", 255), "s256": strings.Repeat("d", 256), "s70k": strings.Repeat("e", 70000)}
	for i := 0; i < 20; i++ { // 26 entries: map16 header
		m[strings.Repeat("k", i+1)] = "v"
	}
	enc := Encode(m)
	if enc[0] != 0xDE {
		t.Fatalf("expected a map16 header, got 0x%02X", enc[0])
	}
	got, err := Decode(enc)
	if err != nil || !reflect.DeepEqual(got, m) {
		t.Fatalf("round trip failed: %v", err)
	}
}

func TestDecodeEmptyAndNil(t *testing.T) {
	for _, b := range [][]byte{nil, {0xC0}, {0x80}} {
		if m, err := Decode(b); err != nil || len(m) != 0 {
			t.Errorf("Decode(% X) = %v, %v", b, m, err)
		}
	}
}

func TestDecodeRejectsHostileInput(t *testing.T) {
	cases := map[string]string{
		"not a map":             "A3616263",
		"map32 of 2^32-1":       "DFFFFFFFFF",
		"string overruns":       "81A5616263",
		"str32 of 2^32-1":       "81DBFFFFFFFF",
		"integer value":         "81A1610A",
		"trailing bytes":        "80 00",
		"missing value":         "81A161",
		"map16 more than bytes": "DE0100A161A162",
	}
	for name, h := range cases {
		b, _ := hex.DecodeString(strings.ReplaceAll(h, " ", ""))
		if _, err := Decode(b); err == nil {
			t.Errorf("%s: expected an error", name)
		}
	}
}
