// Package testhex parses the spaced hex notation the protocol reference uses for test vectors.
package testhex

import (
	"encoding/hex"
	"strings"
	"testing"
)

// Bytes decodes "BF 13 01" style hex, failing the test on bad input.
func Bytes(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}
