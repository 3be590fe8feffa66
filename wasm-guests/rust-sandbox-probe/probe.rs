//! Test fixture: a YoMo stream function (ABI v3, wasm32-wasi, std only) that asks the WASI host for
//! what a sandboxed guest must not get (files, directories, sockets, environment, arguments) and
//! for what it may use (clocks, randomness, stderr), and writes what it got.
//!
//! Input, tag 0x60: the name of one probe, optionally followed by ' ' and an argument.
//! Output, tag 0x61: "<probe> ok <detail>" or "<probe> err <detail>".
//! The probe "exit <code>" calls proc_exit instead of writing; "panic" aborts (a trap).
#![crate_type = "cdylib"]

use std::io::Write;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const IN_TAG: u32 = 0x60;
const OUT_TAG: u32 = 0x61;

#[link(wasm_import_module = "env")]
extern "C" {
    fn yomo_observe_datatag(tag: u32);
    fn yomo_context_data_size() -> u32;
    fn yomo_context_data(ptr: *mut u8, cap: u32) -> u32;
    fn yomo_write(tag: u32, ptr: *const u8, len: u32) -> i32;
}

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    // std has no safe call for it on wasm32-wasi in this Rust version
    fn random_get(buf: *mut u8, len: usize) -> u16;
}

#[no_mangle]
pub extern "C" fn yomo_observe_datatags() {
    unsafe { yomo_observe_datatag(IN_TAG) }
}

#[no_mangle]
pub extern "C" fn yomo_init() -> i32 {
    0
}

#[no_mangle]
pub extern "C" fn yomo_handler() {
    let input = read_input();
    let text = String::from_utf8_lossy(&input);
    let (probe, arg) = match text.split_once(' ') {
        Some((p, a)) => (p, a),
        None => (text.as_ref(), ""),
    };
    let result: Result<String, String> = match probe {
        "env" => Ok(format!("vars={} args={}", std::env::vars_os().count(), std::env::args_os().count())),
        "open" => std::fs::File::open(arg).map(|_| "opened".to_string()).map_err(|e| format!("{:?}", e.kind())),
        "create" => std::fs::File::create(arg).map(|_| "created".to_string()).map_err(|e| format!("{:?}", e.kind())),
        "readdir" => std::fs::read_dir(arg).map(|d| format!("entries={}", d.count())).map_err(|e| format!("{:?}", e.kind())),
        "cwd" => std::env::current_dir().map(|p| p.display().to_string()).map_err(|e| format!("{:?}", e.kind())),
        "connect" => std::net::TcpStream::connect(arg).map(|_| "connected".to_string()).map_err(|e| format!("{:?}", e.kind())),
        "clock" => clock(),
        "random" => random(),
        "stderr" => {
            let _ = writeln!(std::io::stderr(), "{}", arg);
            Ok(format!("wrote={}", arg.len() + 1))
        }
        "exit" => std::process::exit(arg.parse().unwrap_or(1)),
        "panic" => panic!("probe asked for a panic"),
        other => Err(format!("unknown probe {:?}", other)),
    };
    let out = match result {
        Ok(detail) => format!("{} ok {}", probe, detail),
        Err(detail) => format!("{} err {}", probe, detail),
    };
    unsafe {
        yomo_write(OUT_TAG, out.as_ptr(), out.len() as u32);
    }
}

/// Wall clock after 2020 and a monotonic clock that does not go backwards.
fn clock() -> Result<String, String> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_err(|e| e.to_string())?;
    let a = std::time::Instant::now();
    let b = std::time::Instant::now();
    if now < Duration::from_secs(1_577_836_800) || b < a {
        return Err(format!("implausible clock: {:?}", now));
    }
    Ok("plausible".to_string())
}

/// Two 16-byte draws that differ (a constant source would fail this).
fn random() -> Result<String, String> {
    let mut a = [0u8; 16];
    let mut b = [0u8; 16];
    let (ra, rb) = unsafe { (random_get(a.as_mut_ptr(), a.len()), random_get(b.as_mut_ptr(), b.len())) };
    if ra != 0 || rb != 0 {
        return Err(format!("errno {} {}", ra, rb));
    }
    if a == b {
        return Err("two draws were equal".to_string());
    }
    Ok("distinct".to_string())
}

fn read_input() -> Vec<u8> {
    unsafe {
        let size = yomo_context_data_size() as usize;
        let mut buf = vec![0u8; size];
        if size > 0 {
            yomo_context_data(buf.as_mut_ptr(), size as u32);
        }
        buf
    }
}
