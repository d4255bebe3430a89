// `shoal deploy` streams tar's output; the stream must hold it even when tar has exited before anyone reads (an HA
// deploy first asks which controller leads), and a failing tar must not pass for a whole archive.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { text } from 'node:stream/consumers'
import { describe, it } from 'node:test'
import { childOutput } from '../../cli/commands/deploy-commands.ts'

describe('childOutput', () => {
  it('keeps the output of a child that exited before it was read', async () => {
    const child = spawn('printf', ['%s', 'the whole archive'], { stdio: ['ignore', 'pipe', 'inherit'] })
    const out = childOutput(child, 'test')
    await once(child, 'close')
    // Node drops an unread child's output on the tick after it exits: give it that tick, then read.
    await new Promise((r) => setImmediate(r))
    assert.equal(await text(out), 'the whole archive')
  })

  it('errors the stream when the child fails, naming it', async () => {
    const child = spawn('sh', ['-c', 'printf partial; exit 3'], { stdio: ['ignore', 'pipe', 'inherit'] })
    await assert.rejects(text(childOutput(child, 'deploy x')), /Cannot deploy x: sh exited 3/)
  })
})
