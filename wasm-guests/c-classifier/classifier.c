// Image classification stream function (ABI v3) on WASI-NN (wasi_ephemeral_nn, preview 1).
// Input, tag 0x40: 4-byte little-endian width, 4-byte little-endian height, then
// width * height * 3 bytes of RGB (row major, no padding), as frame_stats.c reads.
// The model "colour_discs" (load_by_name, loaded once) takes uint8 [1, 224, 224, 3] raw RGB, so
// the frame's pixels go to set_input as they are: no conversion, no copy in the guest.
// Output, tag 0x42: {"label":"<red|green|blue|yellow>","score":<0..1, 4 decimals>}
// A frame that is not 224x224, or a WASI-NN error, writes tag 0x4E with a text reason that names
// the function and the errno (e.g. "load_by_name: not_found (8)"); the next frame tries again.
#include <stddef.h>
#include <stdint.h>

#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))
#define NN(name) __attribute__((import_module("wasi_ephemeral_nn"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("yomo_observe_datatag") extern void yomo_observe_datatag(uint32_t tag);
IMPORT("yomo_context_data_size") extern uint32_t yomo_context_data_size(void);
IMPORT("yomo_context_data") extern uint32_t yomo_context_data(uint8_t *ptr, uint32_t cap);
IMPORT("yomo_write") extern int32_t yomo_write(uint32_t tag, const char *ptr, uint32_t len);

// The witx tensor record: dimensions (ptr, len), type (u8, padded to 4), data (ptr, len).
typedef struct {
    const uint32_t *dims;
    uint32_t rank;
    uint8_t type;
    const uint8_t *data;
    uint32_t data_len;
} nn_tensor;

NN("load_by_name") extern uint32_t nn_load_by_name(const char *name, uint32_t len, uint32_t *graph);
NN("init_execution_context") extern uint32_t nn_init_execution_context(uint32_t graph, uint32_t *ctx);
NN("set_input") extern uint32_t nn_set_input(uint32_t ctx, uint32_t index, const nn_tensor *tensor);
NN("compute") extern uint32_t nn_compute(uint32_t ctx);
NN("get_output") extern uint32_t nn_get_output(uint32_t ctx, uint32_t index, uint8_t *out,
                                              uint32_t max, uint32_t *written);

#define IN_TAG 0x40
#define OUT_TAG 0x42
#define ERR_TAG 0x4E
#define SIDE 224
#define TENSOR_U8 3 // witx tensor_type: f16 0, f32 1, f64 2, u8 3, i32 4, i64 5
#define LABELS 4

static const char MODEL[] = "colour_discs";
static const char *const LABEL[LABELS] = {"red", "green", "blue", "yellow"};
static const char *const ERRNO[] = {"success",      "invalid_argument", "invalid_encoding",
                                    "missing_memory", "busy",           "runtime_error",
                                    "unsupported_operation", "too_large", "not_found"};

extern unsigned char __heap_base;

// The frame goes at __heap_base; memory grows as needed.
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

static char msg[160];

static void report(const char *p_end) { yomo_write(ERR_TAG, msg, (uint32_t)(p_end - msg)); }

// "<function>: <errno name> (<errno>)"
static void nn_error(const char *function, uint32_t rc) {
    char *p = put_str(msg, function);
    p = put_str(p, ": ");
    p = put_str(p, rc < sizeof(ERRNO) / sizeof(ERRNO[0]) ? ERRNO[rc] : "unknown errno");
    p = put_str(p, " (");
    p = put_u32(p, rc);
    p = put_str(p, ")");
    report(p);
}

static int ready = 0;
static uint32_t context;

// load_by_name and init_execution_context once; after a failure the next frame tries again.
static int prepare(void) {
    if (ready) return 1;
    uint32_t graph;
    uint32_t rc = nn_load_by_name(MODEL, sizeof(MODEL) - 1, &graph);
    if (rc) { nn_error("load_by_name", rc); return 0; }
    rc = nn_init_execution_context(graph, &context);
    if (rc) { nn_error("init_execution_context", rc); return 0; }
    ready = 1;
    return 1;
}

EXPORT("yomo_observe_datatags") void yomo_observe_datatags(void) { yomo_observe_datatag(IN_TAG); }

EXPORT("yomo_init") int32_t yomo_init(void) { return 0; }

// No wanted target; exported for yomo v1.18.10 to v1.20.x, which require it (see frame_stats.c).
EXPORT("yomo_wanted_target") void yomo_wanted_target(void) {}

EXPORT("yomo_handler") void yomo_handler(void) {
    uint32_t size = yomo_context_data_size();
    if (size < 8) {
        char *p = put_str(msg, "frame header: expected 8 bytes, got ");
        report(put_u32(p, size));
        return;
    }
    uint8_t *frame = reserve(size);
    yomo_context_data(frame, size);
    uint32_t w = u32le(frame), h = u32le(frame + 4);
    if (w != SIDE || h != SIDE || size != 8 + SIDE * SIDE * 3) {
        char *p = put_str(msg, "frame is ");
        p = put_u32(p, w);
        p = put_str(p, "x");
        p = put_u32(p, h);
        p = put_str(p, " in ");
        p = put_u32(p, size);
        p = put_str(p, " bytes; the model takes 224x224 RGB (150536 bytes)");
        report(p);
        return;
    }
    if (!prepare()) return;

    static const uint32_t dims[4] = {1, SIDE, SIDE, 3};
    nn_tensor input = {dims, 4, TENSOR_U8, frame + 8, SIDE * SIDE * 3};
    uint32_t rc = nn_set_input(context, 0, &input);
    if (rc) { nn_error("set_input", rc); return; }
    rc = nn_compute(context);
    if (rc) { nn_error("compute", rc); return; }
    float probabilities[LABELS];
    uint32_t written = 0;
    rc = nn_get_output(context, 0, (uint8_t *)probabilities, sizeof(probabilities), &written);
    if (rc) { nn_error("get_output", rc); return; }
    if (written != sizeof(probabilities)) {
        char *p = put_str(msg, "get_output: expected 16 bytes (float[4]), got ");
        report(put_u32(p, written));
        return;
    }

    int best = 0;
    for (int k = 1; k < LABELS; k++) {
        if (probabilities[k] > probabilities[best]) best = k;
    }
    float score = probabilities[best];
    if (!(score >= 0.0f)) score = 0.0f; // also NaN
    if (score > 1.0f) score = 1.0f;
    uint32_t ten_thousandths = (uint32_t)(score * 10000.0f + 0.5f);

    static char out[64];
    char *p = put_str(out, "{\"label\":\"");
    p = put_str(p, LABEL[best]);
    p = put_str(p, "\",\"score\":");
    p = put_u32(p, ten_thousandths / 10000);
    *p++ = '.';
    uint32_t frac = ten_thousandths % 10000;
    for (uint32_t d = 1000; d; d /= 10) *p++ = (char)('0' + frac / d % 10);
    p = put_str(p, "}");
    yomo_write(OUT_TAG, out, (uint32_t)(p - out));
}
