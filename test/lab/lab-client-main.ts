// The lab's HTTP client, run inside a lab namespace (`nsenter --net=... node lab-client-main.ts`): the root
// namespace has no route into the lab, so requests to routers and the API must start inside it. It stays up for
// the life of the lab and takes JSON commands on stdin, one per line, answering each on stdout (load-report.ts
// has the types), so a load loop runs here at full speed instead of spawning a process per request.

import { Agent, request } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { createInterface } from 'node:readline'
import { PinnedAgent } from '../../lib/pinned-tls.ts'
import {
  type ClientCommand,
  type ClientReply,
  type HttpRequestSpec,
  type HttpResult,
  type LoadSpec,
  type LoadTally,
  newTally,
  record,
  summarizeLoad,
} from './load-report.ts'

const MAX_BODY = 1024 * 1024

function send(reply: ClientReply): void {
  process.stdout.write(`${JSON.stringify(reply)}\n`)
}

function httpRequest(spec: HttpRequestSpec, agent: Agent | undefined): Promise<HttpResult> {
  const started = performance.now()
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10
  return new Promise((resolve) => {
    let settled = false
    const finish = (r: HttpResult) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(r)
    }
    const https = spec.url.startsWith('https:')
    const req = (https ? httpsRequest : request)(spec.url, {
      method: spec.method ?? 'GET',
      headers: spec.headers ?? {},
      ...(https ? { agent: new PinnedAgent(spec.pin ?? '') } : agent === undefined ? { agent: false } : { agent }),
    })
    // One deadline for the whole exchange (connect, first byte, body), like a client's overall timeout.
    const timer = setTimeout(() => {
      finish({ status: 0, headers: {}, body: '', ms: elapsed(), error: 'ETIMEDOUT' })
      req.destroy()
    }, spec.timeoutMs ?? 10_000)
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size <= MAX_BODY) chunks.push(c)
      })
      res.on('end', () =>
        finish({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: elapsed(),
        }),
      )
      res.on('error', (err: NodeJS.ErrnoException) =>
        finish({ status: 0, headers: {}, body: '', ms: elapsed(), error: err.code ?? err.message }),
      )
    })
    req.on('error', (err: NodeJS.ErrnoException) =>
      finish({ status: 0, headers: {}, body: '', ms: elapsed(), error: err.code ?? err.message }),
    )
    req.end(spec.body)
  })
}

interface RunningLoad {
  tally: LoadTally
  stopped: boolean
  done: Promise<void>
}

const loads = new Map<number, RunningLoad>()

/** A fixed arrival rate per step, each request sent on its own clock tick; answers are awaited in parallel. */
async function openLoop(spec: LoadSpec, tally: LoadTally, load: RunningLoad, agent: Agent | undefined): Promise<void> {
  const maxOutstanding = spec.maxOutstanding ?? 4000
  const inFlight = new Set<Promise<void>>()
  let next = 0
  let stepStart = performance.now()
  for (const step of spec.schedule ?? []) {
    const interval = 1000 / step.perS
    let sent = 0
    while (step.perS > 0) {
      if (load.stopped) break
      const due = stepStart + sent * interval
      if (due >= stepStart + step.forMs) break
      const wait = due - performance.now()
      if (wait > 1) await new Promise((r) => setTimeout(r, wait))
      sent++
      const target = spec.targets[next++ % spec.targets.length] as string
      const at = Date.now()
      if (inFlight.size >= maxOutstanding) {
        record(tally, target, at, { status: 0, headers: {}, body: '', ms: 0, error: 'client_backlog' })
        continue
      }
      const p = httpRequest(
        { url: target, method: spec.method ?? 'GET', headers: spec.headers ?? {}, timeoutMs: spec.timeoutMs ?? 30_000 },
        agent,
      ).then((result) => {
        record(tally, target, at, result)
        inFlight.delete(p)
      })
      inFlight.add(p)
    }
    stepStart += step.forMs
  }
  await Promise.all(inFlight)
}

