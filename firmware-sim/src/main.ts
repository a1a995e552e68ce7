#!/usr/bin/env node
// `npm run sim -- <command>`: the device simulator's entry point. Ctrl-C stops the scenario, then
// every device says goodbye (offline status) and the seq counters are saved; a second Ctrl-C quits.
import { parseSettings, USAGE, UsageError, type Command } from './cli.js';
import { chaosCommand, dayCommand, loadCommand, provisionCommand, type CommandContext } from './commands.js';
import { createReporter } from './reporter.js';

const COMMANDS: Record<Command, (context: CommandContext) => Promise<number>> = {
  provision: provisionCommand,
  day: dayCommand,
  load: loadCommand,
  chaos: chaosCommand,
};

function stopOnSignals(controller: AbortController): void {
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    console.error(`\n${signal}: stopping (devices go offline, counters are saved); again to quit at once`);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<number> {
  let settings;
  try {
    settings = parseSettings(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`firmware-sim: ${(error as Error).message}\nRun with --help for usage.`);
    return 2;
  }
  if (settings === undefined) {
    console.log(USAGE);
    return 0;
  }
  const controller = new AbortController();
  stopOnSignals(controller);
  return COMMANDS[settings.command]({ settings, reporter: createReporter(settings.output), signal: controller.signal });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`firmware-sim: ${error.message}`);
    else console.error(`firmware-sim: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
