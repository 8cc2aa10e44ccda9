/**
 * `deno task bench:train`: milliseconds per training step and per inference
 * batch of the seed CNN (seed size, widths 32/64/128/256, and half width,
 * 16/32/64/128; batch 32, input 128×130×1, random data) with each head
 * (global average pooling, and flatten + dense 256 whose first dense layer
 * holds most of the weights) on every available path, with one thread and
 * with all, and with `--vs-torch` the same model (average-pooling head) in
 * PyTorch (`../shared/bench/torch_bench.py`) in the same run.
 *
 * Each (model, head, path, threads) runs in its own Deno process, one after
 * the other, so that paths do not share a heap or a thread pool. Figures are
 * medians over `--steps` steps after `--warmup` steps. The last line printed
 * is one JSON object holding every figure.
 *
 * @module
 */
import os from "node:os";
import process from "node:process";
import { countFlag, parseFlags, runMain } from "../cli/_cli.ts";
import { dirname, join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";

const HELP = `Usage: deno task bench:train [options]

Times one training step (forward, loss, backward, Adam) and one inference
batch of the seed CNN: 4 x [conv 3x3 same, BatchNorm, ReLU, max-pool 2,
dropout 0.25], then the head: gap (global average pooling, dense 8) or
flatten (flatten, dense 256 ReLU, dropout 0.5, dense 8); batch 32, input
128x130x1.

Options:
  --vs-torch            also run ../shared/bench/torch_bench.py (Debian's
                        python3-torch, run with /usr/bin/python3) and print
                        serlab/PyTorch ratios
  --models LIST         seed,half (default: both)
  --heads LIST          gap,flatten (default: both; PyTorch runs gap only)
  --paths LIST          native,wasm,cpu (default: native,wasm; cpu is
                        tfjs's pure-JS backend, minutes per step)
  --threads LIST        thread counts (default: 1,<all cores>)
  --torch-threads LIST  PyTorch thread counts (default: <all cores>)
  --steps N             timed steps, median reported (default: 5)
  --warmup N            untimed steps first (default: 2)
  --real-data DIR       RAVDESS folder for steps of the real training loop
                        (trainModel on the "3x" features of the random split,
                        native path, all threads), compared with the
                        synthetic step (default: $RAVDESS_DIR or data/ravdess)
  --no-real             skip the real-loop steps
  --help                this text

The last line is one JSON object: keys like seed.native.train_ms (all
threads, gap head), seed.native.t1.train_ms, seed.torch.train_ms,
seed.native.train_ratio_vs_torch, seed.native.train_speedup_threads, and
for the flatten head seed.native.flatten.train_ms,
seed.native.flatten.t1.train_ms and seed.native.flatten_vs_gap_train_ratio.`;

const MODELS: Record<string, number[]> = {
  seed: [32, 64, 128, 256],
  half: [16, 32, 64, 128],
};
const HEADS = ["gap", "flatten"] as const;
type Head = typeof HEADS[number];
const BATCH = 32;
const INPUT: [number, number, number] = [128, 130, 1];

const root = join(dirname(fromFileUrl(import.meta.url)), "..");

interface Figures {
  train_ms: number;
  infer_ms: number;
  /** Cores other processes kept busy while this path trained (from /proc/stat), when known. */
  others_cores?: number;
  params?: number;
  line?: string;
  threads?: number;
  tensors_leaked_per_step?: number;
  /** Real-loop runs: training items in the "3x" set. */
  items?: number;
}

function list(value: string): string[] {
  return value.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * CPU time of this process and of the whole machine, to tell how much other
 * processes competed with a measurement; null where the OS does not say.
 */
function cpuLoad(): { mineMs: number; busyMs: number; wallMs: number } | null {
  try {
    const busyMs = os.cpus().reduce(
      (s, c) => s + c.times.user + c.times.nice + c.times.sys + c.times.irq,
      0,
    );
    const usage = process.cpuUsage();
    return { mineMs: (usage.user + usage.system) / 1000, busyMs, wallMs: performance.now() };
  } catch {
    return null;
  }
}

/** One (model, path, threads) measurement, in this process. */
async function child(
  path: string,
  threads: number,
  widths: number[],
  head: Head,
  steps: number,
  warmup: number,
  realData?: string,
) {
  const tf = await import("@tensorflow/tfjs");
  const { initBackend } = await import("../lib/backend/mod.ts");
  const { buildSeedCnn } = await import("../lib/model/mod.ts");
  const info = await initBackend({ path: path as "native" | "wasm" | "cpu", threads, log: null });
  if (realData !== undefined) {
    console.log(JSON.stringify(await realLoop(info, widths, head, steps, warmup, realData)));
    return;
  }
  const model = buildSeedCnn({ widths, head, inputShape: INPUT, seed: 42 });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
  const x = tf.randomNormal([BATCH, ...INPUT], 0, 1, "float32", 1);
  const labels = Array.from({ length: BATCH }, (_, i) => (i * 5) % 8);
  const y = tf.oneHot(tf.tensor1d(labels, "int32"), 8);
  const trainTimes: number[] = [];
  let tensorsAfterWarmup = 0;
  let load0 = cpuLoad();
  for (let i = 0; i < warmup + steps; i++) {
    if (i === warmup) load0 = cpuLoad();
    const t0 = performance.now();
    await model.trainOnBatch(x, y);
    if (i >= warmup) trainTimes.push(performance.now() - t0);
    if (i === warmup - 1 || (warmup === 0 && i === 0)) tensorsAfterWarmup = tf.memory().numTensors;
  }
  const load1 = cpuLoad();
  const leaked = (tf.memory().numTensors - tensorsAfterWarmup) /
    Math.max(steps - (warmup ? 0 : 1), 1);
  const inferTimes: number[] = [];
  for (let i = 0; i < warmup + steps; i++) {
    const t0 = performance.now();
    const out = model.predict(x) as import("@tensorflow/tfjs").Tensor;
    out.dataSync();
    out.dispose();
    if (i >= warmup) inferTimes.push(performance.now() - t0);
  }
  const params = model.countParams() - model.nonTrainableWeights.reduce(
    (n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1),
    0,
  );
  const figures: Figures = {
    train_ms: round1(median(trainTimes)),
    infer_ms: round1(median(inferTimes)),
    params,
    line: info.line,
    threads: info.threads,
    tensors_leaked_per_step: leaked,
  };
  if (load0 && load1) {
    const mine = load1.mineMs - load0.mineMs;
    const wall = load1.wallMs - load0.wallMs;
    figures.others_cores =
      Math.round(Math.max(0, load1.busyMs - load0.busyMs - mine) / wall * 100) / 100;
  }
  console.log(JSON.stringify(figures));
}

/**
 * Steps of serlab's real training loop (`trainModel`: batches built from the
 * standardised "3x" features of the random split's training files, class
 * weights, dropout seeds), timed between consecutive steps, then stopped.
 */
async function realLoop(
  info: { line: string; threads: number },
  widths: number[],
  head: Head,
  steps: number,
  warmup: number,
  dataDir: string,
): Promise<Figures> {
  const { withConfig } = await import("../lib/config/mod.ts");
  const { prepareData, trainModel } = await import("../lib/train/mod.ts");
  const config = withConfig({ model: { widths, head } });
  const data = await prepareData(dataDir, { config });
  const stamps: number[] = [];
  const controller = new AbortController();
  let load0 = cpuLoad();
  await trainModel(data.train, data.validation, {
    model: config.model,
    train: config.train,
    signal: controller.signal,
    onStep: () => {
      stamps.push(performance.now());
      if (stamps.length === warmup + 1) load0 = cpuLoad();
      if (stamps.length > warmup + steps) controller.abort(new Error("enough steps"));
    },
  }).catch((error) => {
    if (!controller.signal.aborted) throw error;
  });
  const load1 = cpuLoad();
  const intervals = stamps.slice(1).map((t, i) => t - stamps[i]).slice(warmup);
  const figures: Figures = {
    train_ms: round1(median(intervals)),
    infer_ms: NaN,
    line: info.line,
    threads: info.threads,
    items: data.train.labels.length,
  };
  if (load0 && load1) {
    const mine = load1.mineMs - load0.mineMs;
    const wall = load1.wallMs - load0.wallMs;
    figures.others_cores =
      Math.round(Math.max(0, load1.busyMs - load0.busyMs - mine) / wall * 100) / 100;
  }
  return figures;
}

async function runChild(
  path: string,
  threads: number,
  widths: number[],
  head: Head,
  steps: number,
  warmup: number,
  realData?: string,
): Promise<Figures | string> {
  const args = [
    "run",
    "--allow-read",
    "--allow-write",
    "--allow-env",
    "--allow-run",
    "--allow-ffi",
    "--allow-sys",
    "--config",
    join(root, "deno.json"),
    fromFileUrl(import.meta.url),
    "--child",
    `--paths=${path}`,
    `--threads=${threads}`,
    `--widths=${widths.join(",")}`,
    `--heads=${head}`,
    `--steps=${steps}`,
    `--warmup=${warmup}`,
    ...(realData === undefined ? [] : [`--real-data=${realData}`]),
  ];
  const result = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    stdout: "piped",
    stderr: "piped",
    env: { SERLAB_BACKEND: "", SERLAB_THREADS: "" },
  }).output();
  return parseLastJson(result, "deno");
}

