import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { formatDrains } from '../../cli/commands/drains-commands.ts'
import { DrainManager } from '../../controller/logs/drains/drain-manager.ts'
import { DrainSender } from '../../controller/logs/drains/drain-sender.ts'
import { DrainService, MAX_DRAINS } from '../../controller/logs/drains/drain-service.ts'
import { DrainError, type DrainTransport, type SendOutcome } from '../../controller/logs/drains/drain-transport.ts'
import { parseDrainUrl } from '../../controller/logs/drains/drain-url.ts'
import { octetFrame, syslogFrame, syslogMessage } from '../../controller/logs/drains/syslog-frame.ts'
import { LogHub } from '../../controller/logs/log-hub.ts'
import { RingJournal } from '../../controller/logs/ring-journal.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { appLine, type LogLineInput, routerLine } from '../../lib/log-format.ts'
import { silentLogger } from '../../lib/logger.ts'
import { ShoalError } from '../../proto/errors.ts'

const T = Date.UTC(2026, 11, 7, 1, 2, 3) * 1000 + 456_789
const TOKEN = 'd.0c5ce4fd-2f37-4c6a-9d5a-000000000001'
const line = (i: number, app = 'myapp'): LogLineInput => appLine(app, 'web.1', `line ${i}`, T + i)
const flush = (): Promise<void> => new Promise((r) => setImmediate(r))

/** A transport that records batches and answers as scripted; a pending answer holds the sender's loop. */
class ScriptedTransport implements DrainTransport {
  readonly batches: string[][] = []
  next: Array<SendOutcome | Error> = []
  hold: Promise<void> | undefined
  async send(frames: string[]): Promise<SendOutcome> {
    this.batches.push(frames)
    if (this.hold !== undefined) await this.hold
    const answer = this.next.shift() ?? 'delivered'
    if (answer instanceof Error) throw answer
    return answer
  }
  close(): void {}
}

describe('drain URLs', () => {
  it('accepts syslog, syslog+tls with a port and https, and refuses the rest with INVALID_INPUT', () => {
    assert.deepEqual(parseDrainUrl('syslog://logs.example.com:514'), {
      kind: 'syslog',
      url: 'syslog://logs.example.com:514',
      host: 'logs.example.com',
      port: 514,
    })
    assert.equal(parseDrainUrl('syslog+tls://127.0.0.1:6514').kind, 'syslog+tls')
    assert.equal(parseDrainUrl('https://user:pw@example.com/drain?x=1').port, 443)
    for (const bad of ['http://example.com', 'syslog://example.com', 'nonsense', '', 'syslog://h:1/path', 42]) {
      assert.throws(
        () => parseDrainUrl(bad),
        (e: unknown) => e instanceof ShoalError && e.code === 'INVALID_INPUT',
        String(bad),
      )
    }
  })
})

describe('syslog framing', () => {
  it('writes RFC 5424 with the drain token as HOSTNAME and RFC 6587 octet counts in UTF-8 bytes', () => {
    const app = appLine('myapp', 'web.1', 'héllo', T)
    assert.equal(syslogMessage(app, TOKEN), `<190>1 2026-12-07T01:02:03.456789+00:00 ${TOKEN} app web.1 - héllo`)
    const router = routerLine('myapp', 'at=info status=200', T)
    assert.equal(syslogMessage(router, TOKEN).slice(0, 6), '<189>1')
    assert.match(syslogMessage(router, TOKEN), / shoal router - at=info status=200$/)
    const msg = syslogMessage(app, TOKEN)
    assert.equal(syslogFrame(app, TOKEN), `${Buffer.byteLength(msg)} ${msg}`)
    assert.equal(octetFrame('é'), '2 é')
  })
})

