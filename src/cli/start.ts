/** `celigo-bot start`: the same entry as `npm start` (src/main.ts), which handles SIGTERM. */
import { loadConfig } from '../config.js';
import type { CliIo } from './output.js';

export async function startCommand(io: CliIo): Promise<number> {
  // Validate first so a settings problem is reported on this command's stderr with exit 1 (runCli prints it).
  loadConfig(io.env);
  const { main } = await import('../main.js');
  await main(io.env);
  return 0;
}
