import { Buffer } from "node:buffer";
import { escapeHtml } from "./_html.ts";
import { JUPYTER_DISPLAY } from "./display.ts";

/** WAV bytes under a name, e.g. one version of a clip. */
export interface NamedAudio {
  /** The player's caption. */
  name: string;
  /** A WAV file's bytes (e.g. from `encodeWav`). */
  wav: Uint8Array;
}

/** The MIME bundle of a row of audio players. */
export interface AudioMimeBundle {
  /** `<audio controls>` elements with the WAV inline as a `data:` URL: no file, no server. */
  "text/html": string;
  /** The captions and sizes, for text-only front ends. */
  "text/plain": string;
}

/** A value Deno's Jupyter kernel shows as audio players. */
export interface AudioDisplayable {
  /** Builds the MIME bundle; the kernel calls it once per display. */
  [JUPYTER_DISPLAY](): AudioMimeBundle;
}

/**
 * Audio players for a Deno Jupyter notebook: make the result the value of a
 * cell, or pass it to `Deno.jupyter.display`. Each WAV is embedded in the
 * page as `<audio controls src="data:audio/wav;base64,…">`, so it plays in
 * JupyterLab, VS Code and a notebook exported to HTML alike (a 3 s, 16-bit,
 * 22050 Hz clip adds ~180 kB to the notebook).
 *
 * @param audio One WAV file's bytes, or several under names (players side by side).
 * @returns A displayable object.
 * @throws {RangeError} No audio.
 *
 * @example One player
 * ```ts
 * import { audioPlayer } from "./audio_player.ts";
 * import { JUPYTER_DISPLAY } from "./display.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const bundle = audioPlayer([{ name: "original", wav: new Uint8Array([82, 73, 70, 70]) }])[JUPYTER_DISPLAY]();
 * assertStringIncludes(bundle["text/html"], '<audio controls src="data:audio/wav;base64,UklGRg=="');
 * assertStringIncludes(bundle["text/plain"], "original (4 bytes)");
 * ```
 */
export function audioPlayer(audio: Uint8Array | NamedAudio[]): AudioDisplayable {
  const named: NamedAudio[] = audio instanceof Uint8Array ? [{ name: "", wav: audio }] : audio;
  if (named.length === 0) {
    throw new RangeError(
      "Cannot show audio players as audio must not be empty: current length is 0",
    );
  }
  return {
    [JUPYTER_DISPLAY](): AudioMimeBundle {
      const players = named.map(({ name, wav }) => {
        const base64 = Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength).toString("base64");
        const caption = name === ""
          ? ""
          : `<figcaption style="font-weight:600;margin-bottom:4px">${
            escapeHtml(name)
          }</figcaption>`;
        return `<figure style="margin:0 16px 8px 0">${caption}` +
          `<audio controls src="data:audio/wav;base64,${base64}"></audio></figure>`;
      });
      return {
        "text/html": `<div class="serlab-audio" style="display:flex;flex-wrap:wrap">${
          players.join("")
        }</div>`,
        "text/plain": named.map(({ name, wav }) =>
          `Audio: ${name === "" ? "" : `${name} `}(${wav.byteLength} bytes)`
        ).join("\n"),
      };
    },
  };
}
