// Image stream function over raw RGB frames (ABI v3).
// Input, tag 0x40: 4-byte little-endian width, 4-byte little-endian height, then
// width * height * 3 bytes of RGB (row major, no padding).
// Output, tag 0x41: {"width":W,"height":H,"brightness":B,"edge_permille":E}
//   B = mean luma 0..255, luma = (77 R + 150 G + 29 B) >> 8 (BT.601 in fixed point)
//   E = pixels whose |luma - right| + |luma - below| > 32, per thousand pixels
// A frame whose length does not match its header gets tag 0x4E with a text reason.
#include <stddef.h>
#include <stdint.h>

#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("yomo_observe_datatag") extern void yomo_observe_datatag(uint32_t tag);
IMPORT("yomo_context_data_size") extern uint32_t yomo_context_data_size(void);
IMPORT("yomo_context_data") extern uint32_t yomo_context_data(uint8_t *ptr, uint32_t cap);
IMPORT("yomo_write") extern int32_t yomo_write(uint32_t tag, const char *ptr, uint32_t len);

#define IN_TAG 0x40
#define OUT_TAG 0x41
#define ERR_TAG 0x4E
#define EDGE_THRESHOLD 32

extern unsigned char __heap_base;

// The frame goes at __heap_base, the luma plane right after it; memory grows as needed.
static uint8_t *reserve(uint32_t bytes) {
    uintptr_t base = ((uintptr_t)&__heap_base + 7u) & ~(uintptr_t)7u;
    uintptr_t end = base + bytes;
    uintptr_t have = __builtin_wasm_memory_size(0) * 65536u;
    if (end > have) {
        uintptr_t pages = (end - have + 65535u) / 65536u;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) __builtin_trap();
    }
    return (uint8_t *)base;
}

static uint32_t u32le(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static char *put_str(char *out, const char *s) {
    while (*s) *out++ = *s++;
    return out;
}

static char *put_u32(char *out, uint32_t v) {
    char tmp[10];
    int n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) *out++ = tmp[--n];
    return out;
}

static void error(const char *reason, uint32_t expected, uint32_t got) {
    static char msg[128];
    char *p = put_str(msg, reason);
    p = put_str(p, ": expected ");
    p = put_u32(p, expected);
    p = put_str(p, " bytes, got ");
    p = put_u32(p, got);
    yomo_write(ERR_TAG, msg, (uint32_t)(p - msg));
}

static uint32_t absdiff(uint32_t a, uint32_t b) { return a > b ? a - b : b - a; }

EXPORT("yomo_observe_datatags") void yomo_observe_datatags(void) { yomo_observe_datatag(IN_TAG); }

EXPORT("yomo_init") int32_t yomo_init(void) { return 0; }

// No wanted target. yomo v1.18.10 to v1.20.x refuse a module without this export (it became
// optional with yomo PR #980); exporting it lets the same .wasm run on those hosts too.
EXPORT("yomo_wanted_target") void yomo_wanted_target(void) {}

EXPORT("yomo_handler") void yomo_handler(void) {
    uint32_t size = yomo_context_data_size();
    if (size < 8) { error("frame header", 8, size); return; }
    uint8_t *frame = reserve(size);
    yomo_context_data(frame, size);
    uint32_t w = u32le(frame), h = u32le(frame + 4);
    if (w == 0 || h == 0 || w > 4096 || h > 4096) {
        static const char bad[] = "frame dimensions: width and height must be 1..4096";
        yomo_write(ERR_TAG, bad, sizeof(bad) - 1);
        return;
    }
    uint32_t pixels = w * h;
    uint32_t expected = 8 + pixels * 3;
    if (size != expected) { error("frame length", expected, size); return; }

    uint8_t *luma = reserve(size + pixels) + size;
    const uint8_t *rgb = frame + 8;
    uint64_t sum = 0;
    for (uint32_t i = 0; i < pixels; i++) {
        uint32_t y = (77u * rgb[3 * i] + 150u * rgb[3 * i + 1] + 29u * rgb[3 * i + 2]) >> 8;
        luma[i] = (uint8_t)y;
        sum += y;
    }
    uint32_t edges = 0;
    for (uint32_t r = 0; r < h; r++) {
        for (uint32_t c = 0; c < w; c++) {
            uint32_t y = luma[r * w + c];
            uint32_t right = c + 1 < w ? luma[r * w + c + 1] : y;
            uint32_t below = r + 1 < h ? luma[(r + 1) * w + c] : y;
            if (absdiff(y, right) + absdiff(y, below) > EDGE_THRESHOLD) edges++;
        }
    }
    static char out[128];
    char *p = put_str(out, "{\"width\":");
    p = put_u32(p, w);
    p = put_str(p, ",\"height\":");
    p = put_u32(p, h);
    p = put_str(p, ",\"brightness\":");
    p = put_u32(p, (uint32_t)(sum / pixels));
    p = put_str(p, ",\"edge_permille\":");
    p = put_u32(p, (uint32_t)((uint64_t)edges * 1000u / pixels));
    p = put_str(p, "}");
    yomo_write(OUT_TAG, out, (uint32_t)(p - out));
}
