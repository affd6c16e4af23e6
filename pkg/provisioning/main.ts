/** `npm run generate:provisioning [-- --check]`: writes the generated provisioning files, or checks they are current. */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { DASHBOARDS_DIR, ROOT, generatedFiles } from './files';

async function main(args: string[]): Promise<number> {
  const files = await generatedFiles();
  const expected = new Set(files.map((file) => path.join(ROOT, file.path)));
  // A dashboard that is no longer generated must go too, or the app keeps shipping it.
  const strays = existsSync(DASHBOARDS_DIR)
    ? readdirSync(DASHBOARDS_DIR)
        .map((name) => path.join(DASHBOARDS_DIR, name))
        .filter((file) => !expected.has(file))
    : [];
  const stale = files.filter((file) => {
    const absolute = path.join(ROOT, file.path);
    return !existsSync(absolute) || readFileSync(absolute, 'utf8') !== file.content;
  });
  if (args.includes('--check')) {
    for (const file of [...stale.map((f) => f.path), ...strays.map((f) => path.relative(ROOT, f))]) {
      process.stderr.write(`${file} is stale: run \`npm run generate:provisioning\`\n`);
    }
    return stale.length + strays.length === 0 ? 0 : 1;
  }
  for (const file of stale) {
    const absolute = path.join(ROOT, file.path);
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, file.content);
  }
  strays.forEach((file) => rmSync(file));
  process.stdout.write(
    `${files.length} files: ${stale.length} written, ${strays.length} removed, ${files.length - stale.length} unchanged\n`
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`generate:provisioning: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
);
