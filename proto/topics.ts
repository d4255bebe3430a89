// Gossipsub topics and stream protocol ids. Versioned: a breaking change to a message gets a new id.

export const TOPIC_HOST_REPORT = 'shoal/host-report/1'
export const TOPIC_LEADER = 'shoal/leader/1'
export const TOPIC_ROUTES = 'shoal/routes/1'
export const TOPIC_ROUTER_REPORT = 'shoal/router-report/1'
export const TOPIC_LOGS = 'shoal/logs/1'
export const TOPIC_APPS = 'shoal/apps/1'

export const PROTOCOL_JOIN = '/shoal/join/1.0.0'
export const PROTOCOL_DESIRED = '/shoal/desired/1.0.0'
export const PROTOCOL_STATUS = '/shoal/status/1.0.0'
export const PROTOCOL_BLOB = '/shoal/blob/1.0.0'
export const PROTOCOL_BUILD = '/shoal/build/1.0.0'
/** A one-off dyno's stdin/stdout/stderr and exit code: AttachRequest, then AttachInput frames ↔ AttachOutput frames. */
export const PROTOCOL_ATTACH = '/shoal/attach/1.0.0'
/** A peer's stack rootfs tarball by stack version: StackRequest → StackHeader, then chunks as on PROTOCOL_BLOB. */
export const PROTOCOL_STACK = '/shoal/stack/1.0.0'

/** Every daemon publishes its report this often; membership timing derives from it. */
export const HOST_REPORT_INTERVAL_MS = 2000
/** How long the leader holds a restarting agent's dynos (HostReport.restartGraceMs) before it may judge it dead. */
export const RESTART_GRACE_MS = 60_000

/** Log lines from agents and routers to the log hub: request LogBatch, response an empty LogBatch (the ack). */
export const PROTOCOL_LOGS = '/shoal/logs/1.0.0'

/** A router asks the leader to wake a process type scaled to zero: WakeRequest → empty WakeRequest. */
export const PROTOCOL_WAKE = '/shoal/wake/1.0.0'
/** Certificates and ACME challenges for routers: TlsStateRequest → TlsState (from the leader). */
export const PROTOCOL_TLS = '/shoal/tls/1.0.0'

/** Every daemon's Prometheus endpoint (MetricsEndpoint), for the controller's service discovery. */
export const TOPIC_METRICS = 'shoal/metrics/1'
export const METRICS_ANNOUNCE_INTERVAL_MS = 10_000
