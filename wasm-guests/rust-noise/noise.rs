//! YoMo noise stream function (ABI v3, wasm32-wasi, std only, no crates).
//!
//! Input, tag 0x33 (YoMo's noise tag): {"noise": <number>, "time": <epoch ms>, "from": "<string>"}
//! Output, tag 0x34, for every valid input: {"noise":<noise / 10>,"time":<time>,"from":"<from>"}
//! Output, tag 0x35, only when noise / 10 >= 16: {"alert":"noise","noise":<noise / 10>,"time":<time>,"from":"<from>"}
//! Malformed input writes nothing and reports the reason on stderr (the task log).
//!
//! Every byte costs more in a Wasm engine than in native code, so a record is handled in one pass:
//! the parser borrows keys and strings from the input instead of decoding them, keeps only the
//! three fields it needs, and both outputs are written once into a buffer reused across records.
//! Chicory compiles each Wasm function into one JVM method, and HotSpot optimises small methods far
//! better than large ones (and does not compile a method over 8000 bytes of bytecode at all), so
//! the steps of the hot path are `#[inline(never)]`: LTO would otherwise merge them into one large
//! handler, measured 1.5-2x slower.
#![crate_type = "cdylib"]

use std::borrow::Cow;
use std::cell::RefCell;
use std::convert::TryFrom;
use std::fmt::{self, Write as _};

const IN_TAG: u32 = 0x33;
const NOISE_TAG: u32 = 0x34;
const ALERT_TAG: u32 = 0x35;
const ALERT_THRESHOLD: f64 = 16.0;
const MAX_DEPTH: u32 = 32;
/// The alert is this prefix, a ',' and the result without its '{'. The result is written right
/// behind the prefix, so overwriting its '{' with ',' turns the buffer into the alert in place.
const ALERT_PREFIX: &[u8] = b"{\"alert\":\"noise\"";

#[link(wasm_import_module = "env")]
extern "C" {
    fn yomo_observe_datatag(tag: u32);
    fn yomo_context_data_size() -> u32;
    fn yomo_context_data(ptr: *mut u8, cap: u32) -> u32;
    fn yomo_write(tag: u32, ptr: *const u8, len: u32) -> i32;
}

#[no_mangle]
pub extern "C" fn yomo_observe_datatags() {
    unsafe { yomo_observe_datatag(IN_TAG) }
}

/// No wanted target. yomo v1.18.10 to v1.20.x refuse a module without this export (it became
/// optional with yomo PR #980); exporting it lets the same .wasm run on those hosts too.
#[no_mangle]
pub extern "C" fn yomo_wanted_target() {}

#[no_mangle]
pub extern "C" fn yomo_init() -> i32 {
    0
}

/// Input and output buffers, kept between records so the steady state allocates nothing.
/// An instance runs one handler call at a time.
struct Buffers {
    input: Vec<u8>,
    output: Vec<u8>,
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = const { RefCell::new(Buffers { input: Vec::new(), output: Vec::new() }) };
}

#[no_mangle]
pub extern "C" fn yomo_handler() {
    BUFFERS.with(|buffers| {
        let Buffers { input, output } = &mut *buffers.borrow_mut();
        read_input(input);
        match parse_noise(input) {
            Ok(reading) => write_outputs(&reading, output),
            Err(reason) => eprintln!("noise: dropping malformed input: {}", reason),
        }
    })
}

fn read_input(buf: &mut Vec<u8>) {
    let size = unsafe { yomo_context_data_size() } as usize;
    buf.resize(size, 0); // zeroes only what the buffer grows by; the host overwrites the rest
    let n = unsafe { yomo_context_data(buf.as_mut_ptr(), size as u32) } as usize;
    if n > size {
        buf.fill(0); // the host wrote nothing: never parse the previous record's bytes
    }
    buf.truncate(n.min(size));
}

fn write(tag: u32, data: &[u8]) {
    let rc = unsafe { yomo_write(tag, data.as_ptr(), data.len() as u32) };
    if rc != 0 {
        eprintln!("noise: yomo_write(0x{:x}) returned {}", tag, rc);
    }
}

#[inline(never)]
fn write_outputs(reading: &Reading, out: &mut Vec<u8>) {
    let noise = reading.noise / 10.0;
    out.clear();
    out.extend_from_slice(ALERT_PREFIX);
    out.extend_from_slice(b"{\"noise\":");
    write_f64(out, noise);
    out.extend_from_slice(b",\"time\":");
    write_i64(out, reading.time);
    out.extend_from_slice(b",\"from\":\"");
    if reading.from_verbatim {
        out.extend_from_slice(&reading.from);
    } else {
        escape_into(out, &reading.from);
    }
    out.extend_from_slice(b"\"}");
    write(NOISE_TAG, &out[ALERT_PREFIX.len()..]);
    if noise >= ALERT_THRESHOLD {
        out[ALERT_PREFIX.len()] = b',';
        write(ALERT_TAG, out);
    }
}