describe('DrainSender', () => {
  it('batches lines, retries failures with doubling back-off and reports the error once per interval', async () => {
    const clock = new ManualClock(T / 1000)
    const transport = new ScriptedTransport()
    const notices: string[] = []
    const sender = new DrainSender({
      token: TOKEN,
      transport,
      clock,
      retryMinMs: 100,
      retryMaxMs: 400,
      noticeEveryMs: 1000,
      onNotice: (_k, text) => notices.push(text),
    })
    transport.next = [new DrainError('ECONNREFUSED'), new DrainError('ECONNREFUSED'), new DrainError('ECONNREFUSED')]
    sender.enqueue(line(1))
    sender.enqueue(line(2))
    await flush()
    assert.equal(transport.batches.length, 1)
    assert.equal(transport.batches[0]?.length, 2, 'lines of one tick go in one batch')
    assert.deepEqual(notices, [`Error L13 (drain delivery error): drain ${TOKEN}: ECONNREFUSED`])
    clock.advance(99)
    await flush()
    assert.equal(transport.batches.length, 1, 'no retry before the back-off')
    clock.advance(1)
    await flush()
    assert.equal(transport.batches.length, 2)
    clock.advance(199)
    await flush()
    assert.equal(transport.batches.length, 2, 'back-off doubled to 200 ms')
    clock.advance(1)
    await flush()
    assert.equal(transport.batches.length, 3)
    clock.advance(400)
    await flush()
    assert.equal(transport.batches.length, 4)
    assert.equal(sender.pending, 0, 'delivered at last')
    assert.equal(notices.length, 1, 'one error notice per interval')
  })

  it('drops what does not fit, says how many since when (L10), and carries on without blocking', async () => {
    const clock = new ManualClock(T / 1000)
    const transport = new ScriptedTransport()
    let release = (): void => {}
    transport.hold = new Promise((r) => {
      release = r
    })
    const notices: string[] = []
    let dropped = 0
    const sender = new DrainSender({
      token: TOKEN,
      transport,
      clock,
      capacity: 3,
      noticeEveryMs: 1000,
      onNotice: (_k, text) => notices.push(text),
      onDropped: (n) => {
        dropped += n
      },
    })
    for (let i = 0; i < 10; i++) sender.enqueue(line(i))
    assert.equal(sender.pending, 3)
    assert.equal(dropped, 7)
    assert.deepEqual(notices, [], 'told once per interval, not per line')
    clock.advance(1000)
    assert.deepEqual(notices, [
      'Error L10 (output buffer overflow): 7 messages dropped since 2026-12-07T01:02:03.456792+00:00.',
    ])
    transport.hold = undefined
    release()
    await flush()
    await flush()
    assert.equal(sender.pending, 0)
  })

  it('drops a batch the drain refuses (4xx) and counts it', async () => {
    const transport = new ScriptedTransport()
    transport.next = ['rejected']
    const notices: string[] = []
    const sender = new DrainSender({ token: TOKEN, transport, onNotice: (_k, t) => notices.push(t) })
    sender.enqueue(line(1))
    await flush()
    await flush()
    assert.equal(sender.pending, 0)
    assert.match(notices[0] ?? '', /^Error L10 \(output buffer overflow\): 1 messages dropped since /)
  })
})

describe('DrainService and DrainManager', () => {
  it('keeps at most 5 drains per app, refuses duplicates and removes by token or URL', async () => {
    const service = new DrainService({ store: new MemoryStore() })
    const made = []
    for (let i = 0; i < MAX_DRAINS; i++)
      made.push(await service.add('myapp', `syslog://127.0.0.1:${1000 + i}`, undefined))
    assert.match(made[0]?.token ?? '', /^d\.[0-9a-f-]{36}$/)
    await assert.rejects(service.add('myapp', 'syslog://127.0.0.1:2000', undefined), { code: 'INVALID_INPUT' })
    await assert.rejects(service.add('myapp', 'syslog://127.0.0.1:1000', undefined), { code: 'CONFLICT' })
    await service.add('other', 'syslog://127.0.0.1:1000', undefined)
    await service.remove('myapp', made[0]?.token ?? '')
    await service.remove('myapp', 'syslog://127.0.0.1:1001')
    await assert.rejects(service.remove('myapp', 'syslog://127.0.0.1:1001'), { code: 'NOT_FOUND' })
    assert.equal((await service.list('myapp')).length, 3)
    await assert.rejects(service.add('myapp', 'syslog://127.0.0.1:1002', undefined), { code: 'CONFLICT' })
    assert.equal((await service.list(null)).length, 0, 'cluster drains are separate')
    assert.equal(formatDrains('⬢ myapp', []), 'There are no drains on ⬢ myapp')
  })

  it('sends app lines to the app drains and every line to cluster drains, following the store', async () => {
    const store = new MemoryStore()
    const hub = new LogHub()
    const service = new DrainService({ store })
    const manager = new DrainManager({ store, hub, logger: silentLogger })
    await service.add('myapp', 'syslog://127.0.0.1:9', undefined)
    await manager.start()
    await service.add(null, 'syslog://127.0.0.1:10', undefined)
    await flush()
    const running = manager.running()
    assert.equal(running.length, 2)
    assert.deepEqual(running.map((r) => r.app).sort(), ['myapp', null].sort())
    manager.stop()
  })
})

describe('RingJournal', () => {
  it('restores the newest lines after a restart, compacts past twice the capacity, and forgets a dropped app', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoal-journal-'))
    try {
      const clock = new ManualClock(0)
      const hub = new LogHub({ capacity: 10, clock })
      const journal = new RingJournal({ dir, hub, logger: silentLogger, clock })
      await journal.start()
      for (let i = 0; i < 25; i++) hub.append(line(i))
      hub.append(line(0, 'other'))
      await journal.flush()
      const file = readFileSync(join(dir, 'myapp.jsonl'), 'utf8').trim().split('\n')
      assert.ok(file.length <= 20, `file holds at most 2 × capacity lines, has ${file.length}`)
      for (let i = 25; i < 28; i++) hub.append(line(i))
      await journal.stop()

      const hub2 = new LogHub({ capacity: 10, clock })
      const seen: string[] = []
      hub2.listen((l) => seen.push(l.message))
      const journal2 = new RingJournal({ dir, hub: hub2, logger: silentLogger, clock })
      await journal2.start()
      assert.deepEqual(
        hub2.recent('myapp', { num: 10 }).map((l) => l.message),
        Array.from({ length: 10 }, (_, i) => `line ${18 + i}`),
      )
      assert.equal(hub2.recent('other').length, 1)
      assert.deepEqual(seen, [], 'restored lines are not handed to listeners (drains had them)')
      await journal2.drop('other')
      await journal2.stop()
      assert.throws(() => readFileSync(join(dir, 'other.jsonl')))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
