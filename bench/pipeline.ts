/**
 * The full "3x" feature pipeline over a RAVDESS folder: every WAV as the
 * original, plus the noisy and pitch-shifted versions of the 80 % training
 * split, through `computeFeatures` with a cold cache (a fresh temporary
 * folder) and then a warm one, on one worker and on all cores. Prints
 * seconds per 1000 input files, the speed-up from workers measured in the
 * same run, and the peak memory of the whole process.
 *
 * `bench/features.ts` calls {@linkcode benchPipeline}; run alone:
 *
 * ```sh
 * deno run --allow-read --allow-write --allow-env bench/pipeline.ts [--dir DIR] [--limit N] [--workers N] [--rounds N]
 * ```
 *
 * @module
 */
import process from "node:process";
import { DEFAULT_CONFIG, type SerlabConfig } from "../lib/config/mod.ts";
import { scanRavdess } from "../lib/dataset/scan.ts";
import { splitClips, trainingItems } from "../lib/dataset/splits.ts";
import { computeFeatures, type FeatureSet } from "../lib/pipeline/mod.ts";
import { progressReporter } from "../lib/report/progress.ts";
import { countFlag, parseFlags, runMain } from "../cli/_cli.ts";

/** Options of {@linkcode benchPipeline}. */
export interface BenchPipelineOptions {
  /** Use only the first N clips (by actor, then name). @default {undefined} (all) */
  limit?: number;
  /** Workers of the parallel runs. @default {navigator.hardwareConcurrency} */
  workers?: number;
  /** Settings; the split uses `train.seed`. @default {DEFAULT_CONFIG} */
  config?: Readonly<SerlabConfig>;
  /** Where the report lines go. @default {(line) => console.log(line)} */
  log?: (line: string) => void;
  /** Show a progress bar (or plain lines) per run on stderr. @default {true} */
  progress?: boolean;
  /**
   * Rounds of (1 worker, all workers), interleaved, each cold then warm; the
   * figures are means over the rounds. Why: on a shared VM one run's time
   * varies by ±10 % (one-worker cold runs took 20.4–25.2 s on the same code),
   * and interleaving puts each slow phase of the machine on both sides.
   * @default {3}
   */
  rounds?: number;
}

/** Goals of serlab issue 13 on a 2-core machine. */
const GOALS = { coldPer1000: 12, warmPer1000: 1, speedup: 1.8, peakRssMib: 1536 };

/**
 * Runs the benchmark and returns its figures (seconds, ratios, MiB).
 *
 * @param dir A RAVDESS folder (`Actor_NN/*.wav`).
 * @param options Limit, workers, config and output.
 * @returns Figures by name, e.g. `cold_all_s_per_1000_files`, `speedup_cold`, `peak_rss_mib`.
 */
