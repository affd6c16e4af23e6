/** `pmm-monitor`: the command line of PMM Monitor. One module per command under commands/. */
import { alertsCommand, alertsUsage } from './commands/alerts';
import { catalogueCommand, catalogueUsage } from './commands/catalogue';
import { demoCommand, demoUsage } from './commands/demo';
import { kpisCommand, kpisUsage } from './commands/kpis';
import { EXIT, type CliIo } from './io';

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  alerts: { run: alertsCommand, usage: alertsUsage },
  catalogue: { run: catalogueCommand, usage: catalogueUsage },
  demo: { run: demoCommand, usage: demoUsage },
  kpis: { run: kpisCommand, usage: kpisUsage },
};

const usage = `usage: pmm-monitor <command> [options]

commands:
${Object.values(COMMANDS)
  .map((command) => command.usage.replace(/^/gm, '  '))
  .join('\n')}
`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out.write(usage);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err.write(`pmm-monitor: unknown command "${name}"\n\n${usage}`);
    return EXIT.usage;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // parseArgs and config readers throw plain errors about what the user typed: show them, not a stack.
    io.err.write(`pmm-monitor ${name}: ${message}\n\n${command.usage}\n`);
    return EXIT.usage;
  }
}
