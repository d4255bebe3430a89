import { ShoalError } from '../../proto/errors.ts'
import { casJson, type OpOptions, type Store } from '../store/store.ts'

/** Where the cluster's last leader epoch is kept, as `{ "epoch": n }`. */
export const EPOCH_KEY = 'cluster/epoch'

interface EpochRecord {
  epoch: number
}

/**
 * Raises the persisted epoch by one with compare-and-swap and returns the new value: of any number of controllers
 * bumping concurrently, each gets its own, and no value is ever handed out twice.
 */
export async function bumpEpoch(store: Store, options: OpOptions = {}): Promise<number> {
  const result = await casJson<EpochRecord>(store, EPOCH_KEY, (old) => ({ epoch: currentEpoch(old) + 1 }), {
    signal: options.signal,
    retries: 32,
  })
  return result.value!.epoch
}

function currentEpoch(record: unknown): number {
  if (record === undefined) return 0
  const epoch = (record as Partial<EpochRecord> | null)?.epoch
  if (typeof epoch !== 'number' || !Number.isSafeInteger(epoch) || epoch < 0) {
    // Starting from 0 again could reuse an epoch agents already saw; refuse instead of guessing.
    throw new ShoalError('INTERNAL', `Cannot raise the leader epoch: ${EPOCH_KEY} holds ${JSON.stringify(record)}`)
  }
  return epoch
}
