// Stable error codes. The text of a message may change; the code may not. docs/ERRORS.md lists each one and a test
// fails when one is undocumented.

export const ErrorCodes = {
  UNAUTHORIZED: { status: 401, summary: 'missing or wrong API token' },
  FORBIDDEN: { status: 403, summary: 'the credentials are valid but may not do this' },
  NOT_FOUND: { status: 404, summary: 'no such resource' },
  INVALID_INPUT: { status: 422, summary: 'a request field is malformed or out of range' },
  INVALID_NAME: { status: 422, summary: 'a name does not match its naming rule' },
  CONFLICT: { status: 409, summary: 'the resource exists or changed concurrently' },
  PAYLOAD_TOO_LARGE: { status: 413, summary: 'an upload or body is over its size limit' },
  NOT_LEADER: { status: 503, summary: 'this controller is not the leader and cannot do this now' },
  UNAVAILABLE: { status: 503, summary: 'a dependency (store, mesh) is unavailable' },
  STORAGE_FULL: {
    status: 507,
    summary: "the controller's disk is full: writes are refused until space returns, reads go on",
  },
  INTERNAL: { status: 500, summary: 'an unexpected failure; the logs say more' },
  JOIN_REJECTED: { status: 403, summary: 'the join secret was wrong' },
  PEER_REVOKED: { status: 403, summary: 'the peer was removed from the cluster (hosts:remove) and may not rejoin' },
  VERSION_INCOMPATIBLE: { status: 409, summary: 'a peer runs a version outside the wire-compatibility rule' },
  NOT_ADMITTED: { status: 403, summary: 'the peer has not been admitted to the cluster' },
  STALE_EPOCH: { status: 409, summary: 'a command came from an older leader epoch than one already seen' },
  STALE_GENERATION: { status: 409, summary: 'a desired state is not newer than the one applied' },
  BAD_MESSAGE: { status: 400, summary: 'a mesh message could not be decoded' },
  TIMEOUT: { status: 504, summary: 'an operation did not finish in time' },
  BAD_TOKEN: { status: 400, summary: 'a join token is malformed' },
  CONFIG_MISSING: { status: 400, summary: 'the CLI has no credentials; run shoal init or set SHOAL_CONFIG' },
  RELEASE_PENDING: { status: 409, summary: 'a release is still in its release phase; retry when it ends' },
  RELEASE_FAILED: { status: 422, summary: 'the release command failed; the previous release stays current' },
  SECRET_UNREADABLE: {
    status: 500,
    summary: 'a sealed secret could not be opened (key missing from the keyring, or tampered)',
  },
  TLS_PIN_MISMATCH: {
    status: 495,
    summary: "the API's certificate does not have the pinned fingerprint; nothing (no token) was sent",
  },
  INVALID_CERTIFICATE: {
    status: 422,
    summary: 'a certificate or key is malformed, expired, or the key does not match the certificate',
  },
  ACME_FAILED: { status: 502, summary: 'the ACME server refused or failed an order; it is retried with back-off' },
} as const satisfies Record<string, { status: number; summary: string }>

export type ErrorCode = keyof typeof ErrorCodes

/** The one error class of shoal: carries a stable code; the message says what failed, then why. */
export class ShoalError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'ShoalError'
    this.code = code
  }

  get status(): number {
    return ErrorCodes[this.code].status
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ErrorCodes, value)
}
