module dev.flinkyomo/wasm-guests/tinygo-sfn

go 1.19

require github.com/yomorun/yomo v1.18.0
