// Leader election among controllers sharing an etcd: one leader key, created only if absent and bound to the
// candidate's lease. Whoever creates it leads until its lease ends; the others watch the key and campaign again
// when it is deleted (lease expired or revoked). etcd's Raft makes the create-if-absent linearizable, so two
// controllers never both win, and the revision at which the key was created is unique and rising: the term's
// epoch is that revision plus the cluster's last embedded-era epoch (`cluster/epoch`, kept by store:import), so
// agents that saw a single-controller epoch never see a lower one.
//
// Stepping down first: a leader drops leadership (handlers hear leader: false, leader-only loops stop) as soon as
// its LeaseKeeper can no longer prove the lease alive, which is strictly before etcd can expire it and let another
// controller win. Leader-only writes go through fencedStore(store, () => election.fence()): a transaction guarded
// by the leader key at the term's revision, so even a write delayed past all of that is refused by etcd.

import type { Registry } from 'prom-client'
import { Counter, Gauge } from 'prom-client'
import { type Clock, systemClock, type Timer } from '../../lib/clock.ts'
import { type Logger, silentLogger } from '../../lib/logger.ts'
import type { EtcdStore } from '../store/etcd-store.ts'
import { type Compare, decodeJson, getJson } from '../store/store.ts'
import { type Election, ElectionState } from './election.ts'
import { EPOCH_KEY } from './epoch.ts'
import { KeepAliveChannel } from './etcd-keepalive.ts'
import { LeaseKeeper } from './etcd-lease.ts'

export const LEADER_KEY = 'election/leader'

/** What every controller learns about the current leader (the value of the leader key). */
export interface LeaderRecord {
  id: string
  apiUrl: string
  peerId: string
  meshAddresses: string[]
  version: string
}

export interface EtcdElectionInit {
  store: EtcdStore
  /** This controller, as followers will see it once it leads (read at each campaign). */
  candidate: () => LeaderRecord
  clock?: Clock | undefined
  logger?: Logger | undefined
  registry?: Registry | undefined
  /** Lease TTL in whole seconds (etcd's unit); default 2. Failover takes about this long after a leader dies. */
  ttlSeconds?: number | undefined
}

interface Term {
  leaseId: string
  keeper: LeaseKeeper
  /** The revision at which this term's leader key was created (the fence). */
  revision: number
}

export class EtcdElection extends ElectionState implements Election {
  readonly #init: EtcdElectionInit
  readonly #clock: Clock
  readonly #logger: Logger
  readonly #ttlMs: number
  readonly #watching = new AbortController()
  #keepAlive: KeepAliveChannel | undefined
  #term: Term | undefined
  #seen: { record: LeaderRecord; revision: number } | undefined
  #base = 0
  #running = false
  #campaigning: Promise<void> | undefined
  #recheck: Timer | undefined
  #changes = 0

  constructor(init: EtcdElectionInit) {
    super(init.logger ?? silentLogger)
    this.#init = init
    this.#clock = init.clock ?? systemClock
    this.#logger = init.logger ?? silentLogger
    this.#ttlMs = (init.ttlSeconds ?? 2) * 1000
    if (init.registry !== undefined) this.#metrics(init.registry)
  }

  readonly name = 'etcd-election'

  async start(signal?: AbortSignal): Promise<void> {
    if (this.#running) return
    signal?.throwIfAborted()
    this.#running = true
    const store = this.#init.store
    this.#keepAlive = new KeepAliveChannel(store.client, this.#ttlMs)
    const base = await getJson<{ epoch?: unknown }>(store, EPOCH_KEY, { signal })
    const epoch = base?.value?.epoch
    this.#base = typeof epoch === 'number' && Number.isSafeInteger(epoch) && epoch > 0 ? epoch : 0
    await store.watch(LEADER_KEY, (e) => this.#onLeaderKey(e.type === 'put' ? e.value : undefined, e.revision), {
      signal: this.#watching.signal,
      onError: (err) => {
        if (this.#running) this.#logger.error({ err }, 'election watch ended; relying on periodic re-checks')
      },
    })
    // A safety net under the watch: a follower that sees no leader campaigns again every TTL.
    this.#recheck = this.#clock.setInterval(() => {
      if (this.#running && this.#term === undefined) void this.#campaign()
    }, this.#ttlMs)
    await this.#campaign()
  }

  async stop(): Promise<void> {
    if (!this.#running) return
    this.#running = false
    this.#recheck?.cancel()
    this.#watching.abort()
    await this.#campaigning?.catch(() => {})
    const term = this.#term
    this.#stepDown('stopping')
    if (term !== undefined) await this.#revoke(term)
    this.#keepAlive?.close()
  }

  /** The guard of a leader-only write in this term; undefined when this controller may not write as leader now. */
  fence(): Compare | undefined {
    const term = this.#term
    if (term === undefined || !term.keeper.held) return undefined
    return { key: LEADER_KEY, revision: term.revision }
  }

  /** The leader as last seen in the store (this controller's own record while it leads). */
  leader(): (LeaderRecord & { epoch: number }) | undefined {
    const seen = this.#seen
    return seen === undefined ? undefined : { ...seen.record, epoch: this.#base + seen.revision }
  }

  /** Leadership changes (gained or lost) since start. */
  get changes(): number {
    return this.#changes
  }

  #campaign(): Promise<void> {
    this.#campaigning ??= this.#runCampaign().finally(() => {
      this.#campaigning = undefined
    })
    return this.#campaigning
  }

