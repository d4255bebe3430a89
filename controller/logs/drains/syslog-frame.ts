// Log lines as Logplex sends them to drains: RFC 5424 syslog messages framed by RFC 6587 octet counting.
//
//   <190>1 2026-12-07T00:45:29.123456+00:00 d.0c5c… app web.1 - hello
//   PRI    TIMESTAMP                        HOSTNAME APP-NAME PROCID MSGID SD MSG
//
// HOSTNAME is the drain token (Logplex does the same, so a receiver can tell drains apart), APP-NAME the source
// (`app` for a dyno's output and API events, `shoal` for platform and router lines), PROCID the dyno, MSGID and
// STRUCTURED-DATA are `-`. PRI: app lines are local7.info (190, as Heroku's), platform lines local7.notice (189).

import { formatTimestamp, type LogLineInput } from '../../../lib/log-format.ts'

const APP_PRI = 190
const PLATFORM_PRI = 189
// RFC 5424 PRINTUSASCII fields: anything outside 33..126 would break a receiver's parser.
const SAFE = /[^\x21-\x7e]/g

function field(value: string, max: number): string {
  const cleaned = value.replace(SAFE, '_').slice(0, max)
  return cleaned === '' ? '-' : cleaned
}

/** One RFC 5424 message (without framing). */
export function syslogMessage(line: LogLineInput, token: string): string {
  const pri = line.source === 'app' ? APP_PRI : PLATFORM_PRI
  return `<${pri}>1 ${formatTimestamp(line.atUs)} ${field(token, 255)} ${field(line.source, 48)} ${field(line.dyno, 128)} - ${line.message}`
}

/** RFC 6587 octet counting: `LEN SP MSG`, LEN counting the message's UTF-8 bytes. */
export function octetFrame(message: string): string {
  return `${Buffer.byteLength(message, 'utf8')} ${message}`
}

export function syslogFrame(line: LogLineInput, token: string): string {
  return octetFrame(syslogMessage(line, token))
}
