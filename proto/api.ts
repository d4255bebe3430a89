// HTTP API types shared by the controller and the CLI. Field names are stable: `--json` prints these.

import type { ErrorCode } from './errors.ts'

export type HostState = 'alive' | 'suspect' | 'dead'

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
