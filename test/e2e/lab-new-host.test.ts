// A host joins a running cluster with nothing but the agent: an empty Docker engine and an empty stack cache of
// its own (the lab's other hosts share the machine's). It gets the stack tarball from a peer over the mesh
// (PROTOCOL_STACK, no debootstrap: the lab has no route to a Debian mirror anyway) and the slug from the leader
// (PROTOCOL_BLOB), and runs a dyno. Prints how long that took and how fast the stack moved.
// Needs root (network namespaces, dockerd).

import assert from 'node:assert/strict'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { after, before, test } from 'node:test'
import { createDockerClient } from '../../agent/docker/docker-client.ts'
import { resolveStack, stackTarballPath, verifyTarball } from '../../agent/stack/stack-builder.ts'
import type { DynoView, ReleaseView } from '../../proto/api.ts'
import { PROTOCOL_BLOB, PROTOCOL_STACK } from '../../proto/topics.ts'
import { waitFor } from '../helpers/wait-for.ts'
import { createLab, type Lab } from '../lab/lab.ts'

const APP = 'demo'
const figures: string[] = []
let lab: Lab

type LogLine = Record<string, unknown> & { msg?: string; time?: number }

before(async () => {
  lab = await createLab({ hosts: 2, preloadStack: true })
  figures.push(`lab of 2 hosts with the stack preloaded in ${(lab.timings.createMs / 1000).toFixed(1)} s`)
})

after(async () => {
  if (lab !== undefined) await lab.destroy()
  if (figures.length > 0) console.log(`\nnew-host figures:\n  ${figures.join('\n  ')}`)
})

// Through the lab's long-lived API client: a `shoal ps` process per poll would cost the 2-core machine a CPU-second
// each, and slow down the very transfer being measured.
const ps = (): Promise<DynoView[]> => lab.api<DynoView[]>('GET', `/v1/apps/${APP}/dynos`)

function until<T>(what: string, ms: number, check: () => Promise<T | null | undefined | false>) {
  return waitFor(what, check, { timeoutMs: ms, intervalMs: 250 })
}

