/**
 * The plugin archive written with archiver (the library Grafana's own `@grafana/zip-plugin` uses) and
 * read back with yauzl for the validator. What stays ours is only what the validator needs to see:
 * each entry's Unix mode (Grafana and the validator require the backend executables at 0755, which only
 * the "made by Unix" external attributes carry) and a CRC check of what it reads.
 */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import zlib from 'node:zlib';

import archiver from 'archiver';
import yauzl from 'yauzl';

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
}

export interface ZipArchive {
  entries: ZipEntry[];
  /** The entry's content, inflated and checked against its CRC (entries up to READ_LIMIT_BYTES). */
  read(name: string): Buffer;
}

/**
 * The validator reads manifests, module.js, SVGs and READMEs, never the ~100 MiB executables: entries
 * above this are listed but not held in memory.
 */
export const READ_LIMIT_BYTES = 32 * 2 ** 20;

const MADE_BY_UNIX = 3;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

/** Writes the entries, in order, to `file`. */
export async function writeZip(file: string, inputs: readonly ZipInput[]): Promise<void> {
  // zlib's default level, as the hand-made writer used: the same 83 MB archive (level 9 saved 4 % in 3x the time).
  const archive = archiver('zip', { zlib: { level: 6 } });
  const out = createWriteStream(file);
  const failed = new Promise<never>((_, reject) => {
    archive.on('error', reject);
    archive.on('warning', reject);
  });
  archive.pipe(out);
  for (const input of inputs) {
    const directory = input.name.endsWith('/');
    archive.append(directory ? '' : (input.data ?? Buffer.alloc(0)), {
      name: input.name,
      mode: input.mode,
      date: input.mtime,
      ...(directory ? { type: 'directory' as const } : {}),
    });
  }
  await Promise.race([Promise.all([archive.finalize(), finished(out)]), failed]);
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, zip) =>
      error ? reject(new Error(`${file} is not a zip archive we can read: ${error.message}`)) : resolve(zip)
    )
  );
}

function contentOf(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => {
      if (error) {
        reject(error);
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    })
  );
}

function zipEntryOf(entry: yauzl.Entry): ZipEntry {
  const unixMode = entry.versionMadeBy >> 8 === MADE_BY_UNIX ? entry.externalFileAttributes >>> 16 : 0;
  return {
    name: entry.fileName,
    directory: entry.fileName.endsWith('/') || (unixMode & S_IFMT) === S_IFDIR,
    // An archive made elsewhere carries no Unix mode: 0, which the checks report.
    mode: unixMode & 0o7777,
    size: entry.uncompressedSize,
    compressedSize: entry.compressedSize,
    method: entry.compressionMethod,
    crc: entry.crc32,
  };
}

/** Lists every entry and holds the content of those the validator may read. */
export async function readZip(file: string): Promise<ZipArchive> {
  const zip = await openZip(file);
  const entries: ZipEntry[] = [];
  const contents = new Map<string, Buffer>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        const listed = zipEntryOf(entry);
        entries.push(listed);
        if (listed.directory || listed.size > READ_LIMIT_BYTES) {
          zip.readEntry();
          return;
        }
        contentOf(zip, entry).then((data) => {
          contents.set(listed.name, data);
          zip.readEntry();
        }, reject);
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return {
    entries,
    read(name) {
      const entry = entries.find((e) => e.name === name);
      if (!entry) {
        throw new Error(`${name} is not in the archive`);
      }
      const data = contents.get(name);
      if (!data) {
        throw new Error(`${name} is larger than ${READ_LIMIT_BYTES / 2 ** 20} MiB: listed, not read`);
      }
      if (data.length !== entry.size || zlib.crc32(data) >>> 0 !== entry.crc) {
        throw new Error(`${name}: content does not match its size and CRC`);
      }
      return data;
    },
  };
}
