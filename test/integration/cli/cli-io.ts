import { Writable } from 'node:stream';
import type { CliIo } from '../../../src/cli/main.js';

/** In-memory stdout/stderr for runCli, with the text written so far. */
export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

export function captureIo(env: NodeJS.ProcessEnv): CapturedIo {
  const sink = () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer | string, _enc, cb) {
        chunks.push(chunk.toString());
        cb();
      },
    });
    return { stream, text: () => chunks.join('') };
  };
  const stdout = sink();
  const stderr = sink();
  return { env, stdout: stdout.stream, stderr: stderr.stream, out: stdout.text, err: stderr.text };
}
