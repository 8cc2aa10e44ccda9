import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type AugmentVersion, DEFAULT_CONFIG, type SerlabConfig } from "../config/mod.ts";
import type { Gender } from "../dataset/names.ts";
import { WavFormatError } from "../audio/wav_format_error.ts";
import { frameCount } from "../features/stft.ts";
import type {
  WorkerFailure,
  WorkerInit,
  WorkerReady,
  WorkerResult,
  WorkerTask,
} from "./_pipeline_worker.ts";

/** One example to compute: a WAV file and a version of it (a `SplitItem` is one). */
export interface FeatureItem {
  /** The WAV file. */
  path: string;
  /** Which version: the original, with white noise, or pitch-shifted. */
  version: AugmentVersion;
  /** The speaker's gender: male voices are shifted up, female down. */
  gender: Gender;
}

/** Where a {@linkcode computeFeatures} run is, after each file. */
export interface FeatureProgress {
  /** Items done (from the cache or computed). */
  done: number;
  /** Items in all. */
  total: number;
  /** Distinct (file, version) pairs computed so far. */
  computed: number;
  /** Distinct (file, version) pairs read from the cache so far. */
  cached: number;
}

/** What a {@linkcode computeFeatures} run did. */
export interface FeatureStats {
  /** Distinct (file, version) pairs whose audio was decoded, augmented and turned into a log-mel. */
  computed: number;
  /** Distinct (file, version) pairs read from the cache (no audio work). */
  cached: number;
  /** Corrupt or truncated cache entries met; each was recomputed and rewritten. */
  corrupt: number;
}

/** Options of {@linkcode computeFeatures}. */
export interface ComputeFeaturesOptions {
  /** Worker threads; the result does not depend on it. @default {navigator.hardwareConcurrency} */
  workers?: number;
  /** Feature cache folder; `null` computes everything and writes nothing. @default {config.data.cacheDir} ("data/cache") */
  cacheDir?: string | null;
  /** Called after each file with the items done so far (e.g. to drive a progress bar). @default {undefined} */
  onProgress?: (progress: FeatureProgress) => void;
  /** Called with one line per corrupt cache entry. @default {(line) => console.warn(line)} */
  onWarning?: (line: string) => void;
  /** Stops the run: workers are terminated and the promise rejects with the signal's reason. @default {undefined} */
  signal?: AbortSignal;
}

/** The features of a list of items. */
export interface FeatureSet<I extends FeatureItem = FeatureItem> {
  /** Log-mels, row-major [items, nMels, nFrames]: item i is `data.subarray(i·nMels·nFrames, …)`. */
  data: Float32Array<ArrayBuffer>;
  /** [items, nMels, nFrames]. */
  shape: [number, number, number];
  /** The items, in the order of `data`. */
  items: I[];
  /** How many items were computed, cached, or found corrupt in the cache. */
  stats: FeatureStats;
}

