// HTTP API types shared by the controller and the CLI. Field names are stable: `--json` prints these.

import type { ErrorCode } from './errors.ts'

/** A host's liveness as membership judges it (mesh/membership.ts), the scheduler reads it and the API shows it. */
export const HOST_STATES = ['alive', 'suspect', 'dead'] as const
export type HostState = (typeof HOST_STATES)[number]

export interface HostView {
  id: string
  hostname: string
  address: string
  state: HostState
  cpu: { cores: number; allocatable: number; percent: number }
  memory: { total: number; allocatable: number; used: number }
  load: number
  dynos: number
  labels: Record<string, string>
  /** Set by hosts:drain: no new dynos, existing ones move away. */
  draining: boolean
  version: string
  admittedAt: string
  lastSeen: string | null
}

export interface HostsResponse {
  hosts: HostView[]
}

export interface JoinTokenResponse {
  token: string
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string }
}

export interface ClusterInfo {
  id: string
  domain: string
  leader: { epoch: number; peerId: string }
  version: string
}

// Apps, releases and config vars (Heroku Platform API shapes where they fit; camelCase fields).

export interface AppView {
  id: string
  name: string
  createdAt: string
  /** Custom buildpack URLs or paths in order; empty means detect automatically. */
  buildpacks: string[]
  /** The version of the current release (v1 is the initial release made with the app). */
  currentRelease: number
  releasedAt: string
  /** Bytes of the current release's slug; null before the first deploy. */
  slugSize: number | null
}

/** POST /v1/apps; a name is generated when none is given. */
export interface CreateAppRequest {
  name?: string
  buildpacks?: string[]
}

/** DELETE /v1/apps/:app needs the app's name again, in this body or as ?confirm=. */
export interface DestroyAppRequest {
  confirm: string
}

export type ReleaseStatus = 'pending' | 'succeeded' | 'failed' | 'expired'

/** A content-addressed tar.gz of /app and the process types its Procfile (or buildpacks) declared. */
export interface SlugView {
  sha256: string
  size: number
  processTypes: Record<string, string>
  commit?: string
}

/** A release as the API shows it: config vars are left out (GET …/releases/:version/config-vars has them). */
export interface ReleaseView {
  version: number
  description: string
  status: ReleaseStatus
  current: boolean
  createdAt: string
  user: string
  slug: SlugView | null
  /** For a rollback: the version whose slug and config it copied. */
  rollbackTo?: number
}

/** POST /v1/apps/:app/releases: roll back to a version (3 or "v3"); null means the release before the current one. */
export interface RollbackRequest {
  rollback: number | string | null
}

export type ConfigVars = Record<string, string>

/** PATCH /v1/apps/:app/config-vars: a string sets a var, null removes it. */
export type ConfigVarsPatch = Record<string, string | null>

/** The answer to a config-vars PATCH: the config now live and the release that carries it. */
export interface ConfigVarsUpdate {
  config: ConfigVars
  release: ReleaseView
  /** False when the patch changed nothing, so no release was made (release is then the current one). */
  changed: boolean
}

// Logs (Logplex's model: the newest 1500 lines per app, and live tails).

/** Where a line came from: the app's own output and API events (app[…]) or the platform (shoal[…]). */
export type LogSource = 'app' | 'shoal'

/**
 * GET /v1/apps/:app/logs?num=&source=&dyno=&ps= and the websocket GET /v1/apps/:app/logs/stream with the same query:
 * num 0–1500 (default 100), source app|shoal, dyno a dyno name (web.1, router, api), ps a process type (web).
 */
export interface LogsQuery {
  num?: number
  source?: LogSource
  dyno?: string
  ps?: string
}

/** Lines formatted like Logplex: `2026-11-26T15:00:00.123456+00:00 app[web.1]: message`, oldest first. */
export interface LogsResponse {
  lines: string[]
}

/**
 * How often a build's response stream carries an empty line; the controller says so in the response header
 * BUILD_HEARTBEAT_HEADER, and a client that hears nothing for BUILD_MISSED_HEARTBEATS of them takes the controller for
 * gone (its machine dead, no RST): a deploy cut by a dead leader ends in ~15 s and can be retried at once (the
 * survivors' etcd clients no longer wait on the dead machine's member: etcd-connection.ts memberBreaker).
 */
export const BUILD_HEARTBEAT_MS = 3_000
export const BUILD_HEARTBEAT_HEADER = 'x-shoal-heartbeat-ms'
export const BUILD_MISSED_HEARTBEATS = 5
/** Until the response names its heartbeat (the upload; a controller of an older version names none): this long. */
export const BUILD_IDLE_TIMEOUT_MS = 60_000

