//! Reference copy (commit e27f0eb, test fixture noise_reference.wasm) of the YoMo noise stream function (ABI v3, wasm32-wasi, std only, no crates).
//!
//! Input, tag 0x33 (YoMo's noise tag): {"noise": <number>, "time": <epoch ms>, "from": "<string>"}
//! Output, tag 0x34, for every valid input: {"noise":<noise / 10>,"time":<time>,"from":"<from>"}
//! Output, tag 0x35, only when noise / 10 >= 16: {"alert":"noise","noise":<noise / 10>,"time":<time>,"from":"<from>"}
//! Malformed input writes nothing and reports the reason on stderr (the task log).
#![crate_type = "cdylib"]

const IN_TAG: u32 = 0x33;
const NOISE_TAG: u32 = 0x34;
const ALERT_TAG: u32 = 0x35;
const ALERT_THRESHOLD: f64 = 16.0;

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

#[no_mangle]
pub extern "C" fn yomo_init() -> i32 {
    0
}

#[no_mangle]
pub extern "C" fn yomo_handler() {
    let input = read_input();
    match parse_noise(&input) {
        Ok(n) => {
            let noise = n.noise / 10.0;
            let body = format!("\"noise\":{},\"time\":{},\"from\":\"{}\"", noise, n.time, escape(&n.from));
            write(NOISE_TAG, format!("{{{}}}", body).as_bytes());
            if noise >= ALERT_THRESHOLD {
                write(ALERT_TAG, format!("{{\"alert\":\"noise\",{}}}", body).as_bytes());
            }
        }
        Err(reason) => eprintln!("noise: dropping malformed input: {}", reason),
    }
}

fn read_input() -> Vec<u8> {
    unsafe {
        let size = yomo_context_data_size();
        let mut buf = vec![0u8; size as usize];
        let n = yomo_context_data(buf.as_mut_ptr(), size);
        buf.truncate(n.min(size) as usize);
        buf
    }
}

fn write(tag: u32, data: &[u8]) {
    let rc = unsafe { yomo_write(tag, data.as_ptr(), data.len() as u32) };
    if rc != 0 {
        eprintln!("noise: yomo_write(0x{:x}) returned {}", tag, rc);
    }
}

struct Noise {
    noise: f64,
    time: i64,
    from: String,
}

enum Json {
    Num(f64),
    Str(String),
    Other,
}

fn parse_noise(bytes: &[u8]) -> Result<Noise, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {}", e))?;
    let fields = Parser { s: text.as_bytes(), pos: 0 }.object()?;
    let noise = match fields.get("noise") {
        Some(Json::Num(v)) => *v,
        _ => return Err("missing numeric field \"noise\"".into()),
    };
    let time = match fields.get("time") {
        Some(Json::Num(v)) if v.fract() == 0.0 => *v as i64,
        _ => return Err("missing integer field \"time\"".into()),
    };
    let from = match fields.get("from") {
        Some(Json::Str(s)) => s.clone(),
        _ => return Err("missing string field \"from\"".into()),
    };
    Ok(Noise { noise, time, from })
}

/// Object members in input order; a repeated key resolves to its last value, as in most parsers.
struct Fields(Vec<(String, Json)>);

impl Fields {
    fn get(&self, key: &str) -> Option<&Json> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// A flat JSON object parser: string keys, number/string values; nested values are skipped.
struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn object(mut self) -> Result<Fields, String> {
        let mut out = Fields(Vec::new());
        self.expect(b'{')?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return self.end(out);
        }
        loop {
            let key = self.string()?;
            self.expect(b':')?;
            let value = self.value(0)?;
            out.0.push((key, value));
            match self.next_token() {
                Some(b',') => continue,
                Some(b'}') => return self.end(out),
                _ => return Err(format!("expected ',' or '}}' at byte {}", self.pos)),
            }
        }
    }

    fn end(mut self, out: Fields) -> Result<Fields, String> {
        self.skip_ws();
        if self.pos != self.s.len() {
            return Err(format!("trailing data at byte {}", self.pos));
        }
        Ok(out)
    }

    fn value(&mut self, depth: u32) -> Result<Json, String> {
        if depth > 32 {
            return Err("nesting deeper than 32".into());
        }
        match self.peek() {
            Some(b'"') => Ok(Json::Str(self.string()?)),
            Some(b'-') | Some(b'0'..=b'9') => self.number(),
            Some(b'{') | Some(b'[') => self.skip_nested(depth),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            _ => Err(format!("unexpected value at byte {}", self.pos)),
        }
    }

    fn skip_nested(&mut self, depth: u32) -> Result<Json, String> {
        let close = if self.next_token() == Some(b'{') { b'}' } else { b']' };
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(Json::Other);
        }
        loop {
            if close == b'}' {
                self.string()?;
                self.expect(b':')?;
            }
            self.value(depth + 1)?;
            match self.next_token() {
                Some(b',') => continue,
                Some(c) if c == close => return Ok(Json::Other),
                _ => return Err(format!("unterminated container at byte {}", self.pos)),
            }
        }
    }

    fn literal(&mut self, word: &str) -> Result<Json, String> {
        self.skip_ws();
        if self.s[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(Json::Other)
        } else {
            Err(format!("bad literal at byte {}", self.pos))
        }
    }

    fn number(&mut self) -> Result<Json, String> {
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
            .map(Json::Num)
            .ok_or_else(|| format!("bad number '{}' at byte {}", text, start))
    }

    fn string(&mut self) -> Result<String, String> {
        self.expect(b'"')?;
        let mut out = String::new();
        loop {
            let c = *self.s.get(self.pos).ok_or("unterminated string")?;
            self.pos += 1;
            match c {
                b'"' => return Ok(out),
                b'\\' => {
                    let e = *self.s.get(self.pos).ok_or("unterminated escape")?;
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'r' => out.push('\r'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'u' => {
                            let hex = self.s.get(self.pos..self.pos + 4).ok_or("short \\u escape")?;
                            let code = u32::from_str_radix(std::str::from_utf8(hex).unwrap_or("x"), 16)
                                .map_err(|_| format!("bad \\u escape at byte {}", self.pos))?;
                            self.pos += 4;
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        _ => return Err(format!("bad escape at byte {}", self.pos - 1)),
                    }
                }
                _ => {
                    // Copy the whole run up to the next quote or backslash at once: both are ASCII,
                    // so the run ends on a UTF-8 boundary of the input validated above.
                    let start = self.pos - 1;
                    let mut end = self.pos;
                    while end < self.s.len() && self.s[end] != b'"' && self.s[end] != b'\\' {
                        end += 1;
                    }
                    out.push_str(std::str::from_utf8(&self.s[start..end]).map_err(|e| e.to_string())?);
                    self.pos = end;
                }
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

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut plain = 0; // start of the run of bytes that need no escaping
    for (i, b) in s.bytes().enumerate() {
        // Every byte that needs escaping is ASCII, so runs split on UTF-8 boundaries.
        if b == b'"' || b == b'\\' || b < 0x20 {
            out.push_str(&s[plain..i]);
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                _ => out.push_str(&format!("\\u{:04x}", b)),
            }
            plain = i + 1;
        }
    }
    out.push_str(&s[plain..]);
    out
}
