// Pipes a dyno's stdout and stderr into log lines (source `app`, like Heroku's `app[web.1]`).

import type { OutputStreams } from '../docker/docker-client.ts'
import { LineSplitter } from './output-lines.ts'

export function pipeOutput(streams: OutputStreams, emit: (message: string) => void): void {
  for (const stream of [streams.stdout, streams.stderr]) {
    const lines = new LineSplitter(emit)
    stream.on('data', (chunk: Buffer | string) => lines.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk))
    stream.once('end', () => lines.end())
    // A broken log stream must not take the agent down; the dyno itself is unaffected.
    stream.on('error', () => lines.end())
  }
}
