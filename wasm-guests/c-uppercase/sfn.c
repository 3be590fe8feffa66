// YoMo's classic Wasm stream function (yomo example/7-wasm/sfn/c), ABI v3:
// observes tag 0x33, upper-cases the payload and writes it with tag 0x34.
// It also exports str_upper(ptr, len) -> (ptr << 32 | len) under the flink-wasm-udf
// alloc + (ptr, len) convention, so the same module is a SQL string function.
#include <stddef.h>
#include <stdint.h>

#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("yomo_observe_datatag") extern void yomo_observe_datatag(uint32_t tag);
IMPORT("yomo_context_tag") extern uint32_t yomo_context_tag(void);
IMPORT("yomo_context_data") extern uint32_t yomo_context_data(char *ptr, uint32_t cap);
IMPORT("yomo_write") extern int32_t yomo_write(uint32_t tag, const char *ptr, uint32_t len);

#define IN_TAG 0x33
#define OUT_TAG 0x34

// Bump allocator reset per call: every buffer lives only for one handler/str_upper call.
extern unsigned char __heap_base;
static uintptr_t heap_top = 0;

static void heap_reset(void) { heap_top = (uintptr_t)&__heap_base; }

static char *heap_alloc(uint32_t len) {
    if (heap_top == 0) heap_reset();
    uintptr_t p = (heap_top + 7u) & ~(uintptr_t)7u;
    uintptr_t end = p + len;
    uintptr_t have = __builtin_wasm_memory_size(0) * 65536u;
    if (end > have) {
        uintptr_t pages = (end - have + 65535u) / 65536u;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) __builtin_trap();
    }
    heap_top = end;
    return (char *)p;
}

static void upper(char *s, uint32_t len) {
    // Still one byte at a time; unrolled because Chicory checks for interruption (the call
    // timeout) on every loop back-edge, so fewer iterations mean fewer checks.
#pragma clang loop unroll_count(8)
    for (uint32_t i = 0; i < len; i++) {
        if (s[i] >= 'a' && s[i] <= 'z') s[i] -= 32;
    }
}

EXPORT("yomo_observe_datatags") void yomo_observe_datatags(void) { yomo_observe_datatag(IN_TAG); }

EXPORT("yomo_init") int32_t yomo_init(void) { return 0; }

// No wanted target. yomo v1.18.10 to v1.20.x refuse a module without this export (it became
// optional with yomo PR #980); exporting it lets the same .wasm run on those hosts too.
EXPORT("yomo_wanted_target") void yomo_wanted_target(void) {}

// Like YoMo's Go guest SDK (serverless/guest/memory.go, ReadBufSize = 2048): read into a static
// buffer first and only ask for the size and allocate when the payload is larger, so a small
// frame costs two host calls instead of three.
#define READ_BUF_SIZE 2048
static char read_buf[READ_BUF_SIZE];

EXPORT("yomo_handler") void yomo_handler(void) {
    heap_reset();
    char *buf = read_buf;
    uint32_t n = yomo_context_data(buf, READ_BUF_SIZE);
    if (n > READ_BUF_SIZE) {
        buf = heap_alloc(n);
        n = yomo_context_data(buf, n);
    }
    upper(buf, n);
    yomo_write(OUT_TAG, buf, n);
}

EXPORT("alloc") char *alloc(uint32_t len) {
    heap_reset();
    return heap_alloc(len);
}

EXPORT("str_upper") uint64_t str_upper(char *ptr, uint32_t len) {
    upper(ptr, len);
    return ((uint64_t)(uintptr_t)ptr << 32) | len;
}
