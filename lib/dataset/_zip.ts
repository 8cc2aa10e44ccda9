/**
 * Reads a zip file on disk one entry at a time, and checks each entry's
 * size and CRC-32.
 *
 * Written here rather than calling fflate's `unzipSync` or `Unzip`: neither
 * checks CRC-32, so a flipped bit in PCM data would unpack as a valid WAV
 * with wrong samples, and `unzipSync` needs the whole archive plus all its
 * output in memory (186 MB + 456 MB for RAVDESS actors 01-20). This reads
 * the central directory, then each entry at its offset, so memory stays at
 * one clip. fflate still does the DEFLATE decoding.
 *
 * @module
 */
import { inflateSync } from "fflate";
import { crc32 } from "node:zlib";

/** One file of a zip, as its central directory describes it. */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated; folders end with `/`. */
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  /** CRC-32 of the uncompressed bytes. */
  crc: number;
  /** Bytes stored in the archive. */
  compressedSize: number;
  /** Bytes once unpacked. */
  size: number;
  /** Offset of the entry's local header. */
  localOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** An open zip file. Close it with `close()` or `using`. */
export class ZipReader implements Disposable {
  /** Every entry, in central-directory order. */
  readonly entries: readonly ZipEntry[];
  #file: Deno.FsFile;
  #path: string;

  private constructor(file: Deno.FsFile, path: string, entries: ZipEntry[]) {
    this.#file = file;
    this.#path = path;
    this.entries = entries;
  }

  /**
   * Opens a zip and reads its central directory.
   *
   * @param path The zip file.
   * @returns A reader.
   * @throws {Error} Not a zip, truncated, ZIP64, split or encrypted.
   */
  static async open(path: string): Promise<ZipReader> {
    const file = await Deno.open(path, { read: true });
    try {
      return new ZipReader(file, path, await readDirectory(file, path));
    } catch (error) {
      file.close();
      throw error;
    }
  }

  /**
   * Unpacks one entry and checks its size and CRC-32.
   *
   * @param entry One of {@linkcode ZipReader.entries}.
   * @returns The unpacked bytes.
   * @throws {Error} The entry is corrupt or uses a compression other than stored or deflate.
   */
  async read(entry: ZipEntry): Promise<Uint8Array> {
    const fail = (reason: string, cause?: unknown): never => {
      throw new Error(`Cannot unpack ${this.#path} as entry ${entry.name} ${reason}`, { cause });
    };
    const header = await readAt(this.#file, entry.localOffset, 30);
    const local = new DataView(header.buffer);
    if (header.length < 30 || local.getUint32(0, true) !== LOCAL_SIGNATURE) {
      fail("has no local header (the file is corrupt)");
    }
    const start = entry.localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
    const stored = await readAt(this.#file, start, entry.compressedSize);
    if (stored.length !== entry.compressedSize) fail("is cut short (the file is truncated)");
    let bytes: Uint8Array = stored;
    if (entry.method === 8) {
      try {
        bytes = inflateSync(stored, { out: new Uint8Array(entry.size) });
      } catch (error) {
        fail(`is corrupt (${(error as Error).message})`, error);
      }
    } else if (entry.method !== 0) {
      fail(`uses compression method ${entry.method}: only 0 (stored) and 8 (deflate) are read`);
    }
    if (bytes.length !== entry.size) {
      fail(`is corrupt (${bytes.length} bytes instead of ${entry.size})`);
    }
    if (crc32(bytes) >>> 0 !== entry.crc) fail("is corrupt (CRC-32 mismatch)");
    return bytes;
  }

  /** Closes the file. */
  close(): void {
    this.#file.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

async function readDirectory(file: Deno.FsFile, path: string): Promise<ZipEntry[]> {
  const fail = (reason: string): never => {
    throw new Error(`Cannot unpack ${path} as ${reason}`);
  };
  const { size } = await file.stat();
  const tailStart = Math.max(0, size - EOCD_SIZE - MAX_COMMENT);
  const tail = await readAt(file, tailStart, size - tailStart);
  const tailView = new DataView(tail.buffer);
  let eocd = -1;
  for (let at = tail.length - EOCD_SIZE; at >= 0; at--) {
    if (tailView.getUint32(at, true) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) fail("it is not a zip file or is truncated (no end of central directory)");
  const count = tailView.getUint16(eocd + 10, true);
  const directorySize = tailView.getUint32(eocd + 12, true);
  const directoryOffset = tailView.getUint32(eocd + 16, true);
  if (tailView.getUint16(eocd + 4, true) !== 0 || tailView.getUint16(eocd + 6, true) !== 0) {
    fail("it is split over several disks, which is not supported");
  }
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    fail("it is a ZIP64 archive, which is not supported");
  }
  if (directoryOffset + directorySize > tailStart + eocd) {
    fail("its central directory lies outside the file (the file is corrupt or truncated)");
  }
  const directory = await readAt(file, directoryOffset, directorySize);
  const view = new DataView(directory.buffer);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  for (let at = 0, i = 0; i < count; i++) {
    if (at + 46 > directory.length || view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      fail(`its central directory is corrupt at entry ${i + 1} of ${count}`);
    }
    const nameLength = view.getUint16(at + 28, true);
    const name = decoder.decode(directory.subarray(at + 46, at + 46 + nameLength));
    if (view.getUint16(at + 8, true) & 1) fail(`entry ${name} is encrypted`);
    const entry = {
      name,
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    };
    if (entry.localOffset + 30 + entry.compressedSize > directoryOffset) {
      fail(`entry ${name} lies outside the file (the file is corrupt)`);
    }
    entries.push(entry);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** Reads up to `length` bytes at `offset`; fewer only at the end of the file. */
async function readAt(file: Deno.FsFile, offset: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  await file.seek(offset, Deno.SeekMode.Start);
  let filled = 0;
  while (filled < length) {
    const read = await file.read(bytes.subarray(filled));
    if (read === null) return bytes.subarray(0, filled);
    filled += read;
  }
  return bytes;
}
