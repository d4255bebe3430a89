// Log lines in Logplex's format: `2026-11-26T15:00:00.123456+00:00 app[web.1]: message` — an RFC 5424 timestamp in
// UTC with microseconds and an explicit `+00:00`, then `source[dyno]: message`.
//
// Sources and dynos, and how they map from Heroku's:
//   app[web.1]       a dyno's stdout/stderr                        (Heroku: app[web.1])
//   shoal[web.1]     the platform about a dyno: state changes, R10… (Heroku: heroku[web.1])
//   shoal[router]    one line per request from the router           (Heroku: heroku[router])
//   app[api]         API events: releases, config, scaling          (Heroku: app[api])
//   shoal[logplex]   the log system itself: L10 drop notices        (Heroku: heroku[logplex])
// Platform lines say `shoal` where Heroku says `heroku`: the lines are ours, and `--source shoal` then reads as what it
// selects. Everything else — dyno names, the message texts, the timestamp shape — is Heroku's, so tools that parse
// Heroku logs read these too once they accept `shoal` where they expect `heroku`.

import type { LogSource } from '../proto/api.ts'
import type { LogLine } from '../proto/codec.ts'

export type { LogSource }

/** Logplex's limit on one message: longer output is split into several lines. */
export const MAX_MESSAGE_BYTES = 10_000

/** A log line with every field present: what producers build and the hub stores. */
export interface LogLineInput {
  app: string
  /** Unix time in microseconds. */
  atUs: number
  source: LogSource
  /** web.1, run.4, router, api, logplex */
  dyno: string
  message: string
  /** The peer id of the host that produced the line; the hub overwrites it with the sender's id. */
  hostId?: string
}

/** Unix microseconds from a millisecond clock (shoal's clocks tick in ms; the µs digits are then 000). */
export function microsFromMs(ms: number): number {
  return Math.floor(ms) * 1000
}

/** `2026-11-26T15:00:00.123456+00:00` */
export function formatTimestamp(atUs: number): string {
  const us = Math.max(0, Math.floor(atUs))
  const seconds = Math.floor(us / 1_000_000)
  const fraction = us - seconds * 1_000_000
  const iso = new Date(seconds * 1000).toISOString() // YYYY-MM-DDTHH:MM:SS.000Z
  return `${iso.slice(0, 19)}.${String(fraction).padStart(6, '0')}+00:00`
}

/** One line as `shoal logs` prints it. */
export function formatLogLine(line: LogLine): string {
  return `${formatTimestamp(Number(line.atUs ?? 0))} ${line.source || 'app'}[${line.dyno || 'unknown'}]: ${line.message ?? ''}`
}

/** The process type of a dyno name: web.1 → web, run.4520 → run, router → router. */
export function parseProcessType(dyno: string): string {
  const dot = dyno.lastIndexOf('.')
  return dot > 0 && /^\d+$/.test(dyno.slice(dot + 1)) ? dyno.slice(0, dot) : dyno
}

/** Splits a message into pieces of at most maxBytes UTF-8 bytes, never inside a character. */
export function splitLong(message: string, maxBytes: number = MAX_MESSAGE_BYTES): string[] {
  const bytes = Buffer.from(message, 'utf8')
  if (bytes.length <= maxBytes) return [message]
  const parts: string[] = []
  let start = 0
  while (start < bytes.length) {
    let end = Math.min(start + maxBytes, bytes.length)
    // Step back over continuation bytes (10xxxxxx) so a multi-byte character stays whole.
    if (end < bytes.length) {
      let cut = end
      while (cut > start && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut--
      if (cut > start) end = cut
    }
    parts.push(bytes.subarray(start, end).toString('utf8'))
    start = end
  }
  return parts
}

/**
 * Makes messages fit the one-line format: a message with newlines becomes one line per newline-separated part (a
 * trailing \r dropped, as a terminal would show it), and each part over maxBytes is split.
 */
export function normalizeMessage(message: string, maxBytes: number = MAX_MESSAGE_BYTES): string[] {
  const parts = message.split('\n')
  if (parts.length > 1 && parts.at(-1) === '') parts.pop()
  return parts.flatMap((p) => splitLong(p.endsWith('\r') ? p.slice(0, -1) : p, maxBytes))
}

/** A dyno's own output: `app[web.1]`. */
export function appLine(app: string, dyno: string, message: string, atUs: number): LogLineInput {
  return { app, atUs, source: 'app', dyno, message }
}

/** The platform speaking about a dyno: `shoal[web.1]: State changed from starting to up`. */
export function systemLine(app: string, dyno: string, message: string, atUs: number): LogLineInput {
  return { app, atUs, source: 'shoal', dyno, message }
}

/** A router line: `shoal[router]: at=info method=GET …`. */
export function routerLine(app: string, message: string, atUs: number): LogLineInput {
  return { app, atUs, source: 'shoal', dyno: 'router', message }
}

/** An API event: `app[api]: Release v3 created by user admin`. */
export function apiLine(app: string, message: string, atUs: number): LogLineInput {
  return { app, atUs, source: 'app', dyno: 'api', message }
}

/** Heroku's drop notice: `shoal[logplex]: Error L10 (output buffer overflow): 12 messages dropped since …`. */
export function overflowLine(app: string, dropped: number, sinceUs: number, atUs: number): LogLineInput {
  return {
    app,
    atUs,
    source: 'shoal',
    dyno: 'logplex',
    message: `Error L10 (output buffer overflow): ${dropped} messages dropped since ${formatTimestamp(sinceUs)}.`,
  }
}
