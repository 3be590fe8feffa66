// A YoMo stream function in Go, built with TinyGo against YoMo's own guest SDK
// (github.com/yomorun/yomo/serverless/guest, yomo v1.18.0, unmodified) the way a YoMo user writes
// one: it observes tag 0x33 and writes the upper-cased payload with tag 0x34. Init prints a line,
// which the host forwards from WASI stdout to the task log.
package main

import (
	"bytes"
	"fmt"

	"github.com/yomorun/yomo/serverless"
	"github.com/yomorun/yomo/serverless/guest"
)

func main() {
	guest.DataTags = func() []uint32 { return []uint32{0x33} }
	guest.Init = func() error {
		fmt.Println("tinygo uppercase ready")
		return nil
	}
	guest.Handler = handle
}

func handle(ctx serverless.Context) {
	if err := ctx.Write(0x34, bytes.ToUpper(ctx.Data())); err != nil {
		fmt.Println("write failed:", err)
	}
}