  async #runCampaign(): Promise<void> {
    if (!this.#running || this.#term !== undefined) return
    const store = this.#init.store
    const client = store.client
    const key = store.etcdKey(LEADER_KEY)
    let leaseId: string | undefined
    let keeper: LeaseKeeper | undefined
    try {
      // The lease lives TTL from when etcd got the grant, so from no earlier than now.
      const grantedAt = this.#clock.now()
      const grant = await client.leaseClient.leaseGrant({ TTL: this.#ttlMs / 1000 })
      leaseId = grant.ID
      const id = leaseId
      keeper = new LeaseKeeper(
        {
          clock: this.#clock,
          ttlMs: this.#ttlMs,
          renew: () => this.#keepAlive?.renew(id) ?? Promise.resolve(false),
          onLost: (reason) => this.#onLeaseLost(id, reason),
        },
        grantedAt,
      )
      const record = this.#init.candidate()
      const res = await client.kv.txn({
        compare: [{ key, target: 'Create', result: 'Equal', create_revision: 0 }],
        success: [{ request_put: { key, value: Buffer.from(JSON.stringify(record)), lease: id } }],
        failure: [{ request_range: { key } }],
      })
      if (!this.#running) {
        keeper.stop()
        if (res.succeeded) await this.#revoke({ leaseId: id, keeper, revision: Number(res.header.revision) })
        return
      }
      if (res.succeeded) {
        const revision = Number(res.header.revision)
        const term: Term = { leaseId: id, keeper, revision }
        if (!keeper.held) {
          // The answer came too late to be sure the lease still stands: give the term back.
          keeper.stop()
          await this.#revoke(term)
          return
        }
        this.#term = term
        this.#seen = { record, revision }
        this.#changes++
        this.#logger.info({ epoch: this.#base + revision, ttlMs: this.#ttlMs }, 'leading the cluster (etcd election)')
        this.setState({ leader: true, epoch: this.#base + revision })
        return
      }
      keeper.stop()
      await this.#revoke({ leaseId: id, keeper, revision: 0 })
      const kv = res.responses[0]?.response_range?.kvs[0]
      if (kv !== undefined) this.#remember(kv.value, Number(kv.create_revision))
    } catch (err) {
      keeper?.stop()
      this.#logger.warn({ err: String(err) }, 'campaign for leadership failed; retrying')
      if (leaseId !== undefined && this.#term?.leaseId !== leaseId) {
        void client.leaseClient.leaseRevoke({ ID: leaseId }).catch(() => {})
      }
    }
  }

  #onLeaderKey(value: Uint8Array | undefined, revision: number): void {
    if (value !== undefined) {
      this.#remember(value, revision)
      return
    }
    // Events arrive in revision order, but a campaign's answer may overtake the deletion of the key before it.
    if (this.#seen !== undefined && this.#seen.revision > revision) return
    this.#seen = undefined
    const term = this.#term
    // Our key is gone: the lease ended on etcd's side (or was revoked). Leadership ended with it.
    if (term !== undefined && revision > term.revision) this.#stepDown('the leader key was deleted')
    if (this.#running) void this.#campaign()
  }

  #remember(value: Uint8Array, revision: number): void {
    try {
      const record = decodeJson<LeaderRecord>(LEADER_KEY, value)
      // A put is only ever the key's creation (it is never rewritten), so the put's revision is the term's.
      if (this.#seen === undefined || this.#seen.revision <= revision) this.#seen = { record, revision }
    } catch (err) {
      this.#logger.warn({ err }, 'unreadable leader record')
    }
  }

  #onLeaseLost(leaseId: string, reason: 'expired' | 'revoked'): void {
    const term = this.#term
    if (term === undefined || term.leaseId !== leaseId) return
    this.#stepDown(reason === 'expired' ? 'could not renew the lease in time' : 'etcd dropped the lease')
    // Best effort: if etcd is reachable after all, free the key at once so the next leader need not wait.
    void this.#revoke(term).finally(() => {
      if (this.#running) void this.#campaign()
    })
  }

  #stepDown(why: string): void {
    const term = this.#term
    if (term === undefined) return
    this.#term = undefined
    term.keeper.stop()
    this.#changes++
    this.#logger.warn({ epoch: this.state.epoch, why }, 'stepping down as leader')
    this.setState({ leader: false, epoch: this.state.epoch })
  }

  async #revoke(term: Term): Promise<void> {
    try {
      await this.#init.store.client.leaseClient.leaseRevoke({ ID: term.leaseId })
    } catch {
      // Unreachable or already gone: the lease expires on its own.
    }
  }

  #metrics(registry: Registry): void {
    const self = this
    new Gauge({
      name: 'shoal_controller_leader',
      help: '1 while this controller leads the cluster, else 0',
      registers: [registry],
      collect() {
        this.set(self.isLeader() ? 1 : 0)
      },
    })
    new Gauge({
      name: 'shoal_controller_epoch',
      help: 'The epoch of the current or last term this controller led',
      registers: [registry],
      collect() {
        this.set(self.epoch())
      },
    })
    new Counter({
      name: 'shoal_controller_leadership_changes_total',
      help: 'Times this controller gained or lost leadership',
      registers: [registry],
      collect() {
        this.reset()
        this.inc(self.changes)
      },
    })
  }
}