/**
 * Computes the log-mel of every item — originals and augmented versions — on
 * worker threads, through the on-disk feature cache. Each worker takes one
 * file at a time: it reads and hashes the bytes, serves cached versions, and
 * decodes the window once for the rest; a run where everything is cached
 * does no audio work. Results are in item order and byte-identical whatever
 * the number of workers: the noise of each clip is seeded from
 * `config.augment.seed` and the file name alone (`clipSeed`).
 *
 * Cache entries are keyed by the file's content hash, the audio and feature
 * settings, the augmentation settings the version uses, the cache version
 * and a fingerprint of the audio, feature and augmentation code (see
 * `FeatureCache.key`), so a changed setting or an edited module never returns
 * stale features.
 *
 * @param items Files and versions, e.g. from `trainingItems(split)`; a file
 *   may appear with several versions, and is then decoded once.
 * @param config Audio, feature and augmentation settings, and the default cache folder.
 * @param options Workers, cache folder, progress and cancellation.
 * @returns Features [items, nMels, nFrames] in item order, and what was computed.
 * @throws {WavFormatError} A file is not a readable WAV.
 * @throws {RangeError} `workers` is not an integer ≥ 1.
 * @throws {TypeError} One path is given with two genders.
 *
 * @example Features of a clip and its noisy version, without a cache
 * ```ts
 * import { computeFeatures } from "./pipeline.ts";
 * import { encodeWav } from "../audio/mod.ts";
 * import { withConfig } from "../config/mod.ts";
 * import { assertEquals, assertNotEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const tone = Float32Array.from({ length: 22050 }, (_, n) => 0.5 * Math.sin(n / 5));
 * await Deno.writeFile(`${dir}/a.wav`, encodeWav([tone], 22050));
 * const config = withConfig({ audio: { offset: 0, duration: 1 }, features: { nMels: 32 } });
 * const features = await computeFeatures([
 *   { path: `${dir}/a.wav`, version: "original", gender: "male" },
 *   { path: `${dir}/a.wav`, version: "noise", gender: "male" },
 * ], config, { workers: 1, cacheDir: null });
 * assertEquals(features.shape, [2, 32, 44]);
 * assertEquals(features.stats, { computed: 2, cached: 0, corrupt: 0 });
 * assertNotEquals(features.data.subarray(0, 32 * 44), features.data.subarray(32 * 44));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function computeFeatures<I extends FeatureItem>(
  items: readonly I[],
  config: Readonly<SerlabConfig> = DEFAULT_CONFIG,
  options: ComputeFeaturesOptions = {},
): Promise<FeatureSet<I>> {
  const {
    workers = navigator.hardwareConcurrency,
    cacheDir = config.data.cacheDir,
    onProgress,
    onWarning = (line: string) => console.warn(line),
    signal,
  } = options;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(
      `Cannot compute features as workers must be an integer >= 1: current value is ${workers}`,
    );
  }
  signal?.throwIfAborted();
  const { audio, features } = config;
  const nMels = features.nMels;
  const nFrames = frameCount(
    Math.round(audio.duration * audio.sampleRate),
    features.nFft,
    features.hopLength,
  );
  const size = nMels * nFrames;
  const tasks = groupByFile(items);
  const data = new Float32Array(items.length * size);
  const stats: FeatureStats = { computed: 0, cached: 0, corrupt: 0 };
  const result: FeatureSet<I> = {
    data,
    shape: [items.length, nMels, nFrames],
    items: [...items],
    stats,
  };
  if (tasks.length === 0) return result;
  // Fail here, once and clearly, rather than in every worker's first write.
  if (cacheDir !== null) await Deno.mkdir(cacheDir, { recursive: true });
  const init: WorkerInit = {
    type: "init",
    config: structuredClone(config) as SerlabConfig,
    cacheDir,
    codeFingerprint: cacheDir === null ? "" : await codeFingerprint(),
  };
  signal?.throwIfAborted();

  return await new Promise<FeatureSet<I>>((resolve, reject) => {
    const pool: Worker[] = [];
    let next = 0;
    let finished = 0;
    let done = 0;
    let settled = false;
    const settle = (error: unknown) => {
      if (settled) return;
      settled = true;
      for (const worker of pool) worker.terminate();
      signal?.removeEventListener("abort", onAbort);
      if (error === undefined) resolve(result);
      else reject(error);
    };
    const onAbort = () => settle(signal!.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    const send = (worker: Worker) => {
      if (next >= tasks.length) return;
      const id = next++;
      const { path, gender, versions } = tasks[id];
      worker.postMessage({ type: "task", id, path, gender, versions } satisfies WorkerTask);
    };
    const receive = (worker: Worker, message: WorkerReady | WorkerResult | WorkerFailure) => {
      if (settled) return;
      if (message.type === "ready") {
        worker.postMessage(init);
        // Two tasks in flight per worker: one file's I/O overlaps the other's audio work.
        send(worker);
        send(worker);
        return;
      }
      if (message.type === "error") {
        const task = tasks[message.id];
        settle(
          message.wav ? new WavFormatError(message.wav.path, message.wav.reason) : new Error(
            `Cannot compute features of ${task.path}: ${message.name}: ${message.message}`,
          ),
        );
        return;
      }
      const task = tasks[message.id];
      if (message.nMels !== nMels || message.nFrames !== nFrames) {
        settle(
          new Error(
            `Cannot compute features of ${task.path} as its shape must be [${nMels}, ${nFrames}]: ` +
              `current value is [${message.nMels}, ${message.nFrames}]`,
          ),
        );
        return;
      }
      message.buffers.forEach((buffer, v) => {
        const feature = new Float32Array(buffer);
        for (const index of task.slots[v]) data.set(feature, index * size);
        done += task.slots[v].length;
      });
      stats.computed += message.computed;
      stats.cached += message.cached;
      stats.corrupt += message.corrupt.length;
      for (const line of message.corrupt) onWarning(line);
      onProgress?.({ done, total: items.length, computed: stats.computed, cached: stats.cached });
      if (settled) return; // aborted from the callback
      if (++finished === tasks.length) settle(undefined);
      else send(worker);
    };
    for (let w = 0; w < Math.min(workers, tasks.length); w++) {
      const worker = new Worker(new URL("./_pipeline_worker.ts", import.meta.url), {
        type: "module",
      });
      pool.push(worker);
      worker.onmessage = (event) => {
        try {
          receive(worker, event.data);
        } catch (error) {
          settle(error); // thrown by onProgress or onWarning
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        settle(new Error(`Cannot compute features as a worker failed: ${event.message}`));
      };
    }
  });
}

interface FileTask {
  path: string;
  gender: Gender;
  /** Distinct versions wanted of the file. */
  versions: AugmentVersion[];
  /** For each version, the item indices it fills. */
  slots: number[][];
}