/** The idle timeout for a build stream whose response headers are `headers`. */
export function buildIdleTimeoutMs(headers: Record<string, string | string[] | undefined>): number {
  const every = Number(headers[BUILD_HEARTBEAT_HEADER])
  if (!Number.isFinite(every) || every <= 0) return BUILD_IDLE_TIMEOUT_MS
  return Math.max(5_000, Math.min(BUILD_IDLE_TIMEOUT_MS, every * BUILD_MISSED_HEARTBEATS))
}

/** One line of `POST /v1/apps/:app/builds`'s NDJSON stream: a log line, or the result (last). */
export type BuildEventLine =
  | { line: string; result?: undefined }
  | {
      line?: undefined
      result:
        | { ok: true; release: number; slug: SlugView; durationMs: number }
        | { ok: false; code: ErrorCode; message: string }
    }

// Formations and dynos (Heroku's formation and dyno resources; sizes are lowercase canonical names like
// 'standard-1x', which the CLI prints as Heroku does: Standard-1X).

/** GET /v1/apps/:app/formation: one entry per process type of the current release (the `release` type excluded). */
export interface FormationView {
  type: string
  quantity: number
  size: string
  command: string
}

/**
 * One change of a PATCH /v1/apps/:app/formation. Give quantity (0–100) or delta (+1, -2), and/or size (any case).
 * Heroku's string forms are accepted too: quantity "2" sets, "+1"/"-1" add or remove.
 */
export interface FormationUpdate {
  type: string
  quantity?: number | string
  delta?: number
  size?: string
}

/** PATCH /v1/apps/:app/formation: applied all together or not at all; the answer is the whole new formation. */
export interface FormationPatchRequest {
  updates: FormationUpdate[]
}

export type DynoState = 'starting' | 'up' | 'crashed' | 'down' | 'pending' | 'unplaceable' | 'stopping' | 'idle'

/** GET /v1/apps/:app/dynos: the app's formation dynos and one-off dynos (type 'run'). */
export interface DynoView {
  id: string
  /** web.1, run.4520 */
  name: string
  type: string
  size: string
  state: DynoState
  /** When the dyno entered `state`; null when it never ran (pending, unplaceable). */
  since: string | null
  command: string
  release: number
  host: string | null
  /** The host's id (peer id); hostnames need not be unique. */
  hostId?: string | null
  /** Why it is unplaceable, or the crash message. */
  reason?: string
}

/** DELETE /v1/apps/:app/dynos[/:target] and POST /v1/apps/:app/dynos/:target/actions/stop. */
export interface DynoActionResponse {
  /** How many dynos were restarted (or stopped). */
  dynos: number
}

// One-off dynos (`shoal run`): Heroku's dyno create, attached over a websocket or detached.

/** POST /v1/apps/:app/dynos (detached; the answer is the new dyno's DynoView). Heroku's fields, snake_case kept. */
export interface CreateDynoRequest {
  command: string
  /** Only false here: an attached run uses the websocket GET /v1/apps/:app/dynos/run. */
  attach?: boolean
  size?: string
  env?: Record<string, string>
  /** Seconds, 1–86400 (default 3600): the dyno is stopped after this. */
  time_to_live?: number
}

/**
 * The websocket GET /v1/apps/:app/dynos/run?command=CMD[&size=S][&env=K=V…][&ttl=SECONDS]. The server sends
 * RunServerMessage JSON as text frames, and the dyno's output as binary frames whose first byte says the stream
 * (1 stdout, 2 stderr). The client sends stdin as binary frames and `{"type":"eof"}` when stdin ends; closing the
 * socket stops the dyno.
 */
export type RunServerMessage =
  | { type: 'starting'; dyno: DynoView }
  | { type: 'up' }
  | { type: 'exit'; code: number; message: string }
  | { type: 'error'; code: ErrorCode; message: string }

export type RunClientMessage = { type: 'eof' }

export const RUN_STDOUT = 1
export const RUN_STDERR = 2

// Release packages a controller hands out to installers (GET /v1/package; no token needed).

export interface PackageView {
  file: string
  version: string
  size: number
  sha256: string
}

export interface PackageList {
  /** The controller's own version: what a new server installs unless told otherwise. */
  version: string
  /** curl's --pinnedpubkey of the API certificate: how a new server trusts this controller. */
  pin: string
  packages: PackageView[]
}

