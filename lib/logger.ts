import { type Logger, pino } from 'pino'

export type { Logger }

/** Daemon logs: JSON lines on stderr (stdout belongs to the CLI). SHOAL_LOG_LEVEL overrides the level. */
export function createLogger(name: string, bindings: Record<string, unknown> = {}): Logger {
  return pino(
    {
      name,
      level: process.env['SHOAL_LOG_LEVEL'] ?? 'info',
      base: { pid: process.pid, ...bindings },
      // Config vars and tokens must never reach a log line, even by accident.
      redact: {
        paths: ['env', '*.env', 'token', '*.token', 'secret', '*.secret', 'psk', '*.psk'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  )
}

export const silentLogger: Logger = pino({ level: 'silent' })
