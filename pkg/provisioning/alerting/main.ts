/**
 * `npm run generate:alerts [-- --check]`: writes provisioning/alerting's rules (`pmm-monitor alerts` for the
 * demo data source, generate.ts), or checks they are current.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { ALERT_RULES_FILE, generateAlertRulesFile } from './generate';

async function main(args: string[]): Promise<number> {
  const content = await generateAlertRulesFile();
  const relative = path.relative(process.cwd(), ALERT_RULES_FILE);
  const current = existsSync(ALERT_RULES_FILE) ? readFileSync(ALERT_RULES_FILE, 'utf8') : undefined;
  if (args.includes('--check')) {
    if (current !== content) {
      process.stderr.write(`${relative} is stale: run \`npm run generate:alerts\`\n`);
      return 1;
    }
    process.stdout.write(`${relative} is current\n`);
    return 0;
  }
  mkdirSync(path.dirname(ALERT_RULES_FILE), { recursive: true });
  writeFileSync(ALERT_RULES_FILE, content);
  const rules = (content.match(/^ {6}- uid: /gm) ?? []).length;
  process.stdout.write(`${current === content ? 'unchanged' : 'wrote'} ${relative} (${rules} rules)\n`);
  return 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
