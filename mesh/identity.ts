import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { generateKey } from '@libp2p/pnet'

/** Creates a new Ed25519 peer identity; its serialized form is what daemons persist. */
export async function newIdentity(): Promise<Uint8Array> {
  return privateKeyToProtobuf(await generateKeyPair('Ed25519'))
}

export function loadIdentity(bytes: Uint8Array): PrivateKey {
  return privateKeyFromProtobuf(bytes)
}

/** A private-network pre-shared key in libp2p's swarm.key text format (95 bytes). */
export function newSwarmKey(): Uint8Array {
  const key = new Uint8Array(95)
  generateKey(key)
  return key
}
