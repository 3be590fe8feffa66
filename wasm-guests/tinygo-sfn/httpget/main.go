// A YoMo stream function in Go, built with TinyGo against YoMo's own guest SDK (yomo v1.18.0,
// unmodified), that calls the host's HTTP client through the SDK (ctx.HTTP(), which is
// yomo_http_send with JSON request and response and the yomo_alloc export). It observes tag 0x70,
// whose payload is a URL, GETs it, and writes "<status code> <body>" with tag 0x71, or the
// SDK's error with tag 0x7E.
package main

import (
	"fmt"

	"github.com/yomorun/yomo/serverless"
	"github.com/yomorun/yomo/serverless/guest"
)

func main() {
	guest.DataTags = func() []uint32 { return []uint32{0x70} }
	guest.Handler = handle
}

func handle(ctx serverless.Context) {
	resp, err := ctx.HTTP().Get(string(ctx.Data()))
	if err != nil {
		ctx.Write(0x7E, []byte(err.Error()))
		return
	}
	ctx.Write(0x71, []byte(fmt.Sprintf("%d %s", resp.StatusCode, resp.Body)))
}
