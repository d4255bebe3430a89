// The lab itself: three shoal hosts (namespaces with their own dockerd, agent, router) and a controller come up
// alive; a killed host is judged dead and comes back with its identity; teardown leaves nothing behind.
// Needs root (network namespaces, dockerd). Prints the lab's figures at the end.

import assert from 'node:assert/strict'
import { readdir, readFile, readlink, stat } from 'node:fs/promises'
import { after, before, test } from 'node:test'
import { eventually } from '../helpers/mesh.ts'
import { createLab, type Lab } from '../lab/lab.ts'
import { namespacePids } from '../lab/lab-network.ts'
import { LAB_DATA_ROOT, LAB_RUN_ROOT, labIdOfNs } from '../lab/lab-paths.ts'
import { must } from '../lab/lab-shell.ts'
import { overlaps, parseCidr, usedNetworks } from '../lab/lab-subnet.ts'

const figures: string[] = []
let lab: Lab

before(async () => {
  lab = await createLab({ hosts: 3 })
  figures.push(`lab of 3 hosts created in ${(lab.timings.createMs / 1000).toFixed(1)} s`)
})

after(async () => {
  // Idempotent: the teardown test already destroyed it unless something failed earlier.
  // SHOAL_LAB_KEEP_LOGS=1 keeps the daemons' logs in /tmp/shoal-lab-<id>-logs.
  if (lab !== undefined) await lab.destroy()
  if (figures.length > 0) console.log(`\nlab figures:\n  ${figures.join('\n  ')}`)
})

const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`

test('three hosts join, alive, each at its own lab address, with the root namespace kept out', async () => {
  const views = await lab.hostsView()
  assert.equal(views.length, 3)
  for (const h of lab.hosts) {
    const v = views.find((x) => x.address === h.ip)
    assert.ok(v, `host ${h.index} (${h.ip}) is listed: ${JSON.stringify(views.map((x) => x.address))}`)
    assert.equal(v.state, 'alive')
    assert.equal(v.id, h.hostId)
  }
  // The CLI works from the controller's namespace.
  const out = await lab.ok(['hosts'])
  for (const h of lab.hosts) assert.match(out, new RegExp(h.ip.replaceAll('.', '\\.')))

  // Every router answers from another host's namespace, through the switch (unknown app: a 404 from the router).
  for (const h of lab.hosts) {
    const from = (h.index % 3) + 1
    // A router answers 404 for an unknown app once it has the leader's app directory (published every 3 s and
    // when a host joins); until then it cannot tell an unknown app from one without dynos (H14).
    const res = await eventually(
      async () => {
        const r = await lab.http(from, `${h.routerUrl}/`, { host: lab.appHost('no-such-app'), timeoutMs: 5000 })
        return r.status === 404 ? r : null
      },
      15_000,
      `a 404 from the router of host ${h.index}`,
    )
    assert.equal(res.error, undefined, `router of host ${h.index} reached from host ${from}`)
    assert.equal(res.status, 404)
  }
  // A bounded load loop reports every request.
  const report = await lab.load(1, { targets: lab.routerUrls(), host: lab.appHost('no-such-app'), requests: 60 }).done
  assert.equal(report.requests, 60)
  assert.equal(report.byStatus['404'], 60)
  for (const url of lab.routerUrls()) assert.equal(report.perTarget[url]?.requests, 20)

  // Nothing of the lab is visible in the root namespace: no address or route on its subnet.
  const subnet = parseCidr(lab.subnet)
  const used = usedNetworks(
    await must('ip', ['-j', '-4', 'addr', 'show']),
    await must('ip', ['-j', '-4', 'route', 'show', 'table', 'all']),
  )
  assert.deepEqual(
    used.filter((u) => overlaps(u.cidr, subnet)),
    [],
  )

  for (const h of lab.hosts) {
    const m = await lab.memory(h.index)
    assert.ok(m.dockerd > 0 && m.containerd > 0 && m.agent > 0 && m.router > 0, JSON.stringify(m))
    figures.push(
      `host ${h.index} memory ${mb(m.total)} (dockerd ${mb(m.dockerd)}, containerd ${mb(m.containerd)}, ` +
        `agent ${mb(m.agent)}, router ${mb(m.router)}, other ${mb(m.other)}: the lab's HTTP client)`,
    )
  }
})