/// Appends `v` exactly as Rust's `{}` formats it (the shortest digits that parse back to `v`,
/// never an exponent), which is part of the output format. std's formatter is one function too
/// large for HotSpot to compile once Chicory has turned it into a JVM method, so it costs more than
/// the rest of the record; values below 2^53 with at most 20 decimals are formatted here.
#[inline(never)]
fn write_f64(out: &mut Vec<u8>, v: f64) {
    match shortest_decimal(v.abs()) {
        Some((digits, decimals)) => {
            if v.is_sign_negative() {
                out.push(b'-');
            }
            let mut buf = [b'0'; 40];
            let start = digits_into(&mut buf, digits);
            // Left-pad with zeros so that there is an integer digit: 5 with 2 decimals is 0.05.
            let start = start.min(buf.len() - decimals - 1);
            let point = buf.len() - decimals;
            out.extend_from_slice(&buf[start..point]);
            if decimals > 0 {
                out.push(b'.');
                out.extend_from_slice(&buf[point..]);
            }
        }
        None => write_display(out, v),
    }
}

/// For `v >= 0`, the decimal `m / 10^k` that `{}` prints, when it is cheap to find exactly:
/// `v` below 2^53 and at most 20 decimals; otherwise None.
///
/// With `v = mant * 2^e`, the decimals that parse back to `v` are those within half the gap to
/// each neighbouring double (the gap below is half as wide when mant is the smallest normal
/// mantissa; the edges count when mant is even). std (Grisu, Dragon4) prints one of those with the
/// fewest decimals and of them the closest to `v`. At k decimals the candidates are integers near
/// x = v * 10^k, and if any is within the bounds, so is floor(x) or floor(x) + 1; the first k
/// where one of those two is, gives the answer. Everything is in integers, scaled by 2^(2-e) so that
/// x and a quarter gap are exact; an exact tie between the two goes to std.
fn shortest_decimal(v: f64) -> Option<(u64, usize)> {
    if v == 0.0 {
        return Some((0, 0));
    }
    let bits = v.to_bits();
    let biased = (bits >> 52) as i32; // v >= 0: no sign bit
    if biased == 0 || biased == 0x7ff {
        return None; // subnormal, infinite or NaN
    }
    let mant = u128::from(bits & ((1 << 52) - 1) | 1 << 52);
    let e = biased - 1075;
    if e > 0 || e < -125 {
        return None;
    }
    let shift = (2 - e) as u32; // x = n / 2^shift
    let inclusive = mant & 1 == 0;
    let narrow_below = mant == 1 << 52 && biased > 1;
    let mut n = mant << 2; // v * 10^k, scaled
    let mut pow10: u128 = 1; // a quarter gap at k decimals, scaled
    for k in 0..=20 {
        if k > 0 {
            n = (n << 3) + (n << 1);
            pow10 = (pow10 << 3) + (pow10 << 1);
        }
        let floor = n >> shift;
        let below = n & ((1 << shift) - 1); // x - floor(x), scaled
        let above = (1 << shift) - below; // floor(x) + 1 - x, scaled
        let half_gap_below = if narrow_below { pow10 } else { pow10 << 1 };
        let half_gap_above = pow10 << 1;
        let within = |distance: u128, bound: u128| distance < bound || (inclusive && distance == bound);
        let m = match (within(below, half_gap_below), within(above, half_gap_above)) {
            (false, false) => continue,
            (true, false) => floor,
            (false, true) => floor + 1,
            (true, true) if below < above => floor,
            (true, true) if below > above => floor + 1,
            (true, true) => return None,
        };
        return u64::try_from(m).ok().map(|m| (m, k));
    }
    None
}

/// Appends `v` as `{}` formats it.
#[inline(never)]
fn write_i64(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    let mut buf = [0; 20];
    let start = digits_into(&mut buf, v.unsigned_abs());
    out.extend_from_slice(&buf[start..]);
}

/// Writes the decimal digits of `n` at the end of `buf` and returns where they start.
fn digits_into(buf: &mut [u8], mut n: u64) -> usize {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return i;
        }
    }
}

fn write_display(out: &mut Vec<u8>, value: impl fmt::Display) {
    struct Bytes<'b>(&'b mut Vec<u8>);
    impl fmt::Write for Bytes<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0.extend_from_slice(s.as_bytes());
            Ok(())
        }
    }
    // Cannot fail: the sink never does, and neither does Display for numbers.
    let _ = write!(Bytes(out), "{}", value);
}