async function runTorch(
  widths: number[],
  threads: number,
  steps: number,
  warmup: number,
): Promise<Figures | string> {
  const script = join(root, "..", "shared", "bench", "torch_bench.py");
  try {
    await Deno.stat(script);
  } catch {
    return `torch_bench.py not found at ${script}`;
  }
  let result: Deno.CommandOutput;
  try {
    result = await new Deno.Command("/usr/bin/python3", {
      args: [
        script,
        "--widths",
        widths.join(","),
        "--batch",
        String(BATCH),
        "--threads",
        String(threads),
        "--steps",
        String(steps),
        "--warmup",
        String(warmup),
        "--height",
        String(INPUT[0]),
        "--width",
        String(INPUT[1]),
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (error) {
    return `cannot run /usr/bin/python3 (${
      (error as Error).message
    }); apt-get install python3-torch`;
  }
  const parsed = parseLastJson(result, "torch");
  if (typeof parsed === "string") return parsed;
  const raw = parsed as unknown as Record<string, number | string>;
  return {
    train_ms: Number(raw.torch_train_ms),
    infer_ms: Number(raw.torch_infer_ms),
    params: Number(raw.params),
    threads: Number(raw.threads),
    line: `torch ${raw.torch_version}`,
  };
}

function parseLastJson(result: Deno.CommandOutput, what: string): Figures | string {
  const stdout = new TextDecoder().decode(result.stdout).trim().split("\n");
  const last = stdout[stdout.length - 1] ?? "";
  if (!result.success || !last.startsWith("{")) {
    const stderr = new TextDecoder().decode(result.stderr).trim().split("\n");
    const lastErr = stderr.filter((l) => l.trim() !== "").slice(-3).join(" | ");
    return `${what} run failed (exit ${result.code}): ${lastErr || last}`;
  }
  return JSON.parse(last) as Figures;
}

/** The RAVDESS folder for the real-loop steps, or undefined (with a note) when absent. */
async function realDataDir(given: string | undefined): Promise<string | undefined> {
  const dir = given ?? Deno.env.get("RAVDESS_DIR") ?? join(root, "data", "ravdess");
  if (await Deno.stat(dir).then(() => true, () => false)) return dir;
  console.log(`real training loop skipped: no RAVDESS at ${dir} (deno task data, or --real-data)`);
  return undefined;
}

async function nativeAvailable(): Promise<string | null> {
  const { loadOpenBlas } = await import("../lib/backend/native/_openblas.ts");
  const load = loadOpenBlas();
  return load.ok ? null : load.reason;
}

async function main() {
  const values = parseFlags(Deno.args, {
    help: { type: "boolean", short: "h", default: false },
    "vs-torch": { type: "boolean", default: false },
    child: { type: "boolean", default: false },
    models: { type: "string", default: "seed,half" },
    heads: { type: "string", default: HEADS.join(",") },
    paths: { type: "string", default: "native,wasm" },
    threads: { type: "string" },
    "torch-threads": { type: "string" },
    widths: { type: "string" },
    steps: { type: "string" },
    warmup: { type: "string" },
    "real-data": { type: "string" },
    "no-real": { type: "boolean", default: false },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const steps = countFlag("steps", values.steps, 5);
  const warmup = countFlag("warmup", values.warmup, 2, 0);
  const cores = navigator.hardwareConcurrency || 1;
  const heads = list(values.heads);
  for (const h of heads) {
    if (!(HEADS as readonly string[]).includes(h)) {
      throw new RangeError(
        `Cannot run the bench as head must be gap or flatten: current value is ${h}`,
      );
    }
  }
  if (values.child) {
    await child(
      values.paths,
      Number(values.threads),
      list(values.widths ?? "").map(Number),
      heads[0] as Head,
      steps,
      warmup,
      values["real-data"],
    );
    return;
  }
  const realData = values["no-real"] ? undefined : await realDataDir(values["real-data"]);
  const models = list(values.models);
  for (const m of models) {
    if (!(m in MODELS)) {
      throw new RangeError(
        `Cannot run the bench as model must be seed or half: current value is ${m}`,
      );
    }
  }
  const threadsList = [...new Set(list(values.threads ?? `1,${cores}`).map(Number))];
  const torchThreads = [...new Set(list(values["torch-threads"] ?? `${cores}`).map(Number))];
  const allThreads = Math.max(...threadsList);
  const paths = list(values.paths);
  const nativeMissing = paths.includes("native") ? await nativeAvailable() : null;
  if (nativeMissing) {
    console.log(`native path skipped: ${nativeMissing} (apt-get install libopenblas0-pthread)`);
  }

  const json: Record<string, number | string> = {
    batch: BATCH,
    input: INPUT.join("x"),
    cores,
    steps,
    warmup,
  };
  const notes: string[] = [];
  console.log(
    `bench:train batch ${BATCH}, input ${
      INPUT.join("x")
    }, median of ${steps} after ${warmup} warm-up; ` +
      `heads ${heads.join("/")}; threads ${threadsList.join("/")}${
        values["vs-torch"] ? `, torch threads ${torchThreads.join("/")}` : ""
      }`,
  );
  for (const model of models) {
    const widths = MODELS[model];
    const results = new Map<string, Figures>();
    if (values["vs-torch"]) {
      for (const t of torchThreads) {
        const r = await runTorch(widths, t, steps, warmup);
        report(model, "torch", t, r, results, json, notes);
      }
    }
    for (const head of heads as Head[]) {
      for (const path of paths) {
        if (path === "native" && nativeMissing) continue;
        // tfjs-backend-wasm's threaded build does not start in Deno.
        const ts = path === "native" ? threadsList : [1];
        for (const t of ts) {
          const r = await runChild(path, t, widths, head, steps, warmup);
          report(model, headPath(path, head), t, r, results, json, notes);
        }
      }
    }
    summarise(model, paths, heads as Head[], allThreads, torchThreads, results, json);
    if (realData !== undefined && paths.includes("native") && !nativeMissing) {
      for (const head of heads as Head[]) {
        const r = await runChild("native", allThreads, widths, head, steps, warmup, realData);
        const synthetic = results.get(`${headPath("native", head)}.t${allThreads}`);
        const key = `${model}.${headPath("native", head)}`;
        if (typeof r === "string") {
          notes.push(`${key} real loop: ${r}`);
          continue;
        }
        json[`${key}.real_loop_train_ms`] = r.train_ms;
        const ratio = synthetic ? round3(r.train_ms / synthetic.train_ms) : NaN;
        json[`${key}.real_vs_synthetic_train_ratio`] = ratio;
        console.log(
          `${model} ${headPath("native", head)} real training loop (${r.items} "3x" items): ` +
            `${r.train_ms} ms/step, ${ratio}x the synthetic step (goal <= 1.15x); ` +
            `others_cores ${r.others_cores ?? "?"}`,
        );
      }
    }
  }
  for (const n of notes) console.log(`note: ${n}`);
  console.log(JSON.stringify(json));
}

/** The path's name in labels and JSON keys: the gap head keeps the plain path name. */
function headPath(path: string, head: Head): string {
  return head === "gap" ? path : `${path}.${head}`;
}

function report(
  model: string,
  path: string,
  threads: number,
  r: Figures | string,
  results: Map<string, Figures>,
  json: Record<string, number | string>,
  notes: string[],
) {
  const name = `${model}.${path}.t${threads}`;
  if (typeof r === "string") {
    console.log(`${name}: ${r}`);
    notes.push(`${name}: ${r}`);
    json[`${name}.error`] = r;
    return;
  }
  results.set(`${path}.t${threads}`, r);
  json[`${name}.train_ms`] = r.train_ms;
  json[`${name}.infer_ms`] = r.infer_ms;
  if (r.params !== undefined) json[`${model}.${path}.params`] = r.params;
  if (r.tensors_leaked_per_step) {
    notes.push(`${name}: ${r.tensors_leaked_per_step} tensors leaked per step`);
  }
  if (r.others_cores !== undefined) {
    json[`${name}.others_cores`] = r.others_cores;
    if (r.others_cores >= 0.2) {
      notes.push(
        `${name}: other processes kept ${r.others_cores} cores busy during the timed steps`,
      );
    }
  }
  console.log(
    `${name.padEnd(22)} train ${r.train_ms.toFixed(1).padStart(8)} ms/step   ` +
      `inference ${r.infer_ms.toFixed(1).padStart(8)} ms/batch` +
      (r.others_cores !== undefined ? `   others ${r.others_cores} cores` : "") +
      `   ${r.line ?? ""}`,
  );
}

function summarise(
  model: string,
  paths: string[],
  heads: Head[],
  allThreads: number,
  torchThreads: number[],
  results: Map<string, Figures>,
  json: Record<string, number | string>,
) {
  const torchAll = results.get(`torch.t${Math.max(...torchThreads)}`);
  if (torchAll) {
    json[`${model}.torch.train_ms`] = torchAll.train_ms;
    json[`${model}.torch.infer_ms`] = torchAll.infer_ms;
  }
  const lines: string[] = [];
  for (const head of heads) {
    for (const path of paths) {
      lines.push(...summariseHead(model, path, head, allThreads, torchAll, results, json));
    }
  }
  for (const path of paths) {
    const t = path === "native" ? allThreads : 1;
    const gap = results.get(`${path}.t${t}`);
    const flatten = results.get(`${headPath(path, "flatten")}.t${t}`);
    if (!gap || !flatten) continue;
    const ratio = round3(flatten.train_ms / gap.train_ms);
    json[`${model}.${path}.flatten_vs_gap_train_ratio`] = ratio;
    json[`${model}.${path}.flatten_vs_gap_infer_ratio`] = round3(flatten.infer_ms / gap.infer_ms);
    lines.push(
      `${model}.${path}: flatten/gap train step x${ratio} (${flatten.train_ms} / ${gap.train_ms} ms, ` +
        `${t} thread${t > 1 ? "s" : ""}), inference x${round3(flatten.infer_ms / gap.infer_ms)}`,
    );
  }
  const native = results.get(`native.t${allThreads}`);
  const wasm = results.get("wasm.t1");
  if (native && wasm) {
    json[`${model}.native.train_speedup_vs_wasm`] = round3(wasm.train_ms / native.train_ms);
    json[`${model}.native.infer_speedup_vs_wasm`] = round3(wasm.infer_ms / native.infer_ms);
  }
  for (const l of lines) console.log(l);
}

/** The summary line and JSON keys of one (path, head); PyTorch ratios for the gap head only. */
function summariseHead(
  model: string,
  path: string,
  head: Head,
  allThreads: number,
  torchAll: Figures | undefined,
  results: Map<string, Figures>,
  json: Record<string, number | string>,
): string[] {
  const name = headPath(path, head);
  const all = results.get(`${name}.t${path === "native" ? allThreads : 1}`);
  if (!all) return [];
  const key = `${model}.${name}`;
  json[`${key}.train_ms`] = all.train_ms;
  json[`${key}.infer_ms`] = all.infer_ms;
  const parts = [`${key}: train ${all.train_ms} ms, inference ${all.infer_ms} ms`];
  const one = results.get(`${name}.t1`);
  if (path === "native" && one && allThreads > 1) {
    json[`${key}.train_speedup_threads`] = round3(one.train_ms / all.train_ms);
    json[`${key}.infer_speedup_threads`] = round3(one.infer_ms / all.infer_ms);
    parts.push(`${allThreads} vs 1 thread x${round3(one.train_ms / all.train_ms)} train`);
  }
  if (head === "gap") {
    if (torchAll) {
      const tr = round3(all.train_ms / torchAll.train_ms);
      const ir = round3(all.infer_ms / torchAll.infer_ms);
      json[`${key}.train_ratio_vs_torch`] = tr;
      json[`${key}.infer_ratio_vs_torch`] = ir;
      parts.push(`vs torch (${torchAll.threads} threads): train ${tr}x, inference ${ir}x`);
    }
    const torchOne = results.get("torch.t1");
    if (torchOne && one) {
      json[`${key}.t1.train_ratio_vs_torch_t1`] = round3(one.train_ms / torchOne.train_ms);
      json[`${key}.t1.infer_ratio_vs_torch_t1`] = round3(one.infer_ms / torchOne.infer_ms);
    }
  }
  return [parts.join("; ")];
}

if (import.meta.main) await runMain(main);
