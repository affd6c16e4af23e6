#!/usr/bin/env node
/**
 * Builds the data source's backend as Node single executable applications, one per target:
 *   dist/datasource/<executable>_linux_amd64 and …_linux_arm64 (mode 0755), where <executable> is
 *   plugin.json's "executable" (gpx_pmm when not set yet).
 *
 *  1. esbuild bundles pkg/backend/main.ts and everything it imports into one CommonJS file (a SEA's
 *     require() loads built-in modules only, so nothing may stay external).
 *  2. The Node 24 of the `node` devDependency (node_modules/node/bin/node, a real ELF binary, not a
 *     wrapper) writes the SEA blob (`--experimental-sea-config`) with `execArgvExtension: "none"`: the
 *     executable ignores NODE_OPTIONS, which Grafana's own environment may carry. The bundle's first
 *     line also deletes NODE_OPTIONS from process.env, so no child process inherits it either.
 *  3. A copy of the same Node version's binary for each target (the host's own; `npm pack
 *     node-linux-<arch>@<version>` for the others, cached under .cache/node-bin) is stripped and gets
 *     the blob with postject (sentinel NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2).
 *  4. Checks: the fuse is flipped and the ELF machine is the target's; each executable this machine
 *     can run (its own arch; another under qemu-user when `qemu-aarch64` and /usr/aarch64-linux-gnu
 *     are installed) is started as Grafana starts it (magic cookie, and a NODE_OPTIONS that would
 *     abort a Node which honoured it) and must print go-plugin's handshake line.
 *
 * Run after webpack (its clean step keeps *_amd64 / *_arm64 files). Options:
 *   --entry FILE      backend entry (default pkg/backend/main.ts)
 *   --out-dir DIR     where the executables go (default dist/datasource)
 *   --arch LIST       amd64,arm64 (default). A target other than the host's is skipped with a
 *                     warning when its Node binary cannot be had, unless it is the only one asked for.
 *   --no-strip        keep symbols
 *   --no-verify       skip the handshake check
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { arch as hostArchOf } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/**
 * V8 set for a long-running plugin, not a batch job (issue 5: ≤ 150 MB while answering); why each
 * flag, at the SEA config below. --no-separate-gc-phases: V8 13 lets the young generation grow past
 * its one-megabyte semi-spaces for as long as a full collection's incremental marking runs (so as
 * not to end the marking early), and under --optimize-for-size marking runs most of a query: new
 * space reached 15–27 MB. With young collections allowed during marking it stays at 2 MB; measured
 * 122–126 MiB peak against 135–155 (docs/backend-memory.md), queries ~3 % slower.
 */
export const V8_FLAGS = ['--max-semi-space-size=1', '--max-old-space-size=512', '--no-separate-gc-phases'];
/** Go's GOARCH names (what Grafana looks for) ↔ Node's and the npm platform packages'. */
const TARGETS = {
  amd64: { node: 'x64', elfMachine: 0x3e, stripTools: ['x86_64-linux-gnu-strip', 'strip', 'llvm-strip'] },
  arm64: { node: 'arm64', elfMachine: 0xb7, stripTools: ['aarch64-linux-gnu-strip', 'llvm-strip', 'strip'] },
};

const log = (line) => process.stderr.write(`build-backend: ${line}\n`);

function fail(message) {
  const error = new Error(message);
  error.name = 'BuildBackendError';
  throw error;
}

function elfHeader(file) {
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  return header;
}

const isElf = (file) =>
  elfHeader(file)
    .subarray(0, 4)
    .equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
/** e_machine: 0x3e x86-64, 0xb7 AArch64. */
const elfMachine = (file) => elfHeader(file).readUInt16LE(18);

