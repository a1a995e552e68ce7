// `npm start` runs this: Cantine on embedded defaults, or on the engines the environment names.
import { Logger } from '@nestjs/common';
import { startCantine } from './cantine.js';
import { loadConfig } from './infra/config/app-config.js';
import { ConfigError } from './infra/config/config-error.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env, process.stdout.isTTY);
  const cantine = await startCantine(config);
  new Logger('Cantine').log(cantine.readyLine);
}

main().catch((error: unknown) => {
  // A configuration problem is one line naming the variable; anything else keeps its stack.
  if (error instanceof ConfigError) console.error(`Cantine cannot start: ${error.message}`);
  else console.error('Cantine cannot start:', error);
  process.exit(1);
});
