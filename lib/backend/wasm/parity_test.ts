/**
 * Parity of every kernel serlab registers for the wasm backend with tfjs's
 * stock cpu backend, on small random shapes (odd sizes, stride 2, valid,
 * same and explicit padding): relative error ≤ 1e-4.
 */
import * as tf from "@tensorflow/tfjs";
import { assertThrows } from "@std/assert";
import { setupWasmBackend } from "./mod.ts";
import { BATCH_NORM_TRAINING } from "../_shared/_batch_norm_training.ts";
import { assertParity, randomArray } from "../_shared/_testing.ts";

await setupWasmBackend();

function tensor(shape: number[], seed: number, lo = -1, hi = 1): tf.Tensor {
  return tf.tensor(randomArray(shape.reduce((a, b) => a * b, 1), seed, lo, hi), shape);
}

type Pad = "same" | "valid" | [[0, 0], [number, number], [number, number], [0, 0]];

interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

const CONV_CASES: ConvCase[] = [
  { x: [2, 7, 9, 3], filter: [3, 3, 3, 5], strides: 1, pad: "same" },
  { x: [2, 7, 9, 3], filter: [3, 3, 3, 5], strides: 1, pad: "valid" },
  { x: [2, 7, 9, 4], filter: [3, 3, 4, 5], strides: 1, pad: "same" },
  { x: [2, 7, 9, 6], filter: [3, 3, 6, 4], strides: 1, pad: "valid" },
  { x: [2, 8, 7, 4], filter: [3, 3, 4, 6], strides: 2, pad: "same" },
  { x: [1, 9, 11, 2], filter: [3, 3, 2, 3], strides: 2, pad: "valid" },
  { x: [2, 9, 9, 4], filter: [3, 3, 4, 4], strides: 2, pad: "valid" },
  { x: [3, 5, 6, 1], filter: [2, 3, 1, 4], strides: [1, 2], pad: "same" },
  { x: [2, 6, 6, 5], filter: [1, 1, 5, 8], strides: 1, pad: "valid" },
  { x: [2, 10, 9, 8], filter: [5, 5, 8, 4], strides: 3, pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { x: [2, 6, 7, 5], filter: [3, 3, 5, 4], strides: 1, pad: [[0, 0], [0, 2], [1, 1], [0, 0]] },
  // Several GEMM chunks, the last one partial; 1 and 4 input channels.
  { x: [5, 30, 31, 4], filter: [3, 3, 4, 8], strides: 1, pad: "same" },
  { x: [5, 30, 31, 1], filter: [3, 3, 1, 8], strides: 1, pad: "same" },
  { x: [2, 9, 10, 1], filter: [3, 3, 1, 4], strides: 1, pad: "valid" },
  { x: [2, 9, 10, 1], filter: [3, 3, 1, 6], strides: 1, pad: "same" },
];

function caseName(c: ConvCase): string {
  return `x [${c.x}] filter [${c.filter}] strides ${c.strides} pad ${JSON.stringify(c.pad)}`;
}

function convAttrs(c: ConvCase): tf.NamedAttrMap {
  return { strides: c.strides, pad: c.pad, dataFormat: "NHWC" } as unknown as tf.NamedAttrMap;
}

Deno.test("Conv2DBackpropFilter() on wasm matches cpu", async (t) => {
  for (const [i, c] of CONV_CASES.entries()) {
    await t.step(caseName(c), async () => {
      await assertParity("wasm", caseName(c), () => {
        const x = tensor(c.x, 10 + i);
        const y = tf.conv2d(x as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, c.strides, c.pad);
        const dy = tensor(y.shape, 30 + i);
        return tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, {
          ...convAttrs(c),
          filterShape: c.filter,
        }) as tf.Tensor;
      });
    });
  }
});

Deno.test("Conv2DBackpropInput() on wasm matches cpu", async (t) => {
  for (const [i, c] of CONV_CASES.entries()) {
    await t.step(caseName(c), async () => {
      await assertParity("wasm", caseName(c), () => {
        const filter = tensor(c.filter, 20 + i);
        const y = tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, filter as tf.Tensor4D, c.strides, c.pad);
        const dy = tensor(y.shape, 30 + i);
        return tf.engine().runKernel("Conv2DBackpropInput", { dy, filter }, {
          ...convAttrs(c),
          inputShape: c.x,
        }) as tf.Tensor;
      });
    });
  }
});

