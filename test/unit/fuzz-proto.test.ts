// Every protobuf message decoder against thousands of random and mutated inputs: each input decodes to a message
// or fails with BAD_MESSAGE; nothing else is thrown and nothing hangs. Valid inputs come from random messages built
// through protobufjs reflection over proto/shoal.proto. Seeded: a failure prints SHOAL_FUZZ_SEED to rerun it.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import protobuf from 'protobufjs'
import * as codecs from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { describeBytes, fuzzSeed, mutateBytes, type Rng, rng } from '../helpers/fuzz.ts'

const PROTO = fileURLToPath(new URL('../../proto/shoal.proto', import.meta.url))
const RANDOM_PER_TYPE = 150
const MUTATED_PER_TYPE = 250

type AnyCodec = codecs.Codec<unknown>
const all = Object.entries(codecs)
  .filter(([k, v]) => k.endsWith('Codec') && typeof v === 'object' && v !== null && 'decode' in v)
  .map(([, v]) => v as AnyCodec)

function randomScalar(r: Rng, type: string): unknown {
  switch (type) {
    case 'string':
      return r.pick(['', 'web.1', 'x'.repeat(r.int(300)), '💥', String(r.int(1e9))])
    case 'bool':
      return r.next() < 0.5
    case 'bytes':
      return r.bytes(r.int(64))
    case 'double':
    case 'float':
      return r.next() * 1e6
    case 'int32':
    case 'sint32':
      return r.int(2 ** 31) - 2 ** 30
    default: // uint32, uint64, int64, fixed…
      return r.int(2 ** 31)
  }
}

function randomMessage(r: Rng, type: protobuf.Type, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const field of type.fieldsArray) {
    if (r.int(3) === 0) continue
    field.resolve()
    const value = (): unknown => {
      if (field.resolvedType instanceof protobuf.Type)
        return depth < 3 ? randomMessage(r, field.resolvedType, depth + 1) : {}
      if (field.resolvedType instanceof protobuf.Enum) return r.pick(Object.values(field.resolvedType.values))
      return randomScalar(r, field.type)
    }
    if (field.map) {
      const m: Record<string, unknown> = {}
      for (let i = r.int(3); i > 0; i--) m[String(randomScalar(r, 'string'))] = value()
      out[field.name] = m
    } else if (field.repeated) out[field.name] = Array.from({ length: r.int(4) }, value)
    else out[field.name] = value()
  }
  return out
}

test('every mesh message decoder turns garbage into BAD_MESSAGE and nothing else', { timeout: 120_000 }, () => {
  const seed = fuzzSeed()
  const r = rng(seed)
  const root = protobuf.loadSync(PROTO)
  assert.ok(all.length >= 20, `found only ${all.length} codecs`)
  let decoded = 0
  let refused = 0
  for (const codec of all) {
    const type = root.lookupType(`shoal.${codec.name}`)
    const inputs: Uint8Array[] = []
    for (let i = 0; i < RANDOM_PER_TYPE; i++) inputs.push(r.bytes(r.int(200)))
    for (let i = 0; i < MUTATED_PER_TYPE; i++) {
      let bytes = type.encode(type.fromObject(randomMessage(r, type))).finish()
      for (let n = r.int(3); n > 0; n--) bytes = mutateBytes(r, bytes) // a third stay valid
      inputs.push(bytes)
    }
    for (const input of inputs) {
      try {
        const message = codec.decode(input)
        assert.equal(typeof message, 'object')
        decoded++
      } catch (err) {
        if (
          err instanceof ShoalError &&
          err.code === 'BAD_MESSAGE' &&
          err.message.startsWith(`Cannot decode ${codec.name}:`)
        ) {
          refused++
          continue
        }
        assert.fail(
          `${codec.name}.decode threw ${(err as Error)?.name}: ${(err as Error)?.message}\n` +
            `input ${describeBytes(input)}\nrerun with SHOAL_FUZZ_SEED=${seed}`,
        )
      }
    }
  }
  // Both outcomes must actually happen, or the fuzzer is not exercising the decoders.
  assert.ok(decoded > 1000 && refused > 1000, `decoded ${decoded}, refused ${refused} (seed ${seed})`)
})