export async function benchPipeline(
  dir: string,
  options: BenchPipelineOptions = {},
): Promise<Record<string, number>> {
  const {
    limit,
    workers = navigator.hardwareConcurrency,
    config = DEFAULT_CONFIG,
    log = (line: string) => console.log(line),
    progress = true,
    rounds = 3,
  } = options;
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new RangeError(
      `Cannot bench as rounds must be an integer >= 1: current value is ${rounds}`,
    );
  }
  const sampler = new RssSampler();
  const cacheDirs: string[] = [];
  try {
    const scanned = (await scanRavdess(dir)).clips;
    const clips = limit === undefined ? scanned : scanned.slice(0, limit);
    const started = performance.now();
    const split = await splitClips(clips, { protocol: "random", seed: config.train.seed });
    const splitSeconds = (performance.now() - started) / 1000;
    const subsets = trainingItems(split, config.augment.versions);
    const items = [...subsets.train, ...subsets.validation, ...subsets.test];
    const n = clips.length;
    log(
      `serlab feature pipeline over ${n} files: ${items.length} items (${n} originals + ` +
        `${
          subsets.train.length - split.train.length
        } augmented versions of ${split.train.length} training files)`,
    );
    log(`  split (read + hash every file): ${splitSeconds.toFixed(2)} s`);

    const figures: Record<string, number> = {
      files: n,
      items: items.length,
      train_files: split.train.length,
      cpu_cores: navigator.hardwareConcurrency,
      workers,
      split_s: round(splitSeconds),
    };
    const digests = new Set<string>();
    // Seconds of each run by "<temperature>_<1w|all>", one entry per round.
    const seconds: Record<string, number[]> = {};
    // Each run gets its own cache folder, and all are removed only after the last
    // run. Why: on ext4 without a journal, creating a file skips every inode freed
    // in the last minute, so removing the 1-worker cache (3120 files) just before
    // the 2-worker cold run made that run pay ~0.7 ms of kernel time per entry for
    // the previous run's clean-up.
    for (let r = 1; r <= rounds; r++) {
      for (const [name, count] of [["1w", 1], ["all", workers]] as const) {
        if (count > 1 && r === 1) {
          // Measured right before the first parallel run, which it bounds.
          const available = await availableSpeedup(count);
          figures.machine_speedup = round(available);
          log(
            `  speed-up the machine gives ${count} busy-loop workers right now: ` +
              `${available.toFixed(2)}x (other processes lower it)`,
          );
        }
        const cacheDir = await Deno.makeTempDir({ prefix: "serlab_bench_cache_" });
        cacheDirs.push(cacheDir);
        for (const temperature of ["cold", "warm"] as const) {
          const label = `${temperature}, ${count} worker${count === 1 ? "" : "s"}` +
            (rounds > 1 ? ` #${r}` : "");
          const bar = progress ? progressReporter(items.length, { label }) : null;
          const cpuBefore = cpuSeconds();
          const started = performance.now();
          const result: FeatureSet = await computeFeatures(items, config, {
            workers: count,
            cacheDir,
            onProgress: ({ done }) => bar?.update(done),
          });
          const elapsed = (performance.now() - started) / 1000;
          const coresBusy = (cpuSeconds() - cpuBefore) / elapsed;
          bar?.stop();
          const { computed, cached, corrupt } = result.stats;
          if (temperature === "warm" && computed !== 0) {
            throw new Error(`Cannot bench the warm cache as ${computed} items were computed again`);
          }
          digests.add(await sha256(result.data));
          (seconds[`${temperature}_${name}`] ??= []).push(elapsed);
          const busy = Number.isFinite(coresBusy) ? `${coresBusy.toFixed(2)} cores busy  ` : "";
          log(
            `  ${label.padEnd(21)} ${elapsed.toFixed(2).padStart(7)} s  ` +
              `${((elapsed * 1000) / n).toFixed(2).padStart(6)} s per 1000 files  ` +
              `${busy}(computed ${computed}, cached ${cached}, corrupt ${corrupt})`,
          );
        }
        if (r === 1) figures[`cache_${name}_mib`] = round((await folderBytes(cacheDir)) / 2 ** 20);
      }
    }
    for (const [key, runs] of Object.entries(seconds)) {
      const mean = runs.reduce((a, b) => a + b, 0) / runs.length;
      figures[`${key}_s`] = round(mean);
      figures[`${key}_s_min`] = round(Math.min(...runs));
      figures[`${key}_s_max`] = round(Math.max(...runs));
      figures[`${key}_s_per_1000_files`] = round((mean * 1000) / n);
      figures[`${key}_ms_per_item`] = round((mean * 1000) / items.length);
    }
    figures.rounds = rounds;
    figures.identical_results = digests.size === 1 ? 1 : 0;
    // Ratios of the means: every run counts, none is picked.
    figures.speedup_cold = round(figures.cold_1w_s / figures.cold_all_s);
    figures.speedup_warm = round(figures.warm_1w_s / figures.warm_all_s);
    const perRound = seconds.cold_1w.map((one, i) => (one / seconds.cold_all[i]).toFixed(2));
    figures.peak_rss_mib = round(sampler.stop() / 2 ** 20);
    figures.peak_rss_sampled_mib = round(sampler.peakSampled / 2 ** 20);
    log(
      `  speed-up from ${workers} workers (mean of ${rounds} round${rounds === 1 ? "" : "s"}): ` +
        `cold ${figures.speedup_cold}x (each round: ${perRound.join(", ")}), ` +
        `warm ${figures.speedup_warm}x (goal >= ${GOALS.speedup}x cold)`,
    );
    log(
      `  goal per 1000 files with ${workers} workers: cold ${figures.cold_all_s_per_1000_files} s ` +
        `(<= ${GOALS.coldPer1000}), warm ${figures.warm_all_s_per_1000_files} s (<= ${GOALS.warmPer1000})`,
    );
    log(
      `  peak RSS of the process (ru_maxrss = VmHWM, workers included): ${figures.peak_rss_mib} MiB ` +
        `(sampled ${figures.peak_rss_sampled_mib} MiB; goal <= ${GOALS.peakRssMib})`,
    );
    log(
      `  results identical across cold/warm and 1/${workers} workers: ${
        digests.size === 1 ? "yes" : "NO"
      }`,
    );
    return figures;
  } finally {
    sampler.stop();
    for (const dir of cacheDirs) await Deno.remove(dir, { recursive: true });
  }
}