function startLoad(id: number, spec: LoadSpec): void {
  if (spec.targets.length === 0) {
    send({ id, error: 'Cannot run a load loop: no targets' })
    return
  }
  if (spec.schedule !== undefined) {
    const agent = spec.keepAlive === false ? undefined : new Agent({ keepAlive: true, maxSockets: 1024 })
    const load: RunningLoad = { tally: newTally(Date.now()), stopped: false, done: Promise.resolve() }
    load.done = openLoop(spec, load.tally, load, agent).finally(() => agent?.destroy())
    loads.set(id, load)
    load.done.then(
      () => {
        loads.delete(id)
        send({ id, report: summarizeLoad(load.tally, Date.now()) })
      },
      (err: unknown) => send({ id, error: String(err) }),
    )
    return
  }
  const keepAlive = spec.keepAlive ?? true
  const concurrency = Math.max(1, spec.concurrency ?? 4)
  const agent = keepAlive ? new Agent({ keepAlive: true, maxSockets: concurrency }) : undefined
  const tally = newTally(Date.now())
  const deadline = spec.durationMs === undefined ? Number.POSITIVE_INFINITY : tally.startedAt + spec.durationMs
  const load: RunningLoad = { tally, stopped: false, done: Promise.resolve() }
  let issued = 0
  let next = 0
  const loop = async (): Promise<void> => {
    for (;;) {
      if (load.stopped || Date.now() >= deadline) return
      if (spec.requests !== undefined && issued >= spec.requests) return
      issued++
      const target = spec.targets[next++ % spec.targets.length] as string
      const at = Date.now()
      const result = await httpRequest(
        {
          url: target,
          method: spec.method ?? 'GET',
          headers: spec.headers ?? {},
          timeoutMs: spec.timeoutMs ?? 10_000,
        },
        agent,
      )
      let key: string | undefined
      if (spec.tallyHeader !== undefined && result.status > 0) {
        key = String(result.headers[spec.tallyHeader.toLowerCase()] ?? '(none)')
      } else if (spec.tallyBody === true && result.status > 0) {
        key = result.body.trim().slice(0, 200)
      }
      record(tally, target, at, result, key)
      if (spec.pauseMs !== undefined && spec.pauseMs > 0) await new Promise((r) => setTimeout(r, spec.pauseMs))
    }
  }
  load.done = Promise.all(Array.from({ length: concurrency }, loop)).then(() => {
    agent?.destroy()
  })
  loads.set(id, load)
  load.done.then(
    () => {
      loads.delete(id)
      send({ id, report: summarizeLoad(tally, Date.now()) })
    },
    (err: unknown) => send({ id, error: String(err) }),
  )
}

function handle(cmd: ClientCommand): void {
  switch (cmd.op) {
    case 'request':
      httpRequest(cmd.spec, undefined).then((result) => send({ id: cmd.id, result }))
      return
    case 'load':
      startLoad(cmd.id, cmd.spec)
      return
    case 'progress': {
      const load = loads.get(cmd.load)
      if (load === undefined) send({ id: cmd.id, error: `No load loop ${cmd.load} is running` })
      else send({ id: cmd.id, report: summarizeLoad(load.tally, Date.now()) })
      return
    }
    case 'stop': {
      const load = loads.get(cmd.load)
      if (load !== undefined) load.stopped = true
      // The loop's own reply carries the final report; this one only acknowledges.
      send({ id: cmd.id, result: { status: 0, headers: {}, body: '', ms: 0 } })
      return
    }
  }
}

const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  if (line.trim() === '') return
  let cmd: ClientCommand
  try {
    cmd = JSON.parse(line) as ClientCommand
  } catch {
    send({ id: -1, error: `Cannot parse command: ${line.slice(0, 100)}` })
    return
  }
  handle(cmd)
})
// The lab closes stdin to end the client; whatever is in flight is abandoned.
lines.on('close', () => process.exit(0))
