// Foundation end to end: a controller and three agents as real processes on loopback, the CLI against them, and
// hostile peers on the mesh.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { newSwarmKey } from '../../mesh/identity.ts'
import { decodeJoinToken } from '../../mesh/join-token.ts'
import type { HostView } from '../../proto/api.ts'
import { HostReportCodec } from '../../proto/codec.ts'
import { PROTOCOL_JOIN, TOPIC_HOST_REPORT } from '../../proto/topics.ts'
import { apiFetcher } from '../helpers/api-fetch.ts'
import { eventually, type TestPeer, testPeer } from '../helpers/mesh.ts'
import { type Daemon, freePort, killAll, runShoal, spawnShoal, tempDir } from '../helpers/processes.ts'
import { parseExposition, sum } from '../helpers/prom-text.ts'

describe('cluster foundation (controller + 3 agents)', () => {
  const dir = tempDir('cluster')
  const env = { SHOAL_CONFIG: `${dir.path}/cli.json`, SHOAL_LOG_LEVEL: 'info' }
  let apiUrl = ''
  let fingerprint = ''
  const apiFetch = (url: string, init?: RequestInit): Promise<Response> => apiFetcher(fingerprint)(url, init)
  let token = ''
  let joinToken = ''
  let controllerMetrics = ''
  const agents: Array<{ daemon: Daemon; data: string; metrics: number }> = []
  const peers: TestPeer[] = []

  const hosts = async (): Promise<HostView[]> => {
    const res = await runShoal(['hosts', '--json'], env)
    assert.equal(res.code, 0, res.stderr)
    return JSON.parse(res.stdout) as HostView[]
  }
  const startAgent = (i: number): Daemon => {
    const a = agents[i] as (typeof agents)[number]
    a.daemon = spawnShoal(
      [
        'agent',
        '--data',
        a.data,
        '--join',
        joinToken,
        '--mesh-listen',
        '/ip4/127.0.0.1/tcp/0',
        '--metrics-listen',
        `127.0.0.1:${a.metrics}`,
      ],
      env,
    )
    return a.daemon
  }

  before(async () => {
    const [apiPort, meshPort, metricsPort] = [await freePort(), await freePort(), await freePort()]
    const init = await runShoal(
      [
        'init',
        '--data',
        `${dir.path}/controller`,
        '--mesh-listen',
        `/ip4/127.0.0.1/tcp/${meshPort}`,
        '--api-listen',
        `127.0.0.1:${apiPort}`,
        '--metrics-listen',
        `127.0.0.1:${metricsPort}`,
      ],
      env,
    )
    assert.equal(init.code, 0, init.stderr)
    const cli = JSON.parse((await import('node:fs')).readFileSync(env.SHOAL_CONFIG, 'utf8')) as {
      apiUrl: string
      token: string
      fingerprint: string
    }
    apiUrl = cli.apiUrl
    fingerprint = cli.fingerprint
    token = cli.token
    controllerMetrics = `http://127.0.0.1:${metricsPort}/metrics`
    const controller = spawnShoal(['controller', '--data', `${dir.path}/controller`], env)
    await eventually(
      async () => (await apiFetch(`${apiUrl}/healthz`)).ok,
      20_000,
      `controller API\n${controller.output()}`,
    )
    const jt = await runShoal(['join-token'], env)
    assert.equal(jt.code, 0, jt.stderr)
    joinToken = jt.stdout.trim()
    for (let i = 0; i < 3; i++)
      agents.push({ daemon: undefined as unknown as Daemon, data: `${dir.path}/agent${i}`, metrics: await freePort() })
  })

  after(async () => {
    for (const p of peers) await p.stop().catch(() => {})
    await killAll()
    dir.remove()
  })

  it('shows three agents alive within 10 s of starting them', async () => {
    const t0 = Date.now()
    for (let i = 0; i < 3; i++) startAgent(i)
    let seen: HostView[] = []
    const list = await eventually(
      async () => {
        const h = await hosts()
        seen = h
        return h.length === 3 && h.every((x) => x.state === 'alive' && x.cpu.cores > 0 && x.memory.total > 0) ? h : null
      },
      10_000,
      '3 alive hosts',
    ).catch((err: Error) => {
      // What the agents said by then (a CI run once had two of them never join).
      const said = agents.map((a, i) => `agent ${i}:\n${a.daemon.output().slice(-4000)}`).join('\n')
      throw new Error(`${err.message}; hosts: ${JSON.stringify(seen.map((h) => h.state))}\n${said}`)
    })
    console.log(`# 3 agents alive after ${Date.now() - t0} ms (from process spawn)`)
    assert.equal(new Set(list.map((h) => h.id)).size, 3)
    const table = await runShoal(['hosts'], env)
    assert.match(table.stdout, /STATE/)
    assert.equal(table.stdout.match(/ alive /g)?.length, 3)
  })

  it('judges a SIGKILLed agent dead within 15 s, keeps the others alive, and takes it back with the same id', async () => {
    const victim = agents[0] as (typeof agents)[number]
    const t0 = Date.now()
    await victim.daemon.kill('SIGKILL')
    const dead = await eventually(
      async () => {
        const h = await hosts()
        const d = h.filter((x) => x.state === 'dead')
        assert.ok(h.filter((x) => x.state !== 'alive').length <= 1, 'only one host may leave alive')
        return d.length === 1 ? d[0] : null
      },
      15_000,
      'a dead host',
    )
    console.log(`# killed agent judged dead after ${Date.now() - t0} ms`)
    const others = (await hosts()).filter((x) => x.id !== dead.id)
    assert.deepEqual(
      others.map((x) => x.state),
      ['alive', 'alive'],
    )
    startAgent(0)
    const back = await eventually(
      async () => (await hosts()).find((x) => x.id === dead.id && x.state === 'alive'),
      15_000,
      'host back',
    )
    assert.equal(back.id, dead.id)
    assert.equal((await hosts()).length, 3)
  })

  it('refuses a peer with a wrong pre-shared key', async () => {
    const stranger = await testPeer(newSwarmKey())
    peers.push(stranger)
    const addrs = decodeJoinToken(joinToken).controllers.map((a) => multiaddr(a))
    await assert.rejects(stranger.node.libp2p.dial(addrs, { signal: AbortSignal.timeout(5000) }))
  })

  it('ignores reports from a peer with the right key that was never admitted, and drops garbage', async () => {
    const jt = decodeJoinToken(joinToken)
    const intruder = await testPeer(Buffer.from(jt.swarmKey, 'base64url'))
    peers.push(intruder)
    const controllerPeer = (jt.controllers[0] as string).split('/p2p/')[1] as string
    intruder.node.want(controllerPeer, jt.controllers)
    intruder.bus.subscribe(TOPIC_HOST_REPORT, HostReportCodec, () => true)
    await eventually(
      () =>
        intruder.node.libp2p.services.pubsub
          .getSubscribers(TOPIC_HOST_REPORT)
          .some((p) => p.toString() === controllerPeer),
      15_000,
      'intruder sees the controller subscribed',
    )
    const metricsBefore = parseExposition(await (await fetch(controllerMetrics)).text())
    for (let i = 0; i < 3; i++) {
      await intruder.bus.publish(TOPIC_HOST_REPORT, HostReportCodec, {
        hostId: intruder.node.peerId.toString(),
        hostname: 'intruder',
        capacity: { cpuCores: 64, memoryBytes: 1e12 },
        seq: i + 1,
      })
      await intruder.bus.publishRaw(TOPIC_HOST_REPORT, Uint8Array.from([0x0a, 0xff, 0xff, 0x01]))
    }
    // Garbage on the join stream: a length prefix promising more than the frame limit.
    const stream = await intruder.node.libp2p.dialProtocol(peerIdFromString(controllerPeer), PROTOCOL_JOIN)
    stream.send(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x7f]))
    await eventually(
      async () => {
        const m = parseExposition(await (await fetch(controllerMetrics)).text())
        const delta = (name: string, labels: Record<string, string>): number =>
          sum(m, name, labels) - sum(metricsBefore, name, labels)
        return (
          delta('shoal_gossip_messages_dropped_total', { reason: 'rejected' }) >= 3 &&
          delta('shoal_gossip_messages_dropped_total', { reason: 'decode' }) >= 3 &&
          delta('shoal_mesh_rpc_requests_total', { outcome: 'malformed' }) >= 1
        )
      },
      15_000,
      'drops counted',
    )
    const list = await hosts()
    assert.equal(list.length, 3)
    assert.ok(list.every((h) => h.hostname !== 'intruder'))
  })

  it('answers 401 without a token and with a wrong one', async () => {
    const none = await apiFetch(`${apiUrl}/v1/hosts`)
    assert.equal(none.status, 401)
    assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'UNAUTHORIZED')
    const wrong = await apiFetch(`${apiUrl}/v1/hosts`, { headers: { authorization: 'Bearer nope' } })
    assert.equal(wrong.status, 401)
    const right = await apiFetch(`${apiUrl}/v1/hosts`, { headers: { authorization: `Bearer ${token}` } })
    assert.equal(right.status, 200)
    const cli = await runShoal(['hosts'], { ...env, SHOAL_CONFIG: `${dir.path}/missing.json` })
    assert.equal(cli.code, 1)
    assert.match(cli.stderr, /^Error: Cannot reach the API: no credentials in .* \[CONFIG_MISSING\]\n$/)
  })

  it('serves valid Prometheus metrics on the controller and the agents', async () => {
    const c = parseExposition(await (await fetch(controllerMetrics)).text())
    assert.equal(sum(c, 'shoal_hosts', { state: 'alive' }), 3)
    assert.ok(sum(c, 'shoal_mesh_peers') >= 3)
    assert.ok(sum(c, 'shoal_gossip_messages_received_total') > 0)
    const a = parseExposition(await (await fetch(`http://127.0.0.1:${agents[1]?.metrics}/metrics`)).text())
    assert.ok(sum(a, 'shoal_host_cpu_cores', { kind: 'capacity' }) > 0)
    assert.ok(sum(a, 'shoal_host_memory_bytes', { kind: 'allocatable' }) > 0)
    assert.ok(sum(a, 'shoal_gossip_messages_sent_total') > 0)
  })
})