test('a killed host is judged dead within 15 s and comes back alive with the same host id', async () => {
  const victim = lab.host(2)
  const id = victim.hostId
  assert.ok(id)
  const killedAt = Date.now()
  await lab.kill(2)
  assert.deepEqual(await namespacePids(victim.ns), [], 'no process survives in the killed host')
  const link = JSON.parse(await must('ip', ['-n', lab.switchNs, '-j', 'link', 'show', 'h2'])) as Array<{
    flags: string[]
  }>
  assert.ok(!link[0]?.flags.includes('UP'), 'its switch port is down')

  await lab.waitForHost(2, 'dead', 15_000)
  const deadMs = Date.now() - killedAt
  figures.push(`killed host judged dead after ${(deadMs / 1000).toFixed(1)} s`)
  for (const other of [1, 3]) assert.equal((await lab.hostView(other))?.state, 'alive')

  const revivedAt = Date.now()
  await lab.revive(2)
  figures.push(`revived host alive again after ${((Date.now() - revivedAt) / 1000).toFixed(1)} s`)
  const views = await lab.hostsView()
  assert.equal(views.length, 3, 'the revived host is the same host, not a fourth one')
  const v = views.find((x) => x.address === victim.ip)
  assert.equal(v?.id, id)
  assert.equal(v?.state, 'alive')
})

test('teardown leaves no namespace, mount, process, cgroup or directory of the lab', async () => {
  const namespaces = [lab.switchNs, lab.controllerNs, ...lab.hosts.map((h) => h.ns)]
  // Namespace identities, to prove afterwards that nothing (process or mount) still holds one: a namespace that
  // is only unlinked from /run/netns would keep its veths and bridge alive.
  const inodes = await Promise.all(namespaces.map(async (ns) => (await stat(`/run/netns/${ns}`)).ino))
  const ports = JSON.parse(await must('ip', ['-n', lab.switchNs, '-j', 'link', 'show', 'master', 'br0'])) as unknown[]
  assert.equal(ports.length, 4, 'the bridge has a port for the controller and each host')
  const daemonPids = (await Promise.all(namespaces.map((ns) => namespacePids(ns)))).flat()
  assert.ok(daemonPids.length >= 3 * 4 + 1, `daemons running before teardown: ${daemonPids.length}`)

  const { ms } = await lab.destroy()
  figures.push(`teardown in ${(ms / 1000).toFixed(1)} s`)

  const left = (await must('ip', ['netns', 'list']))
    .split('\n')
    .filter((l) => labIdOfNs(l.split(' ')[0] ?? '') === lab.id)
  assert.deepEqual(left, [])
  for (const pid of daemonPids) assert.equal(await alive(pid), false, `pid ${pid} is gone`)
  const holders: string[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const net = await readlinkSafe(`/proc/${entry}/ns/net`)
    if (inodes.some((ino) => net === `net:[${ino}]`)) holders.push(entry)
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')
    if (cmdline.includes(`/shoal-lab/${lab.id}/`)) holders.push(`${entry} ${cmdline.replaceAll('\0', ' ')}`)
  }
  assert.deepEqual(holders, [], 'no process is in (or is a daemon of) the lab')
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8')
  assert.ok(!mountinfo.includes(`/shoal-lab/${lab.id}`), 'nothing mounted below the lab dirs')
  for (const ino of inodes) assert.ok(!mountinfo.includes(`net:[${ino}]`), 'no namespace bind mount is left')
  assert.ok(!(await exists(`${LAB_RUN_ROOT}/${lab.id}`)) && !(await exists(`${LAB_DATA_ROOT}/${lab.id}`)))
  const cgroups = await readdir('/sys/fs/cgroup/memory').catch(() => [] as string[])
  assert.deepEqual(
    cgroups.filter((c) => c.includes(lab.id)),
    [],
  )
})

async function alive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function readlinkSafe(path: string): Promise<string> {
  return readlink(path).catch(() => '')
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}
