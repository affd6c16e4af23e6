/**
 * A small zip writer and reader over node's zlib, enough for a Grafana plugin archive: deflated files
 * with their Unix modes (Grafana and the validator require the backend executables at 0755, which only
 * the "made by Unix" external attributes carry), read back with CRC checks. No zip64: a plugin archive
 * stays far below 4 GiB, and writing refuses anything larger.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import zlib from 'node:zlib';

export interface ZipInput {
  /** Path inside the archive, `/`-separated; a trailing `/` makes a directory entry. */
  name: string;
  /** File content; absent for a directory. */
  data?: Buffer;
  /** Unix permission bits, e.g. 0o644 or 0o755. */
  mode: number;
  mtime: Date;
}

export interface ZipEntry {
  name: string;
  directory: boolean;
  mode: number;
  size: number;
  compressedSize: number;
  method: number;
  crc: number;
  offset: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const MADE_BY_UNIX = (3 << 8) | 20;
const VERSION_NEEDED = 20;
const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
const STORED = 0;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const MAX_32 = 0xffffffff;

let table: Uint32Array | undefined;
/** zlib.crc32 arrived in Node 22.2; the table fallback keeps the reader working on older Node. */
export function crc32(data: Buffer): number {
  const native = (zlib as { crc32?: (data: Buffer) => number }).crc32;
  if (native) {
    return native(data) >>> 0;
  }
  if (!table) {
    table = new Uint32Array(256).map((_, n) => {
      let c = n;
      for (let k = 0; k < 8; k++) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      return c >>> 0;
    });
  }
  let crc = MAX_32;
  for (const byte of data) {
    crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ MAX_32) >>> 0;
}

function dosTime(date: Date): { time: number; date: number } {
  const year = Math.max(date.getFullYear(), 1980);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

interface EntryFields {
  method: number;
  time: number;
  date: number;
  crc: number;
  compressed: number;
  size: number;
  nameLength: number;
}

/**
 * The fields the local header and the central directory entry both carry, in the same order: flags,
 * method, DOS time and date, CRC-32, compressed and real size, name length (22 bytes from `at`).
 */
function writeEntryFields(header: Buffer, at: number, fields: EntryFields): void {
  header.writeUInt16LE(UTF8_NAMES, at);
  header.writeUInt16LE(fields.method, at + 2);
  header.writeUInt16LE(fields.time, at + 4);
  header.writeUInt16LE(fields.date, at + 6);
  header.writeUInt32LE(fields.crc, at + 8);
  header.writeUInt32LE(fields.compressed, at + 12);
  header.writeUInt32LE(fields.size, at + 16);
  header.writeUInt16LE(fields.nameLength, at + 20);
}

/** Writes the entries, in order, to `file`. */
export function writeZip(file: string, inputs: readonly ZipInput[]): void {
  const fd = openSync(file, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  const write = (buffer: Buffer) => {
    writeSync(fd, buffer);
    offset += buffer.length;
  };
  try {
    for (const input of inputs) {
      const directory = input.name.endsWith('/');
      const data = input.data ?? Buffer.alloc(0);
      const deflated = directory ? data : zlib.deflateRawSync(data);
      // Store what does not shrink (already compressed images), as zip tools do.
      const method = directory || deflated.length >= data.length ? STORED : DEFLATE;
      const body = method === DEFLATE ? deflated : data;
      const crc = crc32(data);
      const name = Buffer.from(input.name, 'utf8');
      const { time, date } = dosTime(input.mtime);
      if (offset + body.length > MAX_32 || data.length > MAX_32) {
        throw new Error(`${input.name}: the archive would need zip64, which this writer does not do`);
      }
      const entryFields = {
        method,
        time,
        date,
        crc,
        compressed: body.length,
        size: data.length,
        nameLength: name.length,
      };
      const local = Buffer.alloc(30);
      local.writeUInt32LE(LOCAL_HEADER, 0);
      local.writeUInt16LE(VERSION_NEEDED, 4);
      writeEntryFields(local, 6, entryFields);
      local.writeUInt16LE(0, 28);
      const headerOffset = offset;
      write(local);
      write(name);
      write(body);

      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(CENTRAL_HEADER, 0);
      entry.writeUInt16LE(MADE_BY_UNIX, 4);
      entry.writeUInt16LE(VERSION_NEEDED, 6);
      writeEntryFields(entry, 8, entryFields);
      // extra length, comment length, disk number, internal attributes: 0
      const unixMode = (directory ? S_IFDIR : S_IFREG) | (input.mode & 0o7777);
      // High 16 bits: the Unix mode; bit 4: MS-DOS directory flag.
      entry.writeUInt32LE(((unixMode << 16) | (directory ? 0x10 : 0)) >>> 0, 38);
      entry.writeUInt32LE(headerOffset, 42);
      central.push(entry, name);
    }
    const centralStart = offset;
    central.forEach(write);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(inputs.length, 8);
    end.writeUInt16LE(inputs.length, 10);
    end.writeUInt32LE(offset - centralStart, 12);
    end.writeUInt32LE(centralStart, 16);
    write(end);
  } finally {
    closeSync(fd);
  }
}

export interface ZipArchive {
  entries: ZipEntry[];
  /** The entry's content, inflated and checked against its CRC. */
  read(name: string): Buffer;
}

export function readZip(file: string): ZipArchive {
  const bytes = readFileSync(file);
  const endAt = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) {
    throw new Error(`${file} is not a zip archive (no end of central directory)`);
  }
  const count = bytes.readUInt16LE(endAt + 10);
  let at = bytes.readUInt32LE(endAt + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (bytes.readUInt32LE(at) !== CENTRAL_HEADER) {
      throw new Error(`${file}: bad central directory entry ${i}`);
    }
    const madeBy = bytes.readUInt16LE(at + 4) >> 8;
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const external = bytes.readUInt32LE(at + 38);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const unixMode = madeBy === 3 ? external >>> 16 : 0;
    entries.push({
      name,
      directory: name.endsWith('/') || (unixMode & 0o170000) === S_IFDIR,
      // An archive made elsewhere carries no Unix mode: 0, which the checks report.
      mode: unixMode & 0o7777,
      method: bytes.readUInt16LE(at + 10),
      crc: bytes.readUInt32LE(at + 16),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      offset: bytes.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return {
    entries,
    read(name) {
      const entry = entries.find((e) => e.name === name);
      if (!entry) {
        throw new Error(`${name} is not in the archive`);
      }
      const local = entry.offset;
      const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
      const body = bytes.subarray(start, start + entry.compressedSize);
      const data = entry.method === DEFLATE ? zlib.inflateRawSync(body) : Buffer.from(body);
      if (data.length !== entry.size || crc32(data) !== entry.crc) {
        throw new Error(`${name}: content does not match its size and CRC`);
      }
      return data;
    },
  };
}
