//! Image classification stream function (ABI v3, wasm32-wasi, std only, no crates) on WASI-NN
//! (`wasi_ephemeral_nn`, preview 1), the Rust twin of c-classifier/classifier.c.
//!
//! Input, tag 0x40: 4-byte little-endian width, 4-byte little-endian height, then
//! width * height * 3 bytes of RGB (row major, no padding).
//! The model "colour_discs" (`load_by_name`, loaded once) takes uint8 [1, 224, 224, 3] raw RGB, so
//! the frame's pixels go to `set_input` as they are, straight from the input buffer.
//! Output, tag 0x42: {"label":"<red|green|blue|yellow>","score":<0..1, 4 decimals>}
//! A frame that is not 224x224, or a WASI-NN error, writes tag 0x4E with a text reason naming the
//! function and the errno (e.g. "load_by_name: not_found (8)"); the next frame tries again.
#![crate_type = "cdylib"]

use std::cell::RefCell;

const IN_TAG: u32 = 0x40;
const OUT_TAG: u32 = 0x42;
const ERR_TAG: u32 = 0x4E;
const SIDE: u32 = 224;
const FRAME_BYTES: usize = 8 + (SIDE * SIDE * 3) as usize;
const MODEL: &str = "colour_discs";
const LABELS: [&str; 4] = ["red", "green", "blue", "yellow"];
/// witx `tensor_type`: f16 0, f32 1, f64 2, u8 3, i32 4, i64 5.
const TENSOR_U8: u8 = 3;
const ERRNO: [&str; 9] = [
    "success",
    "invalid_argument",
    "invalid_encoding",
    "missing_memory",
    "busy",
    "runtime_error",
    "unsupported_operation",
    "too_large",
    "not_found",
];

#[link(wasm_import_module = "env")]
extern "C" {
    fn yomo_observe_datatag(tag: u32);
    fn yomo_context_data_size() -> u32;
    fn yomo_context_data(ptr: *mut u8, cap: u32) -> u32;
    fn yomo_write(tag: u32, ptr: *const u8, len: u32) -> i32;
}

/// The witx `tensor` record: dimensions (ptr, len), type (u8, padded to 4), data (ptr, len).
#[repr(C)]
struct Tensor {
    dims: *const u32,
    rank: u32,
    kind: u8,
    data: *const u8,
    data_len: u32,
}

#[link(wasm_import_module = "wasi_ephemeral_nn")]
extern "C" {
    fn load_by_name(name: *const u8, len: u32, graph: *mut u32) -> u32;
    fn init_execution_context(graph: u32, context: *mut u32) -> u32;
    fn set_input(context: u32, index: u32, tensor: *const Tensor) -> u32;
    fn compute(context: u32) -> u32;
    fn get_output(context: u32, index: u32, out: *mut u8, max: u32, written: *mut u32) -> u32;
}

#[no_mangle]
pub extern "C" fn yomo_observe_datatags() {
    unsafe { yomo_observe_datatag(IN_TAG) }
}

/// No wanted target; exported for yomo v1.18.10 to v1.20.x, which require it.
#[no_mangle]
pub extern "C" fn yomo_wanted_target() {}

#[no_mangle]
pub extern "C" fn yomo_init() -> i32 {
    0
}

/// The frame buffer, kept between frames, and the execution context once WASI-NN gave one.
struct State {
    frame: Vec<u8>,
    context: Option<u32>,
}

thread_local! {
    static STATE: RefCell<State> = const { RefCell::new(State { frame: Vec::new(), context: None }) };
}

#[no_mangle]
pub extern "C" fn yomo_handler() {
    STATE.with(|state| {
        let state = &mut *state.borrow_mut();
        if let Err(reason) = classify(state) {
            write(ERR_TAG, reason.as_bytes());
        }
    })
}

fn classify(state: &mut State) -> Result<(), String> {
    let size = unsafe { yomo_context_data_size() } as usize;
    if size < 8 {
        return Err(format!("frame header: expected 8 bytes, got {}", size));
    }
    state.frame.resize(size, 0);
    unsafe { yomo_context_data(state.frame.as_mut_ptr(), size as u32) };
    let frame = &state.frame;
    let w = u32::from_le_bytes([frame[0], frame[1], frame[2], frame[3]]);
    let h = u32::from_le_bytes([frame[4], frame[5], frame[6], frame[7]]);
    if w != SIDE || h != SIDE || size != FRAME_BYTES {
        return Err(format!(
            "frame is {}x{} in {} bytes; the model takes 224x224 RGB ({} bytes)",
            w, h, size, FRAME_BYTES
        ));
    }
    let context = match state.context {
        Some(c) => c,
        None => {
            let c = open_context()?;
            state.context = Some(c);
            c
        }
    };
    let dims = [1, SIDE, SIDE, 3];
    let pixels = &frame[8..];
    let input = Tensor {
        dims: dims.as_ptr(),
        rank: dims.len() as u32,
        kind: TENSOR_U8,
        data: pixels.as_ptr(),
        data_len: pixels.len() as u32,
    };
    check("set_input", unsafe { set_input(context, 0, &input) })?;
    check("compute", unsafe { compute(context) })?;
    let mut probabilities = [0f32; 4];
    let mut written = 0u32;
    let max = std::mem::size_of_val(&probabilities) as u32;
    check("get_output", unsafe {
        get_output(context, 0, probabilities.as_mut_ptr() as *mut u8, max, &mut written)
    })?;
    if written != max {
        return Err(format!("get_output: expected 16 bytes (float[4]), got {}", written));
    }
    let mut best = 0;
    for k in 1..LABELS.len() {
        if probabilities[k] > probabilities[best] {
            best = k;
        }
    }
    let score = probabilities[best];
    let score = if score >= 0.0 { score.min(1.0) } else { 0.0 }; // also NaN
    // Four decimals in integers: std's float formatting costs more than the rest of the frame
    // once Chicory has turned it into JVM bytecode (see rust-noise/noise.rs).
    let ten_thousandths = (score * 10000.0 + 0.5) as u32;
    let out = format!(
        "{{\"label\":\"{}\",\"score\":{}.{:04}}}",
        LABELS[best],
        ten_thousandths / 10000,
        ten_thousandths % 10000
    );
    write(OUT_TAG, out.as_bytes());
    Ok(())
}

/// `load_by_name` and `init_execution_context`, once; after a failure the next frame tries again.
fn open_context() -> Result<u32, String> {
    let mut graph = 0u32;
    check("load_by_name", unsafe { load_by_name(MODEL.as_ptr(), MODEL.len() as u32, &mut graph) })?;
    let mut context = 0u32;
    check("init_execution_context", unsafe { init_execution_context(graph, &mut context) })?;
    Ok(context)
}

fn check(function: &str, errno: u32) -> Result<(), String> {
    if errno == 0 {
        return Ok(());
    }
    let name = ERRNO.get(errno as usize).copied().unwrap_or("unknown errno");
    Err(format!("{}: {} ({})", function, name, errno))
}

fn write(tag: u32, data: &[u8]) {
    unsafe { yomo_write(tag, data.as_ptr(), data.len() as u32) };
}
