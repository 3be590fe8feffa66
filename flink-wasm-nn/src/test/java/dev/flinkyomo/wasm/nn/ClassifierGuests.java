package dev.flinkyomo.wasm.nn;

import dev.flinkyomo.wasm.runtime.WasmModuleSource;

/** The two classifier guests shipped in this module's jar (built by wasm-guests/build.sh). */
enum ClassifierGuests {
    C("classifier_c.wasm"),
    RUST("classifier_rust.wasm");

    static final long FRAME_TAG = 0x40;
    static final long RESULT_TAG = 0x42;
    static final long ERROR_TAG = 0x4E;

    final String file;

    ClassifierGuests(String file) {
        this.file = file;
    }

    WasmModuleSource source() {
        return WasmModuleSource.fromClasspath("dev/flinkyomo/wasm/nn/guests/" + file);
    }
}