/**
 * What parallelism the machine gives right now, measured on the same kind
 * of threads: one worker spinning through 2·k iterations, against `workers`
 * workers spinning through 2·k/workers each, in parallel. On an idle 2-core
 * machine this is ~2; other processes lower it, and the pipeline's speed-up
 * cannot beat it.
 */
async function availableSpeedup(workers: number): Promise<number> {
  const code = `self.onmessage = (e) => {
    let x = 1;
    for (let i = 0; i < e.data; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
    self.postMessage(x);
  };`;
  const url = `data:application/javascript,${encodeURIComponent(code)}`;
  const spin = async (count: number, iterations: number) => {
    const pool = Array.from({ length: count }, () => new Worker(url, { type: "module" }));
    try {
      // Warm up (JIT), then time.
      await Promise.all(pool.map((w) => run(w, 1e6)));
      const started = performance.now();
      await Promise.all(pool.map((w) => run(w, iterations)));
      return performance.now() - started;
    } finally {
      for (const w of pool) w.terminate();
    }
  };
  const run = (worker: Worker, iterations: number) =>
    new Promise<void>((resolve) => {
      worker.onmessage = () => resolve();
      worker.postMessage(iterations);
    });
  const total = 6e8; // ~1 s of one core
  const one = await spin(1, total);
  const many = await spin(workers, Math.round(total / workers));
  return one / many;
}

/**
 * Peak resident memory of the whole process, workers included: the kernel's
 * high-water mark (getrusage `ru_maxrss`, the VmHWM of /proc/self/status,
 * which Deno lets a script read only with --allow-all), and
 * `Deno.memoryUsage().rss` sampled every 50 ms as a cross-check.
 */
class RssSampler {
  peakSampled = 0;
  #timer: ReturnType<typeof setInterval> | null;

  constructor() {
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), 50);
  }

  #sample(): void {
    this.peakSampled = Math.max(this.peakSampled, Deno.memoryUsage().rss);
  }

  /** Stops sampling; returns the kernel's peak in bytes. */
  stop(): number {
    if (this.#timer !== null) {
      this.#sample();
      clearInterval(this.#timer);
      this.#timer = null;
    }
    return process.resourceUsage().maxRSS * 1024; // kB
  }
}

/** CPU time of the whole process, all threads (getrusage), in seconds. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function sha256(data: Float32Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Bytes of the files under `dir`, subfolders included. */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isFile) total += (await Deno.stat(path)).size;
    else if (entry.isDirectory) total += await folderBytes(path);
  }
  return total;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

if (import.meta.main) {
  await runMain(async () => {
    const values = parseFlags(Deno.args, {
      dir: { type: "string" },
      limit: { type: "string" },
      workers: { type: "string" },
      rounds: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    });
    if (values.help) {
      console.log(
        `Usage: deno run --allow-read --allow-write --allow-env bench/pipeline.ts [--dir DIR] [--limit N] [--workers N] [--rounds N]

The "3x" feature pipeline (originals + noise and pitch versions of the 80 %
training split) over every WAV under --dir (default: $RAVDESS_DIR, else
${DEFAULT_CONFIG.data.ravdessDir}): cold and warm cache, 1 worker and --workers
(default: all ${navigator.hardwareConcurrency} cores), in --rounds interleaved rounds (default 3;
figures are means). The last line is one JSON object.`,
      );
      return;
    }
    const dir = values.dir ?? Deno.env.get("RAVDESS_DIR") ?? DEFAULT_CONFIG.data.ravdessDir;
    const figures = await benchPipeline(dir, {
      limit: countFlag("limit", values.limit, undefined),
      workers: countFlag("workers", values.workers, undefined),
      rounds: countFlag("rounds", values.rounds, undefined),
    });
    console.log(JSON.stringify(figures));
  });
}
