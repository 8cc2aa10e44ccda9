/**
 * Parity of every kernel the native backend registers with tfjs's stock
 * `cpu` backend, forward and gradient, on small random shapes (odd sizes,
 * stride 2, valid and same padding): relative error ≤ 1e-4.
 */
import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertLessOrEqual } from "@std/assert";
import { testWith } from "../../../tests/requirements.ts";
import { assertParity, randomArray, relativeError } from "../_shared/_testing.ts";
import { nativeHeap } from "./_heap.ts";
import { nativeBackend, needsOpenBlas } from "./_testing.ts";
import { NATIVE_KERNEL_CONFIGS } from "./register_all_kernels.ts";

function t4(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  return tf.tensor4d(randomArray(shape.reduce((a, b) => a * b, 1), seed), shape);
}

interface ConvCase {
  x: [number, number, number, number];
  f: [number, number, number, number];
  strides: number | [number, number];
  pad: "same" | "valid";
  dilations?: number;
}

const CONV_CASES: ConvCase[] = [
  { x: [2, 9, 7, 3], f: [3, 3, 3, 4], strides: 1, pad: "same" },
  { x: [2, 9, 7, 3], f: [3, 3, 3, 4], strides: 1, pad: "valid" },
  { x: [3, 11, 8, 2], f: [3, 3, 2, 5], strides: 2, pad: "same" },
  { x: [3, 11, 8, 2], f: [3, 3, 2, 5], strides: 2, pad: "valid" },
  { x: [1, 10, 9, 4], f: [2, 4, 4, 3], strides: [2, 1], pad: "same" },
  { x: [2, 6, 5, 1], f: [3, 3, 1, 6], strides: 1, pad: "same" },
  { x: [2, 5, 5, 6], f: [1, 1, 6, 2], strides: 1, pad: "valid" },
  { x: [2, 13, 12, 2], f: [3, 3, 2, 3], strides: 1, pad: "same", dilations: 2 },
];

function label(c: ConvCase): string {
  return `x ${c.x} f ${c.f} stride ${c.strides} ${c.pad}${
    c.dilations ? ` dilation ${c.dilations}` : ""
  }`;
}

