// The behaviour of the Docker engine the dyno runtime relies on, as one suite that runs against the fake used by the
// unit tests (test/unit/docker-contract-fake.test.ts) and against the real engine (test/e2e/docker-contract.test.ts),
// as store-contract.ts does for the stores: the fake is proven, not trusted.

import assert from 'node:assert/strict'
import type { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import type { ContainerSpec, DockerClient } from '../../agent/docker/docker-client.ts'
import type { ManagerDocker } from '../../agent/dynos/dyno-manager.ts'
import { ShoalError } from '../../proto/errors.ts'

/**
 * What a container's process does: `serves` runs until signalled and ends on SIGTERM; `ignores-term` only ends on
 * SIGKILL; `exits` writes "out" to stdout and "err" to stderr, then exits with status 3.
 */
export type ProcessKind = 'serves' | 'ignores-term' | 'exits'

export interface DockerHarness {
  docker: ManagerDocker & Pick<DockerClient, 'stopContainer'>
  /** A spec whose process behaves as `kind`. */
  spec(kind: ProcessKind, name: string, labels: Record<string, string>): ContainerSpec
  /** After start: the fake plays the process's part; a real process needs nothing. */
  started(id: string, kind: ProcessKind): Promise<void> | void
  cleanup(): Promise<void>
}

async function text(stream: Readable): Promise<string> {
  let out = ''
  for await (const chunk of stream) out += (chunk as Buffer).toString('utf8')
  return out
}

const code = (c: string) => (err: unknown) => err instanceof ShoalError && err.code === c

export function dockerContract(name: string, make: () => Promise<DockerHarness>, options: { timeout?: number } = {}) {
  describe(`docker contract: ${name}`, { timeout: options.timeout ?? 120_000 }, () => {
    let h: DockerHarness
    const label = { 'shoal.contract': `${name}-${process.pid}` }
    let n = 0
    const unique = (what: string): string => `shoal-contract-${process.pid}-${++n}-${what}`

    before(async () => {
      h = await make()
    })
    after(async () => {
      await h.cleanup()
    })

    it('creates, lists by label, starts, stops on SIGTERM (143), and treats repeated stop, kill, remove as no-ops', async () => {
      const d = h.docker
      const id = await d.createContainer(h.spec('serves', unique('stop'), { ...label, 'shoal.name': 'web.1' }))
      const created = await d.inspectContainer(id)
      assert.equal(created?.status, 'created')
      assert.equal(created?.running, false)
      assert.equal(created?.exitCode, null)
      assert.equal(created?.labels['shoal.name'], 'web.1')
      assert.deepEqual(
        (await d.listContainers({ ...label, 'shoal.name': '' })).map((c) => [c.id, c.status]),
        [[id, 'created']],
        "a label given as '' matches any value",
      )
      assert.deepEqual(await d.listContainers({ ...label, 'shoal.name': 'worker.1' }), [])
      await d.startContainer(id)
      await h.started(id, 'serves')
      assert.equal((await d.inspectContainer(id))?.running, true)
      await d.stopContainer(id, 5)
      const stopped = await d.inspectContainer(id)
      assert.equal(stopped?.running, false)
      assert.equal(stopped?.exitCode, 143)
      await d.stopContainer(id, 1)
      await d.killContainer(id)
      await d.removeContainer(id)
      assert.equal(await d.inspectContainer(id), null)
      await d.removeContainer(id)
    })

    it('ends a process that ignores SIGTERM with SIGKILL (137) at the end of the stop grace', async () => {
      const d = h.docker
      const id = await d.createContainer(h.spec('ignores-term', unique('term'), label))
      await d.startContainer(id)
      await h.started(id, 'ignores-term')
      await d.stopContainer(id, 1)
      assert.equal((await d.inspectContainer(id))?.exitCode, 137)
      await d.removeContainer(id)
    })

    it('reports the exit code to a waiter and keeps stdout apart from stderr', async () => {
      const d = h.docker
      const id = await d.createContainer(h.spec('exits', unique('exit'), label))
      const attached = await d.attachContainer(id)
      const out = text(attached.stdout)
      const err = text(attached.stderr)
      await d.startContainer(id)
      await h.started(id, 'exits')
      assert.deepEqual(await d.waitContainer(id), { exitCode: 3 })
      assert.equal(await out, 'out\n')
      assert.equal(await err, 'err\n')
      attached.close()
      assert.equal((await d.inspectContainer(id))?.exitCode, 3)
      await d.removeContainer(id)
    })

    it('kills with SIGKILL (137), refuses a taken name and removing a running container without force', async () => {
      const d = h.docker
      const taken = unique('name')
      const id = await d.createContainer(h.spec('serves', taken, label))
      await assert.rejects(d.createContainer(h.spec('serves', taken, label)), code('CONFLICT'))
      await d.startContainer(id)
      await h.started(id, 'serves')
      await assert.rejects(d.removeContainer(id), code('CONFLICT'))
      await d.killContainer(id, 'SIGKILL')
      assert.deepEqual(await d.waitContainer(id), { exitCode: 137 })
      const other = await d.createContainer(h.spec('serves', unique('force'), label))
      await d.startContainer(other)
      await h.started(other, 'serves')
      await d.removeContainer(other, { force: true })
      assert.equal(await d.inspectContainer(other), null)
      await d.removeContainer(id)
    })
  })
}