/** A daemon's whole log as parsed JSON lines (pino), skipping anything that is not JSON. */
async function logLines(target: number | 'controller', daemon: 'agent' | 'controller'): Promise<LogLine[]> {
  const text = await lab.logs(target, daemon, 1_000_000)
  const out: LogLine[] = []
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue
    try {
      out.push(JSON.parse(line) as LogLine)
    } catch {}
  }
  return out
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`

test('a new host with an empty engine and stack cache gets the stack from a peer, the slug from the leader, and runs a dyno', async () => {
  await lab.ok(['apps:create', APP])
  const deployStarted = Date.now()
  await lab.ok(['deploy', 'test/fixtures/echo-app', '-a', APP], { timeoutMs: 300_000 })
  figures.push(`deploy (build on a lab host) in ${s(Date.now() - deployStarted)}`)
  await lab.ok(['ps:scale', 'web=2', '-a', APP])
  await until('2 web dynos up', 120_000, async () => {
    const up = (await ps()).filter((d) => d.type === 'web' && d.state === 'up')
    return up.length === 2 && new Set(up.map((d) => d.hostId)).size === 2
  })

  const { tag, version } = await resolveStack()
  const shared = stackTarballPath(process.env['SHOAL_STACK_DIR'] ?? '/var/lib/shoal/stack', version)
  const tarballBytes = statSync(shared).size

  const added = await lab.addHost({ ownStackDir: true })
  const h3 = added.host
  const aliveMs = Date.now() - added.agentStartedAt
  assert.ok(h3.hostId, 'the new host joined')
  const engine = createDockerClient(h3.dockerSocket)
  assert.equal(await engine.imageExists(tag), false, 'the new engine has no stack image')
  assert.notEqual(added.stackDir, shared.slice(0, shared.lastIndexOf('/')))
  assert.deepEqual(existsSync(added.stackDir) ? readdirSync(added.stackDir) : [], [], 'its stack cache is empty')

  const scaledAt = Date.now()
  await lab.ok(['ps:scale', 'web=3', '-a', APP])
  const mine = await until('a web dyno up on the new host', 300_000, async () =>
    (await ps()).find((d) => d.type === 'web' && d.hostId === h3.hostId && d.state === 'up'),
  )
  const upAt = mine.since === null ? Date.now() : Date.parse(mine.since)
  const firstDynoMs = upAt - added.agentStartedAt
  const web = (await ps()).filter((d) => d.type === 'web' && d.state === 'up')
  assert.equal(web.length, 3)
  assert.equal(new Set(web.map((d) => d.hostId)).size, 3, 'one web dyno on each host')

  // The dyno answers through the new host's own router.
  const res = await lab.http(3, `${h3.routerUrl}/`, { host: lab.appHost(APP), timeoutMs: 10_000 })
  assert.equal(res.status, 200, `${res.error ?? ''} ${res.body.slice(0, 200)}`)

  // The stack came from a peer, whole and verified, and was imported, not built.
  const peers = new Map(lab.hosts.slice(0, 2).map((h) => [h.hostId, h.index]))
  const agent3 = await logLines(3, 'agent')
  const fetched = agent3.find((l) => l.msg === 'stack tarball fetched from peer')
  assert.ok(fetched, 'the new agent logged where its stack came from')
  const from = peers.get(String(fetched['peer']))
  assert.ok(from !== undefined, `the stack came from lab host 1 or 2, not ${String(fetched['peer'])}`)
  assert.equal(fetched['bytes'], tarballBytes, 'the whole tarball')
  const ready = agent3.find((l) => l.msg === 'stack image ready')
  assert.equal(ready?.['outcome'], 'imported', 'buildStack imported the fetched tarball (no debootstrap)')
  assert.equal(await verifyTarball(stackTarballPath(added.stackDir, version)), true)
  assert.equal(await engine.imageExists(tag), true)
  const sent = (await logLines(from, 'agent')).find(
    (l) => l.msg === 'transfer sent' && l['protocol'] === PROTOCOL_STACK && l['peer'] === h3.hostId,
  )
  assert.ok(sent, `lab host ${from} logged sending the stack to the new host`)

  // The slug came from the leader (the lab's one controller).
  const releases = await lab.api<ReleaseView[]>('GET', `/v1/apps/${APP}/releases`)
  const slug = releases.find((r) => r.current)?.slug?.sha256
  assert.ok(slug)
  const slugSent = (await logLines('controller', 'controller')).find(
    (l) =>
      l.msg === 'transfer sent' &&
      l['protocol'] === PROTOCOL_BLOB &&
      l['peer'] === h3.hostId &&
      l['what'] === `blob ${slug.slice(0, 12)}`,
  )
  assert.ok(slugSent, 'the controller logged sending the slug to the new host')

  const ms = Number(fetched['ms'])
  const importMs = Number((ready?.['timings'] as Record<string, number> | undefined)?.['import'] ?? Number.NaN)
  figures.push(
    `new host: agent start → alive ${s(aliveMs)}; ps:scale → its dyno up ${s(upAt - scaledAt)}`,
    `new host: agent start → first dyno up ${s(firstDynoMs)}`,
    `stack ${version} from lab host ${from}: ${(tarballBytes / 1e6).toFixed(0)} MB in ${s(ms)} ` +
      `(${(tarballBytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s; sender ${s(Number(sent['ms']))}), ` +
      `verify ${s(Number(fetched['verifyMs']))}, docker import ${s(importMs)}`,
    `slug ${slug.slice(0, 12)} from the leader: ${(Number(slugSent['bytes']) / 1e3).toFixed(1)} kB in ${Number(slugSent['ms'])} ms`,
  )
})