/// Appends `s` as JSON string content: '"', '\' and control characters escaped, all else verbatim.
#[inline(never)]
fn escape_into(out: &mut Vec<u8>, s: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut plain = 0; // start of the run of bytes that need no escaping
    for (i, &b) in s.iter().enumerate() {
        if b == b'"' || b == b'\\' || b < 0x20 {
            out.extend_from_slice(&s[plain..i]);
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                _ => out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]),
            }
            plain = i + 1;
        }
    }
    out.extend_from_slice(&s[plain..]);
}

struct Reading<'a> {
    noise: f64,
    time: i64,
    from: Cow<'a, [u8]>,
    /// `from` contains nothing that needs escaping, so it is copied as it is.
    from_verbatim: bool,
}

#[inline(never)]
fn parse_noise(input: &[u8]) -> Result<Reading<'_>, String> {
    let mut parser = Parser { s: input, pos: 0, ascii: true };
    let parsed = parser.object();
    // Input that is not UTF-8 is reported as such wherever the bad byte is, before any other
    // problem. Outside strings a non-ASCII byte is a syntax error, and the parser notes any inside
    // strings, so the whole input only needs checking on those two paths.
    if parsed.is_err() || !parser.ascii {
        std::str::from_utf8(input).map_err(|e| format!("not UTF-8: {}", e))?;
    }
    let fields = parsed?;
    let noise = match fields.noise {
        Some(Value::Num(v)) => v,
        _ => return Err("missing numeric field \"noise\"".into()),
    };
    let time = match fields.time {
        Some(Value::Num(v)) if v.fract() == 0.0 => v as i64,
        _ => return Err("missing integer field \"time\"".into()),
    };
    match fields.from {
        Some(Value::Str(text)) => Ok(Reading { noise, time, from: text.decode()?, from_verbatim: text.verbatim() }),
        _ => Err("missing string field \"from\"".into()),
    }
}

/// The last value of each field the function reads; a repeated key resolves to its last value,
/// as in most parsers.
#[derive(Default)]
struct Fields<'a> {
    noise: Option<Value<'a>>,
    time: Option<Value<'a>>,
    from: Option<Value<'a>>,
}

enum Value<'a> {
    Num(f64),
    Str(Text<'a>),
    Other,
}

/// The raw content of a validated JSON string, between its quotes.
#[derive(Clone, Copy)]
struct Text<'a> {
    raw: &'a [u8],
    has_escapes: bool,
    has_controls: bool,
}

impl<'a> Text<'a> {
    /// The raw bytes are also the string's JSON output.
    fn verbatim(&self) -> bool {
        !self.has_escapes && !self.has_controls
    }

    /// The string's value: borrowed from the input unless it has escapes.
    fn decode(&self) -> Result<Cow<'a, [u8]>, String> {
        if !self.has_escapes {
            return Ok(Cow::Borrowed(self.raw));
        }
        let mut out = Vec::with_capacity(self.raw.len());
        let mut i = 0;
        while let Some(offset) = self.raw[i..].iter().position(|&b| b == b'\\') {
            out.extend_from_slice(&self.raw[i..i + offset]);
            let (c, next) = unescape(self.raw, i + offset + 1)?;
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            i = next;
        }
        out.extend_from_slice(&self.raw[i..]);
        Ok(Cow::Owned(out))
    }
}

/// Decodes the escape whose letter is at `s[pos]` (just after the backslash); returns the
/// character and the index after the escape. Positions in errors are indices into `s`.
fn unescape(s: &[u8], pos: usize) -> Result<(char, usize), String> {
    let e = *s.get(pos).ok_or("unterminated escape")?;
    let c = match e {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'n' => '\n',
        b't' => '\t',
        b'r' => '\r',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'u' => {
            let hex = s.get(pos + 1..pos + 5).ok_or("short \\u escape")?;
            // from_str_radix also takes a leading '+': kept, as it is what this guest has always accepted.
            let code = u32::from_str_radix(std::str::from_utf8(hex).unwrap_or("x"), 16)
                .map_err(|_| format!("bad \\u escape at byte {}", pos + 1))?;
            return Ok((char::from_u32(code).unwrap_or('\u{fffd}'), pos + 5));
        }
        _ => return Err(format!("bad escape at byte {}", pos)),
    };
    Ok((c, pos + 1))
}

/// A flat JSON object parser over bytes: string keys, number/string values; nested values are
/// validated and skipped.
struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
    /// No byte >= 0x80 was seen inside a string.
    ascii: bool,
}