Deno.test("conv2d() gradients on wasm match cpu through tf.grads", async () => {
  await assertParity("wasm", "fused conv2d + relu", () => {
    const x = tensor([3, 9, 10, 4], 1);
    const w = tensor([3, 3, 4, 8], 2);
    const b = tensor([8], 3);
    const weights = tensor([3, 9, 10, 8], 4);
    return tf.grads((xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
      tf.fused.conv2d({
        x: xs as tf.Tensor4D,
        filter: ws as tf.Tensor4D,
        bias: bs,
        strides: 1,
        pad: "same",
        activation: "relu",
      }).mul(weights).sum()
    )([x, w, b]);
  });
});

Deno.test("Conv2DBackpropFilter() on wasm names the unsupported attribute", () => {
  tf.tidy(() => {
    const x = tf.zeros([1, 4, 4, 2]);
    const dy = tf.zeros([1, 4, 4, 3]);
    assertThrows(
      () =>
        tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, {
          strides: 1,
          pad: "same",
          dataFormat: "NCHW",
          filterShape: [3, 3, 2, 3],
        }),
      Error,
      "dataFormat must be NHWC: current value is NCHW",
    );
    assertThrows(
      () =>
        tf.engine().runKernel("Conv2DBackpropInput", {
          dy,
          filter: tf.zeros([3, 3, 2, 3], "int32"),
        }, {
          strides: 1,
          pad: "same",
          dataFormat: "NHWC",
          inputShape: [1, 4, 4, 2],
        }),
      TypeError,
      "filter must be float32: current value is int32",
    );
  });
});

interface PoolCase {
  x: [number, number, number, number];
  size: number;
  strides: number;
  pad: "same" | "valid";
  /** Values on a coarse grid, so that windows hold ties. */
  ties: boolean;
}

const POOL_CASES: PoolCase[] = [
  { x: [2, 8, 10, 8], size: 2, strides: 2, pad: "valid", ties: false },
  { x: [2, 7, 9, 8], size: 2, strides: 2, pad: "valid", ties: false },
  { x: [2, 8, 10, 8], size: 2, strides: 2, pad: "valid", ties: true },
  { x: [2, 7, 9, 3], size: 2, strides: 2, pad: "valid", ties: true },
  { x: [1, 7, 9, 5], size: 3, strides: 2, pad: "same", ties: false },
  { x: [1, 6, 6, 4], size: 3, strides: 1, pad: "valid", ties: true },
  // 2×2 'same' of an odd size pads below and right: not the disjoint fast path.
  { x: [2, 9, 7, 8], size: 2, strides: 2, pad: "same", ties: false },
  { x: [2, 9, 7, 3], size: 2, strides: 2, pad: "same", ties: true },
];

Deno.test("MaxPoolGrad() on wasm matches cpu", async (t) => {
  for (const [i, c] of POOL_CASES.entries()) {
    const name = `x [${c.x}] ${c.size}x${c.size} stride ${c.strides} ${c.pad} ties ${c.ties}`;
    await t.step(name, async () => {
      await assertParity("wasm", name, () => {
        const raw = tensor(c.x, 40 + i, -2, 2);
        // ReLU-like ties: many windows of equal zeros, as after tf.relu.
        const x = c.ties ? tf.relu(tf.round(raw)) : raw;
        const weights = tensor(
          tf.maxPool(x as tf.Tensor4D, c.size, c.strides, c.pad).shape,
          50 + i,
        );
        return tf.grad((v: tf.Tensor) =>
          tf.maxPool(v as tf.Tensor4D, c.size, c.strides, c.pad).mul(weights).sum()
        )(x);
      });
    });
  }
});

Deno.test("Sum() and Mean() on wasm match cpu", async (t) => {
  const cases: [number[], number | number[], boolean][] = [
    [[3, 5, 7, 8], [0, 1, 2], false],
    [[3, 5, 7, 8], [0, 1, 2], true],
    [[3, 5, 7, 3], [0, 1, 2], false],
    [[6, 4], 0, true],
    [[3, 5, 7, 8], [1, 2], false],
    [[3, 5, 7, 8], -1, false],
    [[3, 5, 7, 8], [0, 1, 2, 3], false],
  ];
  for (const [i, [shape, axis, keepDims]] of cases.entries()) {
    const name = `shape [${shape}] axis ${JSON.stringify(axis)} keepDims ${keepDims}`;
    await t.step(name, async () => {
      await assertParity("wasm", name, () => {
        const x = tensor(shape, 60 + i, -3, 5);
        return [tf.sum(x, axis, keepDims), tf.mean(x, axis, keepDims)];
      });
    });
  }
  await t.step("int32 goes to the stock kernel", async () => {
    await assertParity(
      "wasm",
      "int32 sum",
      () => tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2], "int32"), 0),
    );
  });
});

