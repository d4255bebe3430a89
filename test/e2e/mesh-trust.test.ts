// Trust on the mesh, end to end: a real controller, agent and router, and two attackers holding the cluster's
// network key: one never admitted, one admitted with the join secret (a compromised host). Both announce routes
// for another host's app to a server of their own, and publish app directories; the router must keep sending
// every request to the real dyno and believe only the leader's directory.
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { SHOAL_VERSION } from '../../lib/version.ts'
import { controllersOf } from '../../mesh/join-cluster.ts'
import { decodeJoinToken } from '../../mesh/join-token.ts'
import { request } from '../../mesh/rpc.ts'
import { AppDirectoryCodec, JoinRequestCodec, JoinResponseCodec, RouteAnnouncementCodec } from '../../proto/codec.ts'
import { PROTOCOL_JOIN, TOPIC_APPS, TOPIC_ROUTES } from '../../proto/topics.ts'
import { apiFetcher } from '../helpers/api-fetch.ts'
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts'
import { httpGet } from '../helpers/http.ts'
import { eventually, type TestPeer, testPeer } from '../helpers/mesh.ts'
import { type Daemon, freePort, ROOT, runShoal, spawnShoal } from '../helpers/processes.ts'
import { parseExposition, sum } from '../helpers/prom-text.ts'

const ECHO = `${ROOT}/test/fixtures/echo-app`
const APP = 'victim'