/** The Node binary of the `node` devDependency: the blob must be made by the runtime it runs on. */
export function findNodeBinary() {
  const candidates = [];
  try {
    candidates.push(path.join(path.dirname(require.resolve('node/package.json')), 'bin', 'node'));
  } catch {
    // no `node` devDependency: fall back to the Node running this script
  }
  candidates.push(process.execPath);
  for (const candidate of candidates) {
    if (!existsSync(candidate)) {
      continue;
    }
    const real = realpathSync(candidate);
    if (!isElf(real)) {
      continue; // a shell wrapper, not the runtime
    }
    const version = spawnSync(real, ['--version'], { encoding: 'utf8', env: withoutNodeOptions() }).stdout.trim();
    const major = Number(/^v(\d+)\./.exec(version)?.[1]);
    if (major >= 24) {
      return { binary: real, version };
    }
    log(`${real} is Node ${version}; need 24 or later`);
  }
  return fail('no Node ≥ 24 binary: install the `node` devDependency (npm i -D node@24)');
}

function withoutNodeOptions(env = process.env) {
  const copy = { ...env };
  delete copy.NODE_OPTIONS;
  return copy;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', env: withoutNodeOptions(), ...options });
  if (result.error) {
    return { ok: false, output: result.error.message };
  }
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/** The host's Node binary for its own arch; `npm pack node-linux-<arch>@<version>` for another. */
function baseBinaryFor(goArch, node, cacheDir) {
  const target = TARGETS[goArch];
  if (target.node === hostArchOf() && process.platform === 'linux') {
    return node.binary;
  }
  const version = node.version.replace(/^v/, '');
  const pkg = `node-linux-${target.node}`;
  const dir = path.join(cacheDir, 'node-bin', `${pkg}-${version}`);
  const binary = path.join(dir, 'package', 'bin', 'node');
  if (existsSync(binary)) {
    return binary;
  }
  mkdirSync(dir, { recursive: true });
  log(`fetching ${pkg}@${version} with npm pack`);
  const packed = run('npm', ['pack', `${pkg}@${version}`, '--pack-destination', dir, '--silent'], { cwd: dir });
  const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
  if (!packed.ok || !tarball) {
    rmSync(dir, { recursive: true, force: true });
    return fail(`npm pack ${pkg}@${version} failed: ${packed.output.split('\n').slice(-3).join(' ')}`);
  }
  const untar = run('tar', ['-xzf', tarball, 'package/bin/node'], { cwd: dir });
  if (!untar.ok || !existsSync(binary)) {
    rmSync(dir, { recursive: true, force: true });
    return fail(`could not unpack ${tarball}: ${untar.output}`);
  }
  rmSync(path.join(dir, tarball));
  return binary;
}

async function bundle(entry, outfile) {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    logLevel: 'warning',
    metafile: true,
    legalComments: 'eof',
    // V8 keeps the whole source in memory for lazy compilation, as two bytes per character once any
    // character is not Latin-1 (library comments carry math symbols): without comments and
    // indentation, and with non-ASCII escaped, it is ~1 MB instead of ~5 MB. Identifiers stay, so
    // stack traces still name our functions.
    minifyWhitespace: true,
    minifySyntax: true,
    charset: 'ascii',
    // ESM sources may read import.meta.url; in a CommonJS bundle it would be undefined.
    define: { 'import.meta.url': '__pmmImportMetaUrl' },
    banner: {
      js: [
        '// PMM Monitor data source backend: one bundle for a Node single executable application.',
        "delete process.env.NODE_OPTIONS; // Grafana's NODE_OPTIONS is not ours, nor our children's",
        "var __pmmImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
      ].join('\n'),
    },
    loader: { '.proto': 'text' },
  });
  const externals = Object.values(result.metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((imported) => imported.external && !isBuiltin(imported.path))
    .map((imported) => imported.path);
  if (externals.length > 0) {
    fail(`the bundle still requires ${[...new Set(externals)].join(', ')}: a SEA can load built-in modules only`);
  }
  return statSync(outfile).size;
}

