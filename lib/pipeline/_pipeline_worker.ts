/**
 * A worker of {@linkcode computeFeatures}: for one file at a time it reads
 * the bytes, hashes them, serves each wanted version from the cache or
 * decodes the window once and makes the versions (augment, log-mel), writes
 * them to the cache, and posts the features back as transferred buffers.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import type { AugmentVersion, SerlabConfig } from "../config/mod.ts";
import type { Gender } from "../dataset/names.ts";
import { decodeAudioWindow, WavFormatError } from "../audio/mod.ts";
import { augmentSignal, clipSeed } from "../augment/mod.ts";
import { FeatureCache } from "./cache.ts";
import { logMelSpectrogram } from "../features/log_mel_spectrogram.ts";

/** The first message: settings shared by every task. */
export interface WorkerInit {
  type: "init";
  config: SerlabConfig;
  cacheDir: string | null;
  codeFingerprint: string;
}

/** One file and the versions wanted of it. */
export interface WorkerTask {
  type: "task";
  id: number;
  path: string;
  gender: Gender;
  versions: AugmentVersion[];
}

/** Posted once the worker listens: messages sent before that may be lost (its modules use top-level await). */
export interface WorkerReady {
  type: "ready";
}

/** Features of one task, one buffer per wanted version, in order. */
export interface WorkerResult {
  type: "result";
  id: number;
  buffers: ArrayBuffer[];
  nMels: number;
  nFrames: number;
  computed: number;
  cached: number;
  /** One line per corrupt cache entry met (and rewritten). */
  corrupt: string[];
}

/** A task that failed. */
export interface WorkerFailure {
  type: "error";
  id: number;
  name: string;
  message: string;
  /** For a `WavFormatError`: its path and reason, so the main thread can rebuild it. */
  wav?: { path: string; reason: string };
}

// The worker's global scope, typed here rather than with `/// <reference lib="deno.worker" />`,
// which would retype `self` for every module checked together with this one.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<WorkerInit | WorkerTask>) => void) | null;
  postMessage(message: WorkerReady | WorkerResult | WorkerFailure, transfer?: Transferable[]): void;
};

let config: SerlabConfig;
let cache: FeatureCache | null = null;
let codeFingerprint = "";
/** Whether {@linkcode warmUp} has run: before the first audio work, so never in a warm run. */
let warmedUp = false;

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") {
    config = message.config;
    codeFingerprint = message.codeFingerprint;
    cache = message.cacheDir === null
      ? null
      : new FeatureCache(message.cacheDir, { onCorrupt: () => {} }); // lines go back with the result
    return;
  }
  try {
    const result = run(message);
    scope.postMessage(result, result.buffers);
  } catch (error) {
    const failure: WorkerFailure = {
      type: "error",
      id: message.id,
      name: (error as Error).name ?? "Error",
      message: (error as Error).message ?? String(error),
    };
    if (error instanceof WavFormatError) failure.wav = { path: error.path, reason: error.reason };
    scope.postMessage(failure);
  }
};

function run(task: WorkerTask): WorkerResult {
  const { path, gender, versions } = task;
  const { audio, features, augment } = config;
  // Blocking file calls: this thread has nothing else to do meanwhile, and an
  // async call's hop through Deno's I/O threads costs CPU that the other workers need.
  const bytes = Deno.readFileSync(path);
  const contentHash = cache ? createHash("sha256").update(bytes).digest("hex") : "";
  const clipKey = basename(path);
  const result: WorkerResult = {
    type: "result",
    id: task.id,
    buffers: [],
    nMels: 0,
    nFrames: 0,
    computed: 0,
    cached: 0,
    corrupt: [],
  };
  let window: Float32Array | null = null;
  for (const version of versions) {
    const key = cache
      ? cache.key({ contentHash, version, gender, clipKey, config, codeFingerprint })
      : "";
    if (cache) {
      const read = cache.readSync(key);
      if (read.status === "hit") {
        result.buffers.push(read.feature.data.buffer as ArrayBuffer);
        result.nMels = read.feature.nMels;
        result.nFrames = read.feature.nFrames;
        result.cached++;
        continue;
      }
      if (read.status === "corrupt") result.corrupt.push(read.message);
    }
    // Decoded only when some version is not cached: a warm run does no audio work.
    if (!warmedUp) {
      warmUp();
      warmedUp = true;
    }
    window ??= decodeAudioWindow(bytes, { ...audio, path });
    const signal = version === "original" ? window : augmentSignal(window, version, {
      gender,
      seed: clipSeed(augment.seed, clipKey, version),
      sampleRate: audio.sampleRate,
      config: augment,
    });
    const mel = logMelSpectrogram(signal, { ...features, sampleRate: audio.sampleRate });
    if (cache) cache.writeSync(key, mel);
    result.buffers.push(mel.data.buffer as ArrayBuffer);
    result.nMels = mel.nMels;
    result.nFrames = mel.nFrames;
    result.computed++;
  }
  return result;
}

// Only as a worker: imported on the main thread (e.g. by `deno test --doc`) it does nothing.
if (typeof scope.postMessage === "function") {
  scope.postMessage({ type: "ready" } satisfies WorkerReady);
}

/**
 * Runs every path (each version, both pitch directions) once on a short
 * clip before the first audio work. Why: on a 3 s first input V8 optimises the
 * hot functions in the middle of their loops, then meets code they have not
 * run yet and recompiles them, 5–7 times each; after a short run that sees
 * every path, it compiles them ~15 % less (measured per worker), which is
 * CPU the other worker's audio gets back.
 */
function warmUp(): void {
  const { audio, features, augment } = config;
  const short = Float32Array.from(
    { length: 8192 },
    (_, i) => 0.1 * Math.sin(i / 7) + (i % 5) * 1e-3,
  );
  for (const gender of ["male", "female"] as const) {
    for (const version of ["original", "noise", "pitch"] as const) {
      const signal = version === "original" ? short : augmentSignal(short, version, {
        gender,
        seed: 1,
        sampleRate: audio.sampleRate,
        config: augment,
      });
      logMelSpectrogram(signal, { ...features, sampleRate: audio.sampleRate });
    }
  }
}
