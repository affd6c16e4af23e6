/**
 * `npm run package [-- --dist DIR] [--out DIR]`: zips the built plugin (dist/) into Grafana's archive
 * layout — one root folder named after the app's id, the nested data source and panel inside, the
 * backend executables at 0755 — then runs the offline validator checks on the archive and fails on an
 * error. `npm run package -- --validate FILE` checks an existing archive only.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { validateArchive, type Finding } from './validate';
import { readZip, writeZip, type ZipInput } from './zip';

const ROOT = path.join(__dirname, '../../..');

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? [`${full}/`, ...walk(full)] : [full];
    });
}

/** The archive's entries: every file of dist under `<id>/`, executables 0755, everything else 0644. */
export function archiveInputs(dist: string, id: string): ZipInput[] {
  return [
    { name: `${id}/`, mode: 0o755, mtime: statSync(dist).mtime },
    ...walk(dist).map((file) => {
      const relative = path.relative(dist, file).split(path.sep).join('/');
      const stat = statSync(file);
      if (file.endsWith('/')) {
        return { name: `${id}/${relative}/`, mode: 0o755, mtime: stat.mtime };
      }
      const executable = (stat.mode & 0o111) !== 0;
      return {
        name: `${id}/${relative}`,
        data: readFileSync(file),
        mode: executable ? 0o755 : 0o644,
        mtime: stat.mtime,
      };
    }),
  ];
}

export async function packagePlugin(dist: string, outDir: string): Promise<string> {
  const pluginFile = path.join(dist, 'plugin.json');
  if (!existsSync(pluginFile)) {
    throw new Error(`${pluginFile} is missing: run \`npm run build\` first`);
  }
  const plugin = JSON.parse(readFileSync(pluginFile, 'utf8')) as { id: string; info: { version: string } };
  mkdirSync(outDir, { recursive: true });
  const archive = path.join(outDir, `${plugin.id}-${plugin.info.version}.zip`);
  await writeZip(archive, archiveInputs(dist, plugin.id));
  return archive;
}

export function printFindings(findings: Finding[], write: (line: string) => void): number {
  for (const finding of findings) {
    write(`${finding.severity.padEnd(7)} ${finding.check.padEnd(17)} ${finding.message}`);
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  write(`${errors} errors, ${warnings} warnings`);
  return errors;
}

export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dist: { type: 'string', default: path.join(ROOT, 'dist') },
      out: { type: 'string', default: path.join(ROOT, 'artifacts') },
      validate: { type: 'string' },
    },
    strict: true,
  });
  const archive = values.validate ?? (await packagePlugin(values.dist, values.out));
  const size = statSync(archive).size;
  process.stdout.write(`${path.relative(process.cwd(), archive)} (${(size / 2 ** 20).toFixed(1)} MiB)\n`);
  const errors = printFindings(validateArchive(await readZip(archive), path.basename(archive)), (line) =>
    process.stdout.write(`${line}\n`)
  );
  return errors === 0 ? 0 : 1;
}