function makeBlob(node, main, blob, useCodeCache, workDir) {
  const config = path.join(workDir, `sea-config-${useCodeCache ? 'host' : 'portable'}.json`);
  writeFileSync(
    config,
    JSON.stringify(
      {
        main,
        output: blob,
        disableExperimentalSEAWarning: true,
        useSnapshot: false,
        // V8's code cache is only valid on the platform that made it.
        useCodeCache,
        // Ignore NODE_OPTIONS. With the default ("env") a NODE_OPTIONS of `--require /missing.js`
        // stops the executable before our code runs; the handshake check below proves "none" works.
        execArgvExtension: 'none',
        // V8 set for a long-running plugin, not a batch job (issue 5: ≤ 150 MB while answering).
        // A query's live heap stays under ~50 MB, but by default V8 lets the young generation grow to
        // 3 × 16 MB and the old one to a quarter of the machine's memory before collecting hard: measured
        // 815 MiB peak answering every KPI over 30 days. One-megabyte semi-spaces and a 512 MB old-space
        // ceiling (ten times the largest live heap measured; the engine runs at most two queries at once)
        // keep the same answers in far less memory. (--optimize-for-size is set once the handshake is
        // out, by pkg/backend/process/favourMemory.ts: here it would slow every start by ~40 ms.)
        execArgv: [...V8_FLAGS],
      },
      null,
      2
    )
  );
  // V8 rejects a code cache made under flags other than the executable's (some are in its flag hash).
  const made = run(node.binary, [...V8_FLAGS, '--experimental-sea-config', config], { cwd: workDir });
  if (!made.ok || !existsSync(blob)) {
    fail(`node --experimental-sea-config failed: ${made.output}`);
  }
}

function strip(file, goArch) {
  for (const tool of TARGETS[goArch].stripTools) {
    const stripped = run(tool, ['--strip-all', file]);
    if (stripped.ok) {
      return tool;
    }
  }
  return undefined;
}

/** What Go's io.Copy moves at a time, so what Grafana's plugin installer writes a file in. */
const INSTALLER_WRITE_BYTES = 32 * 1024;

/**
 * Writes the finished executable the way Grafana's installer writes it from the plugin archive (in
 * 32 KiB pieces), not in one 106 MiB write as postject does. Why it matters: on recent kernels (6.18
 * here, ext4) one large write leaves the file in the page cache as large folios, and a fault on any
 * page of one maps the whole folio into the process. Same executable, same queries: 64–68 MiB of its
 * own file resident against 54 MiB once written in pieces, which is all of the difference in peak
 * RSS between "just built" and "installed" (docs/backend-memory.md). Written like this, what
 * `npm run bench` measures after `npm run build` is what an installed plugin costs.
 */
function writeAsInstalled(from, to) {
  const input = openSync(from, 'r');
  const output = openSync(to, 'w', 0o755);
  try {
    const piece = Buffer.alloc(INSTALLER_WRITE_BYTES);
    for (let read; (read = readSync(input, piece, 0, piece.length, null)) > 0; ) {
      for (let written = 0; written < read; ) {
        written += writeSync(output, piece, written, read - written);
      }
    }
  } finally {
    closeSync(input);
    closeSync(output);
  }
}