function groupByFile(items: readonly FeatureItem[]): FileTask[] {
  const byPath = new Map<string, FileTask>();
  items.forEach(({ path, version, gender }, index) => {
    let task = byPath.get(path);
    if (!task) byPath.set(path, task = { path, gender, versions: [], slots: [] });
    if (task.gender !== gender) {
      throw new TypeError(
        `Cannot compute features as ${path} must have one gender: current value is ${task.gender} and ${gender}`,
      );
    }
    const v = task.versions.indexOf(version);
    if (v >= 0) task.slots[v].push(index);
    else {
      task.versions.push(version);
      task.slots.push([index]);
    }
  });
  return [...byPath.values()];
}

let fingerprint: Promise<string> | null = null;

/**
 * SHA-256 over the sources of the modules that turn a file into features
 * (`lib/_wasm`, `lib/audio`, `lib/augment`, `lib/features`, `lib/pipeline`,
 * tests excluded), once per
 * process. An edit there changes every cache key, so features made by old
 * code are never served; "" when the sources cannot be read (then only
 * CACHE_VERSION guards against code changes).
 */
function codeFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    if (!import.meta.url.startsWith("file:")) return "";
    const lib = join(dirname(fileURLToPath(import.meta.url)), "..");
    try {
      const files: string[] = [];
      for (const module of ["_wasm", "audio", "augment", "features", "pipeline"]) {
        await listSources(join(lib, module), files);
      }
      files.sort();
      // Names relative to lib/, so a moved checkout keeps its cache.
      const names = files.map((file) => file.slice(lib.length)).join("\n");
      const parts: Uint8Array[] = [new TextEncoder().encode(names)];
      for (const file of files) parts.push(await Deno.readFile(file));
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      parts.reduce((offset, p) => (all.set(p, offset), offset + p.length), 0);
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
      return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
    } catch {
      return "";
    }
  })();
  return fingerprint;
}

async function listSources(dir: string, files: string[]): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) await listSources(path, files);
    else if (entry.isFile && !/_test\.ts$/.test(entry.name)) files.push(path);
  }
}
