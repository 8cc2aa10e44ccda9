/// <reference lib="dom" />
/**
 * The browser page (`deno task web` bundles it into `web/dist/serlab.js`):
 * a WAV file picked or dropped is decoded and classified with serlab's own
 * `lib/audio`, `lib/features` and `lib/predict` code and TensorFlow.js on
 * its CPU backend, so the numbers are those of `deno task predict`. Nothing
 * is sent anywhere; the page fetches only its own files and `model/`.
 *
 * For tests, the result is also in the DOM: `#result[data-probabilities]`
 * (JSON keyed by emotion), `data-emotion`, `data-windows`, and
 * `body[data-state]`: loading, ready, working, done or error.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { decodeWav } from "../lib/audio/decode_wav.ts";
import { WavFormatError } from "../lib/audio/wav_format_error.ts";
import type { ModelFolder, ModelMetadata } from "../lib/model/model_folder.ts";
import { modelIncompatibility } from "../lib/predict/_check_model.ts";
import { type Prediction, predictSignal } from "../lib/predict/predict_signal.ts";

const $ = <T extends Element>(selector: string) => document.querySelector(selector) as T;
const input = $<HTMLInputElement>("#file");
const drop = $<HTMLLabelElement>("#drop");
const status = $<HTMLParagraphElement>("#status");
const result = $<HTMLElement>("#result");

function setState(state: "loading" | "ready" | "working" | "done" | "error", text: string) {
  document.body.dataset.state = state;
  status.textContent = text;
}

async function loadModel(): Promise<ModelFolder> {
  // The CPU backend: exact float32 arithmetic, the same as `deno task predict`.
  await tf.setBackend("cpu");
  await tf.ready();
  const response = await fetch("model/serlab.json");
  if (!response.ok) throw new Error(`Cannot load model/serlab.json: HTTP ${response.status}`);
  const metadata = await response.json() as ModelMetadata;
  const model = await tf.loadLayersModel("model/model.json");
  const folder = { model, metadata };
  const problem = modelIncompatibility(folder);
  if (problem) throw new Error(`Cannot use the model: ${problem}`);
  return folder;
}

async function classify(folder: ModelFolder, file: File): Promise<void> {
  setState("working", `Analysing ${file.name}…`);
  result.hidden = true;
  delete result.dataset.probabilities;
  const started = performance.now();
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const audio = decodeWav(bytes, { path: file.name });
    const prediction = await predictSignal(folder, audio.samples, {
      sampleRate: audio.sampleRate,
    });
    const ms = performance.now() - started;
    show(folder.metadata, file.name, prediction, audio);
    const warnings = prediction.warnings.map((w) => ` Warning: ${w}.`).join("");
    setState("done", `${file.name}: done in ${Math.round(ms)} ms.${warnings}`);
  } catch (error) {
    if (!(error instanceof WavFormatError || error instanceof RangeError)) {
      console.error(error);
    }
    result.dataset.error = (error as Error).message;
    setState("error", (error as Error).message);
  }
}

function show(
  metadata: ModelMetadata,
  name: string,
  prediction: Prediction,
  audio: { sampleRate: number; channels: number; bitsPerSample: number },
): void {
  const { emotion, probabilities, windows } = prediction;
  $("#top").textContent = `${emotion} (${percent(probabilities[emotion])})`;
  const channels = audio.channels === 1 ? "mono" : `${audio.channels} channels`;
  $("#facts").textContent = `${name}: ${prediction.seconds.toFixed(2)} s, ` +
    `${audio.sampleRate} Hz, ${audio.bitsPerSample}-bit, ${channels}; ` +
    `${windows.length} window${windows.length === 1 ? "" : "s"} of ${metadata.audio.duration} s`;
  drawChart(metadata.labels, probabilities, emotion);
  drawTimeline(prediction);
  result.dataset.probabilities = JSON.stringify(probabilities);
  result.dataset.emotion = emotion;
  result.dataset.windows = String(windows.length);
  delete result.dataset.error;
  result.hidden = false;
}

const SVG = "http://www.w3.org/2000/svg";

function drawChart(labels: string[], probabilities: Record<string, number>, top: string) {
  const chart = $<SVGSVGElement>("#chart");
  const row = 30, labelWidth = 96, barWidth = 480, valueWidth = 64;
  const width = labelWidth + barWidth + valueWidth;
  chart.setAttribute("viewBox", `0 0 ${width} ${labels.length * row}`);
  chart.setAttribute("width", "100%");
  chart.replaceChildren();
  const add = (tag: string, attributes: Record<string, string | number>, text?: string) => {
    const element = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, String(v));
    if (text !== undefined) element.textContent = text;
    chart.append(element);
    return element;
  };
  labels.forEach((label, i) => {
    const p = probabilities[label];
    const y = i * row;
    add("text", { x: 0, y: y + row / 2 }, label);
    add("rect", { class: "track", x: labelWidth, y: y + 5, width: barWidth, height: row - 10 });
    add("rect", {
      class: label === top ? "bar top" : "bar",
      x: labelWidth,
      y: y + 5,
      width: Math.max(0, p * barWidth),
      height: row - 10,
      "data-label": label,
    });
    add("text", { x: labelWidth + barWidth + 8, y: y + row / 2 }, percent(p));
  });
}

function drawTimeline(prediction: Prediction) {
  const box = $<HTMLDivElement>("#timeline");
  box.replaceChildren();
  if (prediction.windows.length < 2) return;
  const table = document.createElement("table");
  table.createCaption().textContent = "Each window";
  for (const w of prediction.windows) {
    const tr = table.insertRow();
    tr.insertCell().textContent = `${w.start.toFixed(2)}–${w.end.toFixed(2)} s`;
    tr.insertCell().textContent = w.emotion;
    tr.insertCell().textContent = percent(w.probabilities[w.emotion]);
  }
  box.append(table);
}

function percent(p: number): string {
  return `${(100 * p).toFixed(1)} %`;
}

async function start() {
  let folder: ModelFolder;
  try {
    folder = await loadModel();
  } catch (error) {
    console.error(error);
    setState("error", (error as Error).message);
    return;
  }
  const { labels, audio, features } = folder.metadata;
  $("#about").textContent = `Model: ${labels.length} emotions (${labels.join(", ")}); ` +
    `log-mel ${features.nMels} bands of ${audio.duration} s windows at ${audio.sampleRate} Hz. ` +
    `Computed by serlab's WAV and feature code and TensorFlow.js ${tf.version.tfjs} ` +
    `(${tf.getBackend()} backend) in this page.`;
  input.disabled = false;
  input.addEventListener("change", () => {
    if (input.files?.[0]) classify(folder, input.files[0]);
  });
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    const file = event.dataTransfer?.files[0];
    if (file) classify(folder, file);
  });
  setState("ready", "Ready: choose a WAV file.");
}

start();
