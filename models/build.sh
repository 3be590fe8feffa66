#!/usr/bin/env bash
# Regenerates the example model and copies it to where it is used. Outputs are committed, so
# builds and tests never need Python. Needs Debian's python3-onnx and python3-numpy:
#   apt-get install python3-onnx python3-numpy
# The model is byte-for-byte reproducible (seeded numpy; checked by running this twice).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
/usr/bin/python3 "$here/colour-discs/make_model.py" "$here/colour-discs"
for dest in \
  "$here/../onnx-models/src/test/resources" \
  "$here/../flink-ml-onnx/src/test/resources" \
  "$here/../examples/src/main/resources/models" \
  "$here/../benchmarks/src/main/resources/dev/flinkyomo/benchmarks/ml"; do
  cp "$here/colour-discs/colour_discs.onnx" "$dest/"
done
cat "$here/colour-discs/accuracy.txt"