describe('trust on the mesh', { timeout: 20 * 60_000 }, () => {
  let c: TestCluster
  let router: Daemon
  let routerUrl = ''
  let routerMetrics = ''
  let routerMesh = ''
  let evil: Server
  let evilPort = 0
  let evilHits = 0
  const peers: TestPeer[] = []
  let insider: TestPeer | undefined
  /** What the last leader directory an attacker overheard lists as revoked. */
  let lastRevoked: string[] = []

  const dropped = async (topic: string): Promise<number> =>
    sum(parseExposition(await (await fetch(routerMetrics)).text()), 'shoal_gossip_messages_dropped_total', {
      topic,
      reason: 'rejected',
    })
  const received = async (topic: string): Promise<number> =>
    sum(parseExposition(await (await fetch(routerMetrics)).text()), 'shoal_gossip_messages_received_total', { topic })

  /** 30 requests through the router: every one must reach the real dyno. */
  const allFromRealDyno = async (): Promise<void> => {
    for (let i = 0; i < 30; i++) {
      const res = await httpGet(routerUrl, `${APP}.shoal.localhost`)
      assert.equal(res.status, 200, res.body)
      assert.equal(res.headers['x-dyno'], 'web.1')
    }
    assert.equal(evilHits, 0)
  }

  /** A peer with the network key, connected to the router and gossiping on routes and apps. */
  const attacker = async (onDirectory: (admitted: string[]) => void = () => {}): Promise<TestPeer> => {
    const jt = decodeJoinToken(c.joinToken)
    const p = await testPeer(Buffer.from(jt.swarmKey, 'base64url'))
    peers.push(p)
    const conn = await p.node.libp2p.dial(multiaddr(routerMesh))
    const routerId = conn.remotePeer.toString()
    p.node.want(routerId, [routerMesh])
    p.bus.subscribe(TOPIC_ROUTES, RouteAnnouncementCodec, () => true)
    p.bus.subscribe(TOPIC_APPS, AppDirectoryCodec, ({ message }) => {
      if (message.trust === true) lastRevoked = message.revoked ?? []
      onDirectory(message.admitted ?? [])
      return true
    })
    await eventually(
      () => p.node.libp2p.services.pubsub.getSubscribers(TOPIC_ROUTES).some((x) => x.toString() === routerId),
      15_000,
      'the attacker sees the router subscribed to routes',
    )
    return p
  }

  const announce = async (p: TestPeer, dynoIds: string[]): Promise<void> => {
    const id = p.node.peerId.toString()
    await p.bus.publish(TOPIC_ROUTES, RouteAnnouncementCodec, {
      hostId: id,
      seq: Date.now(),
      snapshot: true,
      sentAtMs: Date.now(),
      up: dynoIds.map((dynoId, i) => ({
        app: APP,
        processType: 'web',
        dynoId,
        dynoName: `web.${i + 1}`,
        address: `127.0.0.1:${evilPort}`,
        release: 1,
      })),
    })
  }

  before(async () => {
    const stack = await runShoal(['stack:build'], {}, undefined, { timeoutMs: 20 * 60_000 })
    assert.equal(stack.code, 0, stack.stderr)
    evil = createServer((_req, res) => {
      evilHits++
      res.writeHead(200, { 'x-dyno': 'evil' }).end('pwned')
    })
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r))
    evilPort = (evil.address() as { port: number }).port
    c = await startTestCluster({ agents: 1 })
    const [http, metrics, mesh] = [await freePort(), await freePort(), await freePort()]
    routerUrl = `http://127.0.0.1:${http}`
    routerMetrics = `http://127.0.0.1:${metrics}/metrics`
    routerMesh = `/ip4/127.0.0.1/tcp/${mesh}`
    router = spawnShoal(
      [
        'router',
        ...['--data', `${c.dir}/router`, '--join', c.joinToken, '--http', `127.0.0.1:${http}`],
        ...['--mesh-listen', routerMesh, '--metrics-listen', `127.0.0.1:${metrics}`],
      ],
      c.env,
    )
    await c.ok(['apps:create', APP])
    await c.ok(['deploy', ECHO, '-a', APP], { timeoutMs: 10 * 60_000 })
    await eventually(
      async () => (await httpGet(routerUrl, `${APP}.shoal.localhost`).catch(() => null))?.status === 200,
      120_000,
      'the app answers through the router',
    )
  })
  after(async () => {
    for (const p of peers) await p.stop().catch(() => {})
    await router?.kill('SIGTERM')
    await c?.stop()
    evil?.close()
  })

  it('refuses routes and app directories from a peer that has the network key but was never admitted', async () => {
    const intruder = await attacker()
    const before = { routes: await dropped(TOPIC_ROUTES), apps: await dropped(TOPIC_APPS) }
    for (let i = 0; i < 3; i++) {
      await announce(intruder, ['evil-1', 'evil-2'])
      await intruder.bus.publish(TOPIC_APPS, AppDirectoryCodec, {
        apps: [{ name: APP, maintenance: true }],
        domain: 'evil.example',
        epoch: 1_000_000,
        sentAtMs: Date.now(),
      })
    }
    // Proof the messages reached the router and were refused there (not lost on the way).
    await eventually(async () => (await dropped(TOPIC_ROUTES)) >= before.routes + 3, 15_000, 'routes refused')
    await eventually(async () => (await dropped(TOPIC_APPS)) >= before.apps + 3, 15_000, 'directories refused')
    await allFromRealDyno()
  })

  it("refuses an admitted host's routes to dynos the leader did not assign to it", async () => {
    let listed = false
    const p = await attacker((admitted) => {
      listed ||= admitted.includes(p.node.peerId.toString())
    })
    insider = p
    // Admitted with the join secret, under a hostname of its own (hosts:remove takes the routers that share the
    // removed host's hostname and address, and here every daemon runs on this one machine).
    const jt = decodeJoinToken(c.joinToken)
    const [controllerId] = controllersOf(jt).keys()
    await p.node.libp2p.dial(multiaddr(jt.controllers[0] as string))
    const admitted = await request(
      p.node.libp2p,
      peerIdFromString(controllerId as string),
      PROTOCOL_JOIN,
      { request: JoinRequestCodec, response: JoinResponseCodec },
      { secret: jt.secret, hostname: 'insider.example', role: 'agent', version: SHOAL_VERSION },
      { timeoutMs: 15_000 },
    )
    assert.equal(admitted.ok, true)
    const realDyno = (JSON.parse(await c.ok(['ps', '-a', APP, '--json'])) as Array<{ id: string; type: string }>).find(
      (d) => d.type === 'web',
    )?.id as string
    assert.ok(realDyno)
    // The leader's directory lists the insider as admitted (the router hears the same directory).
    await eventually(() => listed, 15_000, 'a directory listing the insider as admitted')
    const before = await received(TOPIC_ROUTES)
    for (let i = 0; i < 3; i++) await announce(p, [realDyno, 'insider-1'])
    // Its announcements reach the router (they are well-formed, signed by an admitted host)...
    await eventually(async () => (await received(TOPIC_ROUTES)) >= before + 3, 15_000, 'announcements received')
    // ...yet the router applied no route of them: every request still reaches the real dyno.
    for (let round = 0; round < 3; round++) await allFromRealDyno()
  })
  it("refuses a removed host's peer at connect: the controller and the router close it and never let it back", async () => {
    assert.ok(insider, 'the admitted insider of the previous test')
    const id = insider.node.peerId.toString()
    const controllerMesh = decodeJoinToken(c.joinToken).controllers[0] as string
    const node = insider.node
    const pingable = (target: string): Promise<boolean> =>
      node.libp2p.services.ping.ping(multiaddr(target), { signal: AbortSignal.timeout(5000) }).then(
        () => true,
        () => false,
      )
    assert.ok((await pingable(controllerMesh)) && (await pingable(routerMesh)), 'both answer before the removal')
    const res = await apiFetcher(c.fingerprint)(`${c.apiUrl}/v1/hosts/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${c.token}` },
    })
    const body = await res.text()
    assert.equal(res.status, 200, body)
    assert.deepEqual(
      (JSON.parse(body) as { removed: Array<{ id: string }> }).removed.map((r) => r.id),
      [id],
      'only the insider is removed',
    )
    // The controller refuses it at once; the router when the next directory (≤ 3 s) names it revoked.
    await eventually(
      async () =>
        sum(parseExposition(await (await fetch(routerMetrics)).text()), 'shoal_mesh_refused_peers', {
          why: 'revoked',
        }) === 1,
      30_000,
      "the router's gater refusing it",
    ).catch(async (err) => {
      const metrics = (await (await fetch(routerMetrics)).text()).split('\n').filter((l) => l.includes('refused'))
      throw new Error(`directory lists revoked ${JSON.stringify(lastRevoked)}; router: ${metrics.join('; ')}`, {
        cause: err,
      })
    })
    // It still holds the network key and redials every 200 ms; its side of a handshake may complete, yet the other
    // side drops the connection before any stream, so nothing (ping, gossip, requests) goes through any more.
    for (let i = 0; i < 5; i++) {
      assert.equal(await pingable(controllerMesh), false, 'the controller let it back')
      assert.equal(await pingable(routerMesh), false, 'the router let it back')
    }
    // Removing a host makes the leader re-plan: once the real dyno answers again, every request reaches it.
    await eventually(
      async () => (await httpGet(routerUrl, `${APP}.shoal.localhost`).catch(() => null))?.status === 200,
      60_000,
      'the app answers through the router',
    )
    await allFromRealDyno()
  })
})
