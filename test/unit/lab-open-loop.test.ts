// The lab client's open-loop mode: requests go out at the scheduled rate however slowly the server answers (a
// closed loop of 4 would manage 4 / 0.3 s ≈ 13 requests per second here), and every answer is counted.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, it } from 'node:test'
import type { LoadReport } from '../lab/load-report.ts'

describe('lab client open loop', () => {
  it('sends at the scheduled rate regardless of response time', async () => {
    let served = 0
    const server = createServer((_req, res) => {
      served++
      setTimeout(() => res.end('ok'), 300)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'lab', 'lab-client-main.ts')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    try {
      const lines = createInterface({ input: child.stdout })
      const reply = new Promise<{ id: number; report: LoadReport }>((resolve) => {
        lines.on('line', (l) => resolve(JSON.parse(l)))
      })
      const schedule = [
        { forMs: 1000, perS: 40 },
        { forMs: 500, perS: 0 },
        { forMs: 1000, perS: 20 },
      ]
      child.stdin.write(`${JSON.stringify({ id: 1, op: 'load', spec: { targets: [url], schedule } })}\n`)
      const { report } = await reply
      assert.equal(report.requests, 60)
      assert.equal(report.ok, 60)
      assert.equal(served, 60)
      assert.ok(report.latencyMs.p50 >= 290, `p50 ${report.latencyMs.p50}`)
      assert.ok(report.durationMs < 4000, `took ${report.durationMs} ms`)
    } finally {
      child.stdin.end()
      server.close()
    }
  })
})