/** DELETE /v1/hosts/:host: the peers revoked and forgotten (the agent and its host's router). */
export interface RemovedHostsResponse {
  removed: Array<{ id: string; hostname: string; role: 'agent' | 'router' }>
}

/** GET /v1/hosts/revoked */
export interface RevokedPeersResponse {
  peers: Array<{ id: string; hostname: string; role: 'agent' | 'router'; revokedAt: string }>
}

/** POST /v1/cluster/secret-key: the new key that seals config vars at rest, and the records re-sealed with it. */
export interface SecretKeyRotation {
  key: string
  resealed: number
}

// Autoscaling (`shoal ps:autoscale*`) and per-dyno concurrency (`shoal ps:concurrency`).

/** POST /v1/apps/:app/autoscale/:type. Omitted fields take their defaults. */
export interface AutoscaleEnableRequest {
  min?: number
  max: number
  /** 'queue-time' (router queue time p95, ms; the default), 'p95' (response time p95, ms), 'concurrency'. */
  metric?: 'queue-time' | 'p95' | 'concurrency'
  target?: number
  windowMs?: number
  stabilizationMs?: number
  idleMs?: number
  notifications?: boolean
}

export interface AutoscaleFigures {
  windowMs: number
  arrivalsPerS: number
  queueP95Ms: number | null
  responseP95Ms: number | null
  /** Requests in flight plus queued, all routers. */
  inFlight: number
  queueLength: number
  dynosRoutable: number
  /** The autoscaling metric over this window. */
  metric: number | null
}

/** GET /v1/apps/:app/autoscale (a list), POST/DELETE /v1/apps/:app/autoscale/:type (one). */
export interface AutoscaleStatus {
  type: string
  enabled: boolean
  disabledReason?: string
  settings: {
    min: number
    max: number
    metric: 'queue-time' | 'p95' | 'concurrency'
    target: number
    windowMs: number
    stabilizationMs: number
    idleMs: number
    notifications: boolean
  }
  quantity: number | null
  sleeping: boolean
  panic: boolean
  /** Router figures over the short window and the last minute; null on a controller that is not the leader. */
  current: { short: AutoscaleFigures | null; stable: AutoscaleFigures | null }
  /** Newest first. */
  decisions: Array<{ at: string; kind: string; from: number; to: number; reason: string }>
}

/** GET/PATCH /v1/apps/:app/concurrency: requests one dyno of the type takes at once; 0 means no limit. */
export interface ConcurrencyView {
  type: string
  concurrency: number
}

/** One controller as `shoal controllers` shows it (GET /v1/controller for itself, /v1/controllers for all). */
export interface ControllerStatus {
  id: string
  apiUrl: string
  /** leader or follower; unreachable when another controller could not ask it. */
  role: 'leader' | 'follower' | 'unreachable'
  /** The epoch of its current or last term (0: never led). */
  epoch: number
  store: { kind: 'level' | 'etcd'; healthy: boolean; latencyMs: number | null; error?: string | undefined }
  version: string
  leader?: { id: string; apiUrl: string; epoch: number } | undefined
}

export interface ControllersResponse {
  controllers: ControllerStatus[]
}

/** The header a follower's NOT_LEADER answer carries: the API URL of the leader to ask instead. */
export const LEADER_HEADER = 'shoal-leader'

// Log drains (Logplex's log-drain: id, url, token d.<uuid>). App drains are at /v1/apps/:app/log-drains (at most 5
// per app); cluster drains, which receive every app's lines, at /v1/log-drains.

export interface LogDrainView {
  id: string
  url: string
  /** Logplex-Drain-Token and the syslog HOSTNAME field: `d.<uuid>`. */
  token: string
  /** The app it drains, or null for a cluster drain. */
  app: string | null
  /** True when a CA certificate was given for verifying the drain's TLS certificate. */
  customCa: boolean
  createdAt: string
  updatedAt: string
}

/** POST /v1/apps/:app/log-drains and /v1/log-drains. ca: PEM certificates to trust for syslog+tls:// and https://. */
export interface LogDrainCreate {
  url: string
  ca?: string
}

/**
 * A mutating request may carry this header (any unique string up to 200 characters): a retry with the same key
 * returns the first answer instead of applying the change again (see controller/api/idempotency.ts).
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key'
/** Set on an answer replayed for an idempotency key rather than produced by running the request. */
export const REPLAYED_HEADER = 'idempotent-replayed'