testWith(
  "native kernels equal the cpu backend's (relative error <= 1e-4)",
  needsOpenBlas(),
  async (_, t) => {
    const native = nativeBackend();

    await t.step("Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter", async () => {
      for (const [i, c] of CONV_CASES.entries()) {
        await assertParity(native, `conv2d ${label(c)}`, () => {
          const x = t4(c.x, 10 + i), f = t4(c.f, 20 + i);
          return tf.conv2d(x, f, c.strides, c.pad, "NHWC", c.dilations ?? 1);
        });
        if (c.dilations) continue; // tfjs has no gradient for dilated convolutions
        await assertParity(native, `conv2d grads ${label(c)}`, () => {
          const x = t4(c.x, 30 + i), f = t4(c.f, 40 + i);
          const y = tf.conv2d(x, f, c.strides, c.pad);
          const dy = tf.tensor(randomArray(y.size, 50 + i), y.shape);
          const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad).mul(dy).sum()
          )([x, f]);
          return [dx, df];
        });
      }
    });

    await t.step("FusedConv2D with bias, linear and relu, and its gradients", async () => {
      for (const [i, c] of CONV_CASES.entries()) {
        for (const activation of ["linear", "relu"] as const) {
          await assertParity(native, `fused conv2d ${activation} ${label(c)}`, () => {
            const x = t4(c.x, 60 + i), f = t4(c.f, 70 + i);
            const bias = tf.tensor1d(randomArray(c.f[3], 80 + i));
            return tf.fused.conv2d({
              x,
              filter: f,
              strides: c.strides,
              pad: c.pad,
              dilations: c.dilations ?? 1,
              bias,
              activation,
            });
          });
        }
        if (c.dilations) continue;
        await assertParity(native, `fused conv2d grads ${label(c)}`, () => {
          const x = t4(c.x, 90 + i), f = t4(c.f, 100 + i);
          const bias = tf.tensor1d(randomArray(c.f[3], 110 + i));
          const fn = (a: tf.Tensor, b: tf.Tensor, d: tf.Tensor) =>
            tf.fused.conv2d({
              x: a as tf.Tensor4D,
              filter: b as tf.Tensor4D,
              strides: c.strides,
              pad: c.pad,
              bias: d,
            }).square().sum();
          return tf.grads(fn)([x, f, bias]);
        });
      }
    });

    await t.step("MaxPool and MaxPoolGrad", async () => {
      const cases: [[number, number, number, number], number, number, "same" | "valid"][] = [
        [[2, 8, 10, 3], 2, 2, "valid"],
        [[2, 9, 7, 3], 2, 2, "valid"],
        [[1, 9, 7, 4], 3, 2, "same"],
        [[2, 7, 9, 2], 3, 1, "valid"],
        [[2, 6, 6, 2], 2, 1, "same"],
        [[2, 9, 7, 4], 2, 2, "same"],
      ];
      for (const [i, [shape, size, stride, pad]] of cases.entries()) {
        const name = `maxPool ${shape} size ${size} stride ${stride} ${pad}`;
        await assertParity(native, name, () => tf.maxPool(t4(shape, 120 + i), size, stride, pad));
        await assertParity(native, `${name} grad`, () => {
          const x = t4(shape, 130 + i);
          const y = tf.maxPool(x, size, stride, pad);
          const dy = tf.tensor(randomArray(y.size, 140 + i), y.shape);
          return tf.grad((a: tf.Tensor) =>
            tf.maxPool(a as tf.Tensor4D, size, stride, pad).mul(dy).sum()
          )(x);
        });
        // Values in {-1, 0, 1}: most windows tie, and the gradient must land on the same element.
        await assertParity(native, `${name} grad with ties`, () => {
          const n = shape.reduce((p, d) => p * d, 1);
          const x = tf.tensor4d(randomArray(n, 150 + i).map(Math.round), shape);
          const y = tf.maxPool(x, size, stride, pad);
          const dy = tf.tensor(randomArray(y.size, 155 + i), y.shape);
          return tf.grad((a: tf.Tensor) =>
            tf.maxPool(a as tf.Tensor4D, size, stride, pad).mul(dy).sum()
          )(x);
        });
      }
    });

    await t.step("Relu and its gradient", async () => {
      await assertParity(native, "relu", () => tf.relu(t4([2, 5, 7, 3], 160)));
      await assertParity(native, "relu grad", () => {
        const x = t4([2, 5, 7, 3], 161);
        const dy = t4([2, 5, 7, 3], 162);
        return tf.grad((a: tf.Tensor) => tf.relu(a).mul(dy).sum())(x);
      });
    });

    await t.step("Sum and Mean over contiguous axes, and the rest", async () => {
      const shape: [number, number, number, number] = [3, 5, 7, 4];
      for (const axis of [[0, 1, 2], [1, 2], [3], [0], [2, 3], [1], [0, 2], null]) {
        for (const keepDims of [false, true]) {
          await assertParity(native, `sum axis ${axis} keepDims ${keepDims}`, () => {
            return tf.sum(t4(shape, 170), axis ?? undefined, keepDims);
          });
          await assertParity(native, `mean axis ${axis} keepDims ${keepDims}`, () => {
            return tf.mean(t4(shape, 171), axis ?? undefined, keepDims);
          });
        }
      }
    });

    await t.step(
      "Add, Sub, Multiply, RealDiv over equal shapes, scalars, rows and other broadcasts",
      async () => {
        const shapes: [number[], number[]][] = [
          [[3, 4, 5], [3, 4, 5]],
          [[3, 4, 5], []],
          [[], [3, 4, 5]],
          [[3, 4, 5], [5]],
          [[5], [3, 4, 5]],
          [[3, 4, 5], [1, 1, 5]],
          [[3, 4, 5], [4, 1]],
          [[3, 4, 5], [3, 1, 5]],
          [[3, 1, 1, 5], [3, 4, 2, 5]],
          [[3, 1, 5], [1, 4, 1]],
        ];
        const ops = { add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div } as const;
        for (const [name, op] of Object.entries(ops)) {
          for (const [i, [a, b]] of shapes.entries()) {
            await assertParity(native, `${name} [${a}] [${b}]`, () => {
              const ta = tf.tensor(randomArray(a.reduce((p, d) => p * d, 1), 180 + i), a);
              // Keep divisors away from 0.
              const vb = randomArray(b.reduce((p, d) => p * d, 1), 190 + i).map((v) => v + 2);
              return op(ta, tf.tensor(vb, b));
            });
          }
        }
        await assertParity(
          native,
          "add int32",
          () => tf.add(tf.tensor1d([1, 2], "int32"), tf.tensor1d([3, 4], "int32")).toFloat(),
        );
      },
    );

    await t.step("Floor", async () => {
      await assertParity(native, "floor", () => tf.floor(t4([2, 3, 4, 5], 200).mul(3)));
    });

    await t.step("Sqrt and Square, on enough elements to split over threads", async () => {
      // The small input stays off the heap (JavaScript loop), the large one is
      // made by a native kernel, on the heap (SIMD kernel, split over threads).
      for (const shape of [[2, 3, 4, 5], [300, 301]]) {
        const n = shape.reduce((p, d) => p * d, 1);
        await assertParity(native, `sqrt [${shape}]`, () => {
          return tf.sqrt(tf.mul(tf.tensor(randomArray(n, 205, 0, 4), shape), 1));
        });
        await assertParity(native, `square [${shape}]`, () => {
          return tf.square(tf.mul(tf.tensor(randomArray(n, 206, -3, 3), shape), 1));
        });
      }
    });

    await t.step("BatchMatMul over transposes, batch dimensions and broadcasts", async () => {
      // [a shape, b shape, transposeA, transposeB]
      const cases: [number[], number[], boolean, boolean][] = [
        [[7, 5], [5, 3], false, false],
        [[5, 7], [5, 3], true, false],
        [[7, 5], [3, 5], false, true],
        [[5, 7], [3, 5], true, true],
        [[3, 4, 6], [3, 6, 5], false, false],
        [[3, 6, 4], [3, 5, 6], true, true],
        [[2, 3, 4, 6], [6, 5], false, false],
        [[2, 3, 6, 4], [1, 6, 5], true, false],
        [[4, 6], [2, 3, 5, 6], false, true],
        [[2, 1, 4, 6], [1, 1, 6, 5], false, false],
        [[1, 4, 0], [1, 0, 5], false, false],
        // Above the size at which a product is split over threads, by columns and by rows.
        [[32, 1024], [1024, 256], false, false],
        [[32, 256], [1024, 256], false, true],
        [[32, 1024], [32, 256], true, false],
      ];
      for (const [i, [as, bs, tA, tB]] of cases.entries()) {
        await assertParity(native, `matMul [${as}]${tA ? "ᵀ" : ""} [${bs}]${tB ? "ᵀ" : ""}`, () => {
          const a = tf.tensor(randomArray(as.reduce((p, d) => p * d, 1), 300 + i), as);
          const b = tf.tensor(randomArray(bs.reduce((p, d) => p * d, 1), 320 + i), bs);
          return tf.matMul(a, b, tA, tB);
        });
      }
      await assertParity(native, "matMul int32 (stock kernel)", () => {
        const a = tf.tensor2d([1, 2, 3, 4], [2, 2], "int32");
        return tf.matMul(a, a).toFloat();
      });
    });

    await t.step(
      "_FusedMatMul with each bias shape and activation, and its gradients",
      async () => {
        const activations = [
          "linear",
          "relu",
          "relu6",
          "elu",
          "sigmoid",
          "leakyrelu",
          "prelu",
        ] as const;
        const biasShapes = [null, [5], [1, 5], [4, 5], []];
        for (const [i, activation] of activations.entries()) {
          for (const [j, biasShape] of biasShapes.entries()) {
            for (const [tA, tB] of [[false, false], [true, true]]) {
              const label = `fused matMul ${activation} bias [${biasShape}] ${tA}/${tB}`;
              await assertParity(native, label, () => {
                const a = tf.tensor(randomArray(2 * 4 * 6, 340 + i).map((v) => 3 * v), [
                  2,
                  ...(tA ? [6, 4] : [4, 6]),
                ]);
                const b = tf.tensor(randomArray(6 * 5, 350 + j), tB ? [5, 6] : [6, 5]);
                const bias = biasShape
                  ? tf.tensor(randomArray(biasShape.reduce((p, d) => p * d, 1), 360 + j), biasShape)
                  : undefined;
                return tf.fused.matMul({
                  a,
                  b,
                  transposeA: tA,
                  transposeB: tB,
                  bias,
                  activation,
                  preluActivationWeights: activation === "prelu"
                    ? tf.tensor1d(randomArray(5, 370))
                    : undefined,
                  leakyreluAlpha: 0.3,
                });
              });
            }
          }
        }
        await assertParity(
          native,
          "fused matMul relu grads (dense layer, split over threads)",
          () => {
            const x = tf.tensor2d(randomArray(32 * 2048, 380), [32, 2048]);
            const w = tf.tensor2d(randomArray(2048 * 256, 381).map((v) => v / 16), [2048, 256]);
            const bias = tf.tensor1d(randomArray(256, 382));
            const dy = tf.tensor2d(randomArray(32 * 256, 383), [32, 256]);
            const dense = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
              tf.fused.matMul({
                a: a as tf.Tensor2D,
                b: b as tf.Tensor2D,
                bias: c,
                activation: "relu",
              })
                .mul(dy).sum();
            const y = tf.fused.matMul({ a: x, b: w, bias, activation: "relu" });
            return [y, ...tf.grads(dense)([x, w, bias])];
          },
        );
      },
    );

    await t.step("matrix products free what they allocate (tensors, bytes, heap)", async () => {
      await tf.setBackend(native);
      const x = tf.tensor2d(randomArray(32 * 2048, 390), [32, 2048]);
      const w = tf.tensor2d(randomArray(2048 * 256, 391), [2048, 256]);
      const bias = tf.tensor1d(randomArray(256, 392));
      const step = () =>
        tf.tidy(() => {
          const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
            tf.fused.matMul({
              a: a as tf.Tensor2D,
              b: b as tf.Tensor2D,
              bias: c,
              activation: "relu",
            })
              .sum();
          const grads = tf.grads(f)([x, w, bias]);
          const y = tf.fused.matMul({ a: x, b: w, bias, activation: "elu" });
          const z = tf.matMul(tf.reshape(x, [4, 8, 2048]), w);
          return [...grads, y, z].map((g) => g.sum()).reduce((p, q) => p.add(q));
        });
      step().dispose();
      const before = tf.memory();
      const heapBefore = nativeHeap()?.size ?? 0;
      for (let i = 0; i < 3; i++) step().dispose();
      const after = tf.memory();
      assertEquals(after.numTensors, before.numTensors, "tensors");
      assertEquals(after.numBytes, before.numBytes, "bytes");
      assertEquals(nativeHeap()?.size ?? 0, heapBefore, "heap top");
      tf.dispose([x, w, bias]);
    });

    await t.step("tf.train.adam through SerlabAdam: tfjs's update bit for bit", async () => {
      for (const [i, shape] of ([[3, 5], [300, 301]] as number[][]).entries()) {
        const n = shape.reduce((p, d) => p * d, 1);
        await assertParity(native, `adam [${shape}], 3 steps, map and list gradients`, () => {
          const w = tf.variable(tf.tensor(randomArray(n, 400 + i), shape));
          const b = tf.variable(tf.tensor1d(randomArray(7, 410 + i)));
          const optimizer = tf.train.adam(0.01);
          for (let step = 0; step < 3; step++) {
            // Through a native kernel: on the shared heap, so the update splits over threads.
            const gw = tf.mul(tf.tensor(randomArray(n, 420 + step, -0.1, 0.1), shape), 1);
            const gb = tf.tensor1d(randomArray(7, 430 + step));
            if (step === 1) {
              optimizer.applyGradients([{ name: w.name, tensor: gw }, {
                name: b.name,
                tensor: gb,
              }]);
            } else {
              const map = { [w.name]: gw, [b.name]: gb };
              optimizer.applyGradients(map as unknown as Record<string, tf.Variable>);
            }
          }
          const state = optimizer as unknown as Record<string, { variable: tf.Variable }[]>;
          const moments = [...state.accumulatedFirstMoment, ...state.accumulatedSecondMoment];
          const result = [w, b, ...moments.map((mo) => mo.variable)].map((t) => t.clone());
          optimizer.dispose();
          tf.dispose([w, b]);
          return result;
        }, { tolerance: 0 });
      }
    });

    await t.step("FusedBatchNorm (inference mode, given statistics)", async () => {
      const shape: [number, number, number, number] = [3, 5, 4, 6];
      const v = (seed: number, add = 0) => tf.tensor1d(randomArray(6, seed).map((x) => x + add));
      await assertParity(native, "batchNorm with scale and offset", () => {
        return tf.batchNorm(t4(shape, 270), v(271), v(272, 1.5), v(273), v(274, 2), 1e-3);
      });
      await assertParity(native, "batchNorm without scale and offset", () => {
        return tf.batchNorm(t4(shape, 275), v(276), v(277, 1.5));
      });
      await assertParity(native, "batchNorm with scalar statistics (stock kernel)", () => {
        return tf.batchNorm(t4(shape, 278), tf.scalar(0.5), tf.scalar(1.5));
      });
    });

    await t.step("training-mode batch norm (layer, moving statistics and gradients)", async () => {
      for (const [i, shape] of ([[4, 5, 3, 6], [2, 3, 3, 1], [7, 2]] as number[][]).entries()) {
        await assertParity(native, `batchNormalization training ${shape}`, () => {
          const channels = shape[shape.length - 1];
          const layer = tf.layers.batchNormalization({ momentum: 0.9 });
          layer.build(shape);
          layer.setWeights([
            tf.tensor1d(randomArray(channels, 210 + i)).add(1.5),
            tf.tensor1d(randomArray(channels, 220 + i)),
            tf.zeros([channels]),
            tf.ones([channels]),
          ]);
          const x = tf.tensor(randomArray(shape.reduce((a, b) => a * b, 1), 230 + i), shape)
            .mul(3).add(0.5);
          const dy = tf.tensor(randomArray(x.size, 240 + i), shape);
          const loss = (a: tf.Tensor) =>
            (layer.apply(a, { training: true }) as tf.Tensor).mul(dy).sum();
          const y = layer.apply(x, { training: true }) as tf.Tensor;
          const dx = tf.grad(loss)(x);
          const { grads } = tf.variableGrads(() => loss(x) as tf.Scalar);
          // gamma, then beta: names differ between runs, their order does not.
          const weightGrads = Object.keys(grads).sort().map((k) => grads[k]);
          return [y, dx, ...weightGrads, ...layer.getWeights().slice(2)];
        });
      }
    });

    await t.step("shapes large enough to be split over threads", async () => {
      // 4×48×50×8 inputs: every kernel above 2·32 768 elements runs on all threads.
      await assertParity(native, "conv block forward and backward", () => {
        const x = t4([4, 48, 50, 8], 260), f = t4([3, 3, 8, 16], 261);
        const bias = tf.tensor1d(randomArray(16, 262));
        const dy = t4([4, 24, 25, 16], 263);
        const block = (a: tf.Tensor, b: tf.Tensor, d: tf.Tensor) => {
          const conv = tf.fused.conv2d({
            x: a as tf.Tensor4D,
            filter: b as tf.Tensor4D,
            pad: "same",
            strides: 1,
            bias: d,
          });
          const pooled = tf.maxPool(tf.relu(conv.mul(1.5).sub(0.2)) as tf.Tensor4D, 2, 2, "valid");
          return pooled.mul(dy).sum();
        };
        const [dx, df, db] = tf.grads(block)([x, f, bias]);
        return [dx, df, db, tf.sum(x, [0, 1, 2]), tf.mean(x, [1, 2])];
      });
      await assertParity(native, "batchNormalization training, large", () => {
        const layer = tf.layers.batchNormalization();
        const x = t4([4, 48, 50, 8], 264).mul(2).add(1);
        const dy = t4([4, 48, 50, 8], 265);
        const dx = tf.grad((a: tf.Tensor) =>
          (layer.apply(a, { training: true }) as tf.Tensor).mul(dy).sum()
        )(x);
        return [dx, ...layer.getWeights().slice(2)];
      });
    });

    await t.step(
      "SerlabDropout: tfjs's distribution and scaling, one mask for forward and gradient",
      async () => {
        await tf.setBackend(native);
        const rate = 0.25;
        const layer = tf.layers.dropout({ rate });
        const x = tf.add(tf.abs(t4([4, 32, 33, 8], 250)), 0.5); // no zeros of its own
        const y = layer.apply(x, { training: true }) as tf.Tensor;
        const dy = t4([4, 32, 33, 8], 251);
        const dx = tf.grad((a: tf.Tensor) =>
          (layer.apply(a, { training: true }) as tf.Tensor).mul(dy).sum()
        );
        const [xv, yv] = [x.dataSync(), y.dataSync()];
        let dropped = 0;
        for (let i = 0; i < xv.length; i++) {
          if (yv[i] === 0) dropped++;
          else assertEquals(yv[i], Math.fround(xv[i] * Math.fround(1 / (1 - rate))));
        }
        // 33 792 Bernoulli(0.25) draws: 6 standard deviations is ±0.014.
        assertLessOrEqual(
          Math.abs(dropped / xv.length - rate),
          0.014,
          `dropped ${dropped / xv.length}`,
        );
        // Each call draws a new mask; within a call, the gradient uses the forward's.
        const g = dx(x).dataSync(), dyv = dy.dataSync();
        let sameMaskAsFirstCall = 0, zeros = 0;
        for (let i = 0; i < g.length; i++) {
          if (g[i] === 0) zeros++;
          else assertEquals(g[i], Math.fround(dyv[i] * Math.fround(1 / (1 - rate))));
          if ((g[i] === 0) === (yv[i] === 0)) sameMaskAsFirstCall++;
        }
        assertLessOrEqual(Math.abs(zeros / g.length - rate), 0.014);
        assertLessOrEqual(sameMaskAsFirstCall / g.length, 0.7, "a new mask per call");
        // Inference passes x through; a seeded layer repeats its mask.
        assertEquals(
          relativeError((layer.apply(x, { training: false }) as tf.Tensor).dataSync(), xv),
          0,
        );
        const seeded = tf.layers.dropout({ rate, seed: 5 });
        const a1 = (seeded.apply(x, { training: true }) as tf.Tensor).dataSync();
        const a2 = (seeded.apply(x, { training: true }) as tf.Tensor).dataSync();
        assertEquals(relativeError(a1, a2), 0);
        tf.dispose([x, y, dy]);
      },
    );

    await t.step("every serlab kernel is exercised above", () => {
      const covered = new Set([
        "Conv2D",
        "FusedConv2D",
        "Conv2DBackpropInput",
        "Conv2DBackpropFilter",
        "MaxPool",
        "MaxPoolGrad",
        "Relu",
        "SerlabReluGrad",
        "SerlabBatchNormTraining",
        "SerlabBatchNormTrainingGrad",
        "Sum",
        "Mean",
        "Add",
        "Sub",
        "Multiply",
        "RealDiv",
        "Floor",
        "Sqrt",
        "Square",
        "SerlabDropout",
        "FusedBatchNorm",
        "BatchMatMul",
        "_FusedMatMul",
        "SerlabAdam",
      ]);
      for (const config of NATIVE_KERNEL_CONFIGS) {
        assertEquals(
          covered.has(config.kernelName),
          true,
          `${config.kernelName} has no parity case`,
        );
      }
    });
  },
);