impl<'a> Parser<'a> {
    #[inline(never)]
    fn object(&mut self) -> Result<Fields<'a>, String> {
        let mut out = Fields::default();
        self.expect(b'{')?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return self.end(out);
        }
        loop {
            let key = self.string()?;
            self.expect(b':')?;
            let value = self.value(0)?;
            match &*key.decode()? {
                b"noise" => out.noise = Some(value),
                b"time" => out.time = Some(value),
                b"from" => out.from = Some(value),
                _ => {}
            }
            match self.next_token() {
                Some(b',') => continue,
                Some(b'}') => return self.end(out),
                _ => return Err(format!("expected ',' or '}}' at byte {}", self.pos)),
            }
        }
    }

    fn end(&mut self, out: Fields<'a>) -> Result<Fields<'a>, String> {
        self.skip_ws();
        if self.pos != self.s.len() {
            return Err(format!("trailing data at byte {}", self.pos));
        }
        Ok(out)
    }

    #[inline(never)]
    fn value(&mut self, depth: u32) -> Result<Value<'a>, String> {
        if depth > MAX_DEPTH {
            return Err(format!("nesting deeper than {}", MAX_DEPTH));
        }
        match self.peek() {
            Some(b'"') => Ok(Value::Str(self.string()?)),
            Some(b'-') | Some(b'0'..=b'9') => self.number(),
            Some(b'{') | Some(b'[') => self.skip_nested(depth),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            _ => Err(format!("unexpected value at byte {}", self.pos)),
        }
    }

    #[inline(never)]
    fn skip_nested(&mut self, depth: u32) -> Result<Value<'a>, String> {
        let close = if self.next_token() == Some(b'{') { b'}' } else { b']' };
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(Value::Other);
        }
        loop {
            if close == b'}' {
                self.string()?;
                self.expect(b':')?;
            }
            self.value(depth + 1)?;
            match self.next_token() {
                Some(b',') => continue,
                Some(c) if c == close => return Ok(Value::Other),
                _ => return Err(format!("unterminated container at byte {}", self.pos)),
            }
        }
    }

    fn literal(&mut self, word: &str) -> Result<Value<'a>, String> {
        self.skip_ws();
        if self.s[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(Value::Other)
        } else {
            Err(format!("bad literal at byte {}", self.pos))
        }
    }

    #[inline(never)]
    fn number(&mut self) -> Result<Value<'a>, String> {
        self.skip_ws();
        let start = self.pos;
        while let Some(c) = self.s.get(self.pos) {
            match c {
                b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9' => self.pos += 1,
                _ => break,
            }
        }
        let text = std::str::from_utf8(&self.s[start..self.pos]).unwrap_or("");
        text.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Value::Num)
            .ok_or_else(|| format!("bad number '{}' at byte {}", text, start))
    }

    /// Validates a string and returns its raw content; decoding is left to the few that need it.
    fn string(&mut self) -> Result<Text<'a>, String> {
        self.expect(b'"')?;
        let start = self.pos;
        let mut text = Text { raw: &[], has_escapes: false, has_controls: false };
        loop {
            self.pos = plain_run_end(self.s, self.pos);
            let c = *self.s.get(self.pos).ok_or("unterminated string")?;
            self.pos += 1;
            match c {
                b'"' => {
                    text.raw = &self.s[start..self.pos - 1];
                    return Ok(text);
                }
                b'\\' => {
                    text.has_escapes = true;
                    self.pos = unescape(self.s, self.pos)?.1;
                }
                0..=0x1f => text.has_controls = true,
                _ => self.ascii = false, // only bytes >= 0x80 end a plain run otherwise
            }
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        match self.next_token() {
            Some(x) if x == c => Ok(()),
            _ => Err(format!("expected '{}' at byte {}", c as char, self.pos)),
        }
    }

    fn next_token(&mut self) -> Option<u8> {
        self.skip_ws();
        let c = self.s.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.s.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ') | Some(b'\n') | Some(b'\r') | Some(b'\t') = self.s.get(self.pos) {
            self.pos += 1;
        }
    }
}

/// The index of the first byte at or after `pos` that a string scan must look at: '"', '\',
/// a control character or a non-ASCII byte (or `s.len()`). Tests eight bytes per step.
fn plain_run_end(s: &[u8], mut pos: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Per byte, the high bit of (x - 1) & !x is set where x is 0, exactly when any byte is 0.
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    while let Some(chunk) = s.get(pos..pos + 8) {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(chunk);
        let x = u64::from_le_bytes(bytes);
        // x - 0x20 per byte borrows into the high bit exactly for bytes < 0x20 (bytes >= 0x80 are
        // caught by the `x & HIGH` term), like has_zero.
        let special = x.wrapping_sub(ONES * 0x20) & !x & HIGH
            | x & HIGH
            | has_zero(x ^ (ONES * b'"' as u64))
            | has_zero(x ^ (ONES * b'\\' as u64));
        if special != 0 {
            break;
        }
        pos += 8;
    }
    while let Some(&b) = s.get(pos) {
        if b == b'"' || b == b'\\' || b < 0x20 || b >= 0x80 {
            break;
        }
        pos += 1;
    }
    pos
}
