import { readFileSync, writeFileSync } from 'node:fs'
import type { ControllersResponse } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient } from '../api-client.ts'
import { bool, str } from '../args.ts'
import { type Command, jsonFlag, printJson } from '../command.ts'
import { table } from '../table.ts'
import { dataFlag } from './cluster-commands.ts'

// The HA control plane: who leads, and moving desired state from one controller's level store into etcd.

export const controllers: Command = {
  name: 'controllers',
  summary: 'list the controllers with their role (leader/follower), epoch, store health and version',
  flags: { json: jsonFlag },
  async run(args) {
    const res = await new ApiClient().get<ControllersResponse>('/v1/controllers', 'list controllers')
    if (bool(args, 'json')) {
      printJson(res.controllers)
      return 0
    }
    const rows = res.controllers.map((c) => [
      c.apiUrl,
      c.role,
      String(c.epoch),
      c.store.healthy ? `${c.store.kind} ok (${c.store.latencyMs} ms)` : `${c.store.kind} DOWN ${c.store.error ?? ''}`,
      c.version,
      c.id,
    ])
    console.log(table(['API', 'ROLE', 'EPOCH', 'STORE', 'VERSION', 'ID'], rows))
    return 0
  },
}

const storeFlag = {
  type: 'string',
  description: 'etcd://host:port[,…][/prefix] (etcds://…?ca=FILE for TLS) or a level store directory',
} as const

async function open(spec: string, command: string) {
  const { isEtcdUrl, parseEtcdUrl } = await import('../../controller/store/etcd-connection.ts')
  if (isEtcdUrl(spec)) {
    const { EtcdStore } = await import('../../controller/store/etcd-store.ts')
    return EtcdStore.open(parseEtcdUrl(spec))
  }
  const { LevelStore } = await import('../../controller/store/level-store.ts')
  try {
    return await LevelStore.open(spec)
  } catch (err) {
    if (err instanceof ShoalError && err.code === 'UNAVAILABLE') {
      throw new ShoalError('UNAVAILABLE', `Cannot run ${command}: ${err.message} (stop the controller first)`)
    }
    throw err
  }
}

function source(args: Parameters<Command['run']>[0], command: string): string {
  const store = str(args, 'store')
  const data = str(args, 'data')
  if (store !== undefined) return store
  if (data !== undefined) return `${data}/store`
  throw new ShoalError('INVALID_INPUT', `Cannot run ${command}: --store or --data is required`)
}

export const storeExport: Command = {
  name: 'store:export',
  summary: "dump a cluster's desired state (stop its controller first when the store is level)",
  flags: {
    data: dataFlag,
    store: storeFlag,
    out: { type: 'string', description: 'file to write (default: standard output)' },
  },
  async run(args) {
    const store = await open(source(args, 'store:export'), 'store:export')
    try {
      const { exportStore } = await import('../../controller/store/store-transfer.ts')
      const lines = await exportStore(store)
      const out = str(args, 'out')
      if (out === undefined) process.stdout.write(lines.join(''))
      else writeFileSync(out, lines.join(''), { mode: 0o600 })
      if (out !== undefined) console.error(`Exported ${lines.length - 1} keys to ${out}`)
      return 0
    } finally {
      await store.close()
    }
  },
}

export const storeImport: Command = {
  name: 'store:import',
  summary: 'load a dump made by store:export into an empty store (an etcd cluster for HA controllers)',
  flags: {
    store: storeFlag,
    in: { type: 'string', description: 'dump file (default: standard input)' },
  },
  async run(args) {
    const target = str(args, 'store')
    if (target === undefined) throw new ShoalError('INVALID_INPUT', 'Cannot run store:import: --store is required')
    const file = str(args, 'in')
    const dump = readFileSync(file ?? 0, 'utf8')
    const store = await open(target, 'store:import')
    try {
      const { importStore } = await import('../../controller/store/store-transfer.ts')
      const n = await importStore(store, dump)
      console.log(`Imported ${n} keys`)
      return 0
    } finally {
      await store.close()
    }
  },
}

export const haCommands: Command[] = [controllers, storeExport, storeImport]