Deno.test("Identity() and Cast() on wasm match cpu", async () => {
  await assertParity("wasm", "identity and casts", () => {
    const x = tensor([3, 4], 70, -5, 5);
    return [tf.clone(x), tf.cast(x, "float32"), tf.cast(tf.cast(x, "int32"), "float32")];
  });
});

Deno.test("FusedBatchNorm() on wasm matches cpu", async (t) => {
  const cases: [number[], boolean][] = [
    [[2, 5, 7, 8], true],
    [[2, 5, 7, 8], false],
    [[4, 3], true],
    [
      [3, 5, 6, 4],
      false,
    ],
  ];
  for (const [i, [shape, withAffine]] of cases.entries()) {
    await t.step(`x [${shape}]${withAffine ? " with scale and offset" : ""}`, async () => {
      await assertParity("wasm", `batchNorm [${shape}]`, () => {
        const channels = shape[shape.length - 1];
        const x = tensor(shape, 100 + i, -2, 3);
        const mean = tensor([channels], 101 + i) as tf.Tensor1D;
        const variance = tensor([channels], 102 + i, 0.5, 2) as tf.Tensor1D;
        return withAffine
          ? tf.batchNorm(
            x,
            mean,
            variance,
            tensor([channels], 103 + i) as tf.Tensor1D,
            tensor([channels], 104 + i) as tf.Tensor1D,
            1e-3,
          )
          : tf.batchNorm(x, mean, variance, undefined, undefined, 1e-3);
      });
    });
  }
});

Deno.test("FusedBatchNorm gradient on wasm matches cpu", async (t) => {
  for (const [i, shape] of [[2, 5, 7, 8], [2, 5, 7, 3], [3, 6]].entries()) {
    await t.step(`x [${shape}]`, async () => {
      await assertParity("wasm", `batchNorm grads [${shape}]`, () => {
        const channels = shape[shape.length - 1];
        const x = tensor(shape, 80 + i, -2, 3);
        const mean = tensor([channels], 81 + i);
        const variance = tensor([channels], 82 + i, 0.5, 2);
        const offset = tensor([channels], 83 + i);
        const scale = tensor([channels], 84 + i, 0.5, 1.5);
        const weights = tensor(shape, 85 + i);
        return tf.grads((
          xs: tf.Tensor,
          ms: tf.Tensor,
          vs: tf.Tensor,
          os: tf.Tensor,
          ss: tf.Tensor,
        ) =>
          tf.batchNorm(
            xs,
            ms as tf.Tensor1D,
            vs as tf.Tensor1D,
            os as tf.Tensor1D,
            ss as tf.Tensor1D,
            1e-3,
          ).mul(weights).sum()
        )([x, mean, variance, offset, scale]);
      });
    });
  }
});

/** tfjs-layers' training batch norm, as the composite ops it records on cpu. */
function compositeBatchNorm(x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor): tf.Tensor[] {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  return [
    tf.batchNorm(x, mean, variance, offset as tf.Tensor1D, scale as tf.Tensor1D, 1e-3),
    mean,
    variance,
  ];
}

function fusedBatchNorm(x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor): tf.Tensor[] {
  return tf.engine().runKernel(BATCH_NORM_TRAINING, { x, scale, offset }, {
    varianceEpsilon: 1e-3,
  }) as tf.Tensor[];
}

Deno.test("SerlabBatchNormTraining() and its gradient on wasm match cpu's composite", async (t) => {
  for (const [i, shape] of [[4, 5, 7, 8], [2, 5, 7, 3], [9, 12], [3, 3, 3, 16]].entries()) {
    await t.step(`x [${shape}]`, async () => {
      const channels = shape[shape.length - 1];
      const inputs = () => [
        tensor(shape, 90 + i, 1, 4),
        tensor([channels], 91 + i, 0.5, 1.5),
        tensor([channels], 92 + i),
      ];
      const weights = () => tensor(shape, 93 + i);
      await assertParity(
        "wasm",
        `forward [${shape}]`,
        () => fusedBatchNorm(...inputs() as [tf.Tensor, tf.Tensor, tf.Tensor]),
        { reference: () => compositeBatchNorm(...inputs() as [tf.Tensor, tf.Tensor, tf.Tensor]) },
      );
      const loss = (bn: typeof fusedBatchNorm) => (x: tf.Tensor, s: tf.Tensor, o: tf.Tensor) =>
        bn(x, s, o)[0].mul(weights()).sum();
      await assertParity(
        "wasm",
        `gradients [${shape}]`,
        () => tf.grads(loss(fusedBatchNorm))(inputs()),
        { reference: () => tf.grads(loss(compositeBatchNorm))(inputs()) },
      );
    });
  }
});
