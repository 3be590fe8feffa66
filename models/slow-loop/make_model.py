#!/usr/bin/env python3
"""Builds slow_loop.onnx, a test model that never finishes on its own: flink-wasm-nn's tests use it
to show that a WASI-NN compute is stopped at the guest call's timeout.

  input  "x" float [1]
  output "y" float [1]: x plus the number of iterations of a Loop whose trip count is 2^40, so a
         run lasts days unless ONNX Runtime is told to terminate it.

Run with Debian's python3-onnx: /usr/bin/python3 make_model.py [out_dir]
(writes slow_loop.onnx; flink-wasm-nn/src/test/resources/slow_loop.onnx is a copy).
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    body = helper.make_graph(
        [
            helper.make_node("Identity", ["cond_in"], ["cond_out"]),
            helper.make_node("Add", ["acc_in", "one"], ["acc_out"]),
        ],
        "step",
        [
            helper.make_tensor_value_info("i", TensorProto.INT64, []),
            helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
            helper.make_tensor_value_info("acc_in", TensorProto.FLOAT, [1]),
        ],
        [
            helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
            helper.make_tensor_value_info("acc_out", TensorProto.FLOAT, [1]),
        ],
        [numpy_helper.from_array(np.array([1.0], dtype=np.float32), "one")],
    )
    graph = helper.make_graph(
        [helper.make_node("Loop", ["trips", "keep_going", "x"], ["y"], body=body)],
        "slow_loop",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])],
        [
            numpy_helper.from_array(np.array(1 << 40, dtype=np.int64), "trips"),
            numpy_helper.from_array(np.array(True), "keep_going"),
        ],
    )
    model = helper.make_model(graph, producer_name="flink-yomo make_model.py",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, "slow_loop.onnx"))


if __name__ == "__main__":
    main()