/** postject's ELF parser warns about every note section of Node's binary: harmless, and only noise. */
const POSTJECT_NOISE = /^warning: Can't find string offset for section name '\.note[^']*'$/;

function inject(file, blob) {
  const cli = path.join(path.dirname(require.resolve('postject/package.json')), 'dist', 'cli.js');
  const injected = spawnSync(process.execPath, [cli, file, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], {
    encoding: 'utf8',
    env: withoutNodeOptions(),
  });
  const output = `${injected.stdout}${injected.stderr}`
    .split('\n')
    .filter((line) => line.trim() && !POSTJECT_NOISE.test(line.trim()))
    .join('\n');
  if (injected.status !== 0) {
    fail(`postject failed: ${output || injected.error?.message}`);
  }
  if (!readFileSync(file).includes(Buffer.from(`${SEA_FUSE}:1`))) {
    fail(`${file}: the SEA fuse was not flipped`);
  }
}

/**
 * Starts an executable as Grafana does and resolves with the first stdout line and the time it took
 * from spawn. `env` is added to a copy of this process's environment plus the go-plugin variables.
 */
export function startLikeGrafana(executable, { env = {}, timeoutMs = 10_000, runner = [] } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const [command, ...args] = [...runner, executable];
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        grafana_plugin_type: 'datasource',
        PLUGIN_PROTOCOL_VERSIONS: '2',
        PLUGIN_MIN_PORT: '10000',
        PLUGIN_MAX_PORT: '25000',
        GF_VERSION: '12.4.10',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no handshake line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        resolve({ child, line: stdout.slice(0, newline), ms, stderr: () => stderr });
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? signal}) before the handshake; stderr: ${stderr.slice(-2000)}`));
    });
  });
}

/** Ends a started plugin with SIGTERM (SIGKILL after `graceMs`) and resolves when it has exited. */
export function stopPlugin(child, graceMs = 2000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.removeAllListeners('exit');
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export const HANDSHAKE_LINE = /^1\|2\|(unix|tcp)\|[^|]+\|grpc$/;

/** How to run another arch's executable here: qemu-user with that arch's libraries, when installed. */
export function emulatorFor(goArch) {
  const emulators = {
    arm64: ['qemu-aarch64', '-L', '/usr/aarch64-linux-gnu'],
    amd64: ['qemu-x86_64', '-L', '/usr/x86_64-linux-gnu'],
  };
  const emulator = emulators[goArch];
  if (!emulator || !existsSync(emulator[2]) || !run(emulator[0], ['--version']).ok) {
    return undefined;
  }
  return emulator;
}

async function verifyHandshake(executable, runner = []) {
  // A Node that honoured this NODE_OPTIONS would refuse to start ("Cannot find module").
  const poisoned = '--require /nonexistent/pmm-node-options-must-be-ignored.js';
  const { child, line, ms, stderr } = await startLikeGrafana(executable, {
    // Under qemu-user the executable's restart (execve of a foreign binary) cannot work, and Node aborts
    // on a failed execve: a GLIBC_TUNABLES already set makes it skip the restart.
    env: { NODE_OPTIONS: poisoned, ...(runner.length > 0 ? { GLIBC_TUNABLES: '' } : {}) },
    runner,
    timeoutMs: runner.length > 0 ? 60_000 : 10_000,
  });
  const serving = await logLine(stderr, /PMM Monitor backend serving/);
  await stopPlugin(child);
  if (!HANDSHAKE_LINE.test(line)) {
    fail(`${executable}: first stdout line is not a go-plugin handshake: ${JSON.stringify(line)}`);
  }
  // Run natively, the executable replaces itself once with malloc tuned (pkg/backend/process/).
  if (runner.length === 0 && process.platform === 'linux' && !/malloc tuned/.test(serving ?? '')) {
    fail(`${executable}: did not restart with malloc tuned; its start log: ${serving ?? stderr().slice(-1000)}`);
  }
  return ms;
}

/** The first stderr line matching `pattern`, waiting up to `timeoutMs` for it (stderr and stdout race). */
async function logLine(stderr, pattern, timeoutMs = 2_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = stderr()
      .split('\n')
      .find((line) => pattern.test(line));
    if (found || Date.now() > deadline) {
      return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function pluginExecutableName() {
  for (const file of ['src/datasource/plugin.json', 'dist/datasource/plugin.json']) {
    try {
      const executable = JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')).executable;
      if (typeof executable === 'string' && executable) {
        return executable;
      }
    } catch {
      // not there yet
    }
  }
  return 'gpx_pmm';
}

export async function buildBackend(options = {}) {
  const entry = path.resolve(ROOT, options.entry ?? 'pkg/backend/main.ts');
  const outDir = path.resolve(ROOT, options.outDir ?? 'dist/datasource');
  const arches = options.arches ?? ['amd64', 'arm64'];
  const cacheDir = path.join(ROOT, '.cache');
  if (!existsSync(entry)) {
    fail(`no backend entry at ${path.relative(ROOT, entry)}`);
  }
  for (const goArch of arches) {
    if (!TARGETS[goArch]) {
      fail(`unknown arch "${goArch}" (amd64, arm64)`);
    }
  }
  const node = findNodeBinary();
  const workDir = path.join(cacheDir, 'backend-build');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  mkdirSync(outDir, { recursive: true });

  const main = path.join(workDir, 'main.cjs');
  const bundleBytes = await bundle(entry, main);
  log(
    `bundled ${path.relative(ROOT, entry)} → ${(bundleBytes / 1e6).toFixed(1)} MB of CommonJS (Node ${node.version})`
  );

  const name = pluginExecutableName();
  const built = [];
  for (const goArch of arches) {
    const hostTarget = TARGETS[goArch].node === hostArchOf();
    let base;
    try {
      base = baseBinaryFor(goArch, node, cacheDir);
    } catch (error) {
      if (arches.length > 1 && !hostTarget) {
        log(`skipping linux_${goArch}: ${error.message}`);
        continue;
      }
      throw error;
    }
    const blob = path.join(workDir, hostTarget ? 'sea-host.blob' : 'sea-portable.blob');
    if (!existsSync(blob)) {
      makeBlob(node, main, blob, hostTarget, workDir);
    }
    const output = path.join(outDir, `${name}_linux_${goArch}`);
    const temp = `${output}.tmp-${process.pid}`;
    const staged = `${output}.new-${process.pid}`;
    let stripper;
    try {
      copyFileSync(base, temp);
      chmodSync(temp, 0o755);
      stripper = options.strip === false ? undefined : strip(temp, goArch);
      if (options.strip !== false && !stripper) {
        log(`linux_${goArch}: no strip tool for this arch here; left unstripped`);
      }
      inject(temp, blob);
      if (elfMachine(temp) !== TARGETS[goArch].elfMachine) {
        fail(`${temp}: ELF machine is not ${goArch}`);
      }
      writeAsInstalled(temp, staged);
      chmodSync(staged, 0o755);
      renameSync(staged, output);
    } finally {
      rmSync(temp, { force: true });
      rmSync(staged, { force: true });
    }
    const bytes = statSync(output).size;
    const sha256 = createHash('sha256').update(readFileSync(output)).digest('hex');
    let handshakeMs;
    const emulator = hostTarget ? [] : emulatorFor(goArch);
    if (options.verify !== false && emulator) {
      handshakeMs = await verifyHandshake(output, emulator);
    }
    log(
      `${path.relative(ROOT, output)}: ${(bytes / 2 ** 20).toFixed(1)} MiB` +
        (stripper ? `, stripped (${stripper})` : '') +
        (handshakeMs === undefined
          ? options.verify === false
            ? ', not run (--no-verify)'
            : ', not run (another arch, and no qemu-user here)'
          : `, handshake in ${handshakeMs.toFixed(0)} ms${emulator.length ? ` under ${emulator[0]}` : ''}, ` +
            'a hostile NODE_OPTIONS ignored')
    );
    built.push({ arch: goArch, file: output, bytes, sha256, handshakeMs, stripped: Boolean(stripper) });
  }
  return built;
}

const isMain = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({
    options: {
      entry: { type: 'string' },
      'out-dir': { type: 'string' },
      arch: { type: 'string' },
      'no-strip': { type: 'boolean', default: false },
      'no-verify': { type: 'boolean', default: false },
    },
    strict: true,
  });
  buildBackend({
    entry: values.entry,
    outDir: values['out-dir'],
    arches: values.arch?.split(',').map((a) => a.trim()),
    strip: !values['no-strip'],
    verify: !values['no-verify'],
  }).then(
    (built) => {
      if (built.length === 0) {
        process.exitCode = 1;
      }
    },
    (error) => {
      log(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    }
  );
}
