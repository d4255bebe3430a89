import { ShoalError } from './errors.ts'
import { shoal } from './gen/shoal.js'

/** Encodes and decodes one protobuf message type. decode throws on malformed input; callers at the edge catch. */
export interface Codec<T> {
  readonly name: string
  encode(message: T): Uint8Array
  decode(bytes: Uint8Array): T
}

interface GeneratedType<T> {
  encode(message: T): { finish(): Uint8Array }
  decode(bytes: Uint8Array): T
  toObject(message: never, options: object): Record<string, unknown>
}

// Decoded messages become plain objects: 64-bit fields as numbers (ours fit in 2^53: bytes, ms, counters) and every
// field present with its default, so consumers need no Long handling and no undefined checks for scalars.
const PLAIN = { longs: Number, enums: Number, bytes: Uint8Array, defaults: true, arrays: true, objects: true }

function codec<T>(name: string, type: GeneratedType<T>): Codec<T> {
  return {
    name,
    encode: (message) => type.encode(message).finish(),
    // Throws BAD_MESSAGE on truncated or mis-typed wire data (whatever protobufjs threw, a stack overflow from nested
    // groups included). Bytes that happen to parse still need semantic checks by the caller.
    decode: (bytes) => {
      try {
        return type.toObject(type.decode(bytes) as never, PLAIN) as T
      } catch (err) {
        throw new ShoalError('BAD_MESSAGE', `Cannot decode ${name}: ${(err as Error).message ?? String(err)}`)
      }
    },
  }
}

export type HostReport = shoal.IHostReport
export type Resources = shoal.IResources
export type Usage = shoal.IUsage
export type LeaderAnnouncement = shoal.ILeaderAnnouncement
export type JoinRequest = shoal.IJoinRequest
export type JoinResponse = shoal.IJoinResponse
export type DynoSpec = shoal.IDynoSpec
export type DesiredState = shoal.IDesiredState
export type DesiredStateAck = shoal.IDesiredStateAck
export type DynoStatus = shoal.IDynoStatus
export type HostStatus = shoal.IHostStatus
export type Route = shoal.IRoute
export type RouteAnnouncement = shoal.IRouteAnnouncement
export type ProcessStats = shoal.IProcessStats
export type RouterReport = shoal.IRouterReport
export type LogLine = shoal.ILogLine
export type LogBatch = shoal.ILogBatch
export type StreamError = shoal.IStreamError
export type BlobRequest = shoal.IBlobRequest
export type BlobHeader = shoal.IBlobHeader
export type BuildRequest = shoal.IBuildRequest
export type BuildResult = shoal.IBuildResult
export type BuildEvent = shoal.IBuildEvent
export type AppEntry = shoal.IAppEntry
export type AppDirectory = shoal.IAppDirectory
export type WakeRequest = shoal.IWakeRequest
export type Certificate = shoal.ICertificate
export type AcmeChallenge = shoal.IAcmeChallenge
export type TlsStateRequest = shoal.ITlsStateRequest
export type TlsState = shoal.ITlsState
export type StackRequest = shoal.IStackRequest
export type StackHeader = shoal.IStackHeader
export type MetricsEndpoint = shoal.IMetricsEndpoint
export type AttachRequest = shoal.IAttachRequest
export type AttachInput = shoal.IAttachInput
export type AttachOutput = shoal.IAttachOutput
export const DynoState = shoal.DynoState
export type DynoState = shoal.DynoState

export const HostReportCodec: Codec<HostReport> = codec('HostReport', shoal.HostReport)
export const LeaderAnnouncementCodec: Codec<LeaderAnnouncement> = codec('LeaderAnnouncement', shoal.LeaderAnnouncement)
export const JoinRequestCodec: Codec<JoinRequest> = codec('JoinRequest', shoal.JoinRequest)
export const JoinResponseCodec: Codec<JoinResponse> = codec('JoinResponse', shoal.JoinResponse)
export const DynoSpecCodec: Codec<DynoSpec> = codec('DynoSpec', shoal.DynoSpec)
export const DesiredStateCodec: Codec<DesiredState> = codec('DesiredState', shoal.DesiredState)
export const DesiredStateAckCodec: Codec<DesiredStateAck> = codec('DesiredStateAck', shoal.DesiredStateAck)
export const DynoStatusCodec: Codec<DynoStatus> = codec('DynoStatus', shoal.DynoStatus)
export const HostStatusCodec: Codec<HostStatus> = codec('HostStatus', shoal.HostStatus)
export const RouteAnnouncementCodec: Codec<RouteAnnouncement> = codec('RouteAnnouncement', shoal.RouteAnnouncement)
export const RouterReportCodec: Codec<RouterReport> = codec('RouterReport', shoal.RouterReport)
export const LogLineCodec: Codec<LogLine> = codec('LogLine', shoal.LogLine)
export const LogBatchCodec: Codec<LogBatch> = codec('LogBatch', shoal.LogBatch)
export const StreamErrorCodec: Codec<StreamError> = codec('StreamError', shoal.StreamError)
export const BlobRequestCodec: Codec<BlobRequest> = codec('BlobRequest', shoal.BlobRequest)
export const BlobHeaderCodec: Codec<BlobHeader> = codec('BlobHeader', shoal.BlobHeader)
export const BuildRequestCodec: Codec<BuildRequest> = codec('BuildRequest', shoal.BuildRequest)
export const BuildEventCodec: Codec<BuildEvent> = codec('BuildEvent', shoal.BuildEvent)
export const AppDirectoryCodec: Codec<AppDirectory> = codec('AppDirectory', shoal.AppDirectory)
export const StackRequestCodec: Codec<StackRequest> = codec('StackRequest', shoal.StackRequest)
export const StackHeaderCodec: Codec<StackHeader> = codec('StackHeader', shoal.StackHeader)
export const AttachRequestCodec: Codec<AttachRequest> = codec('AttachRequest', shoal.AttachRequest)
export const AttachInputCodec: Codec<AttachInput> = codec('AttachInput', shoal.AttachInput)
export const AttachOutputCodec: Codec<AttachOutput> = codec('AttachOutput', shoal.AttachOutput)
export const WakeRequestCodec: Codec<WakeRequest> = codec('WakeRequest', shoal.WakeRequest)
export const TlsStateRequestCodec: Codec<TlsStateRequest> = codec('TlsStateRequest', shoal.TlsStateRequest)
export const TlsStateCodec: Codec<TlsState> = codec('TlsState', shoal.TlsState)
export const MetricsEndpointCodec: Codec<MetricsEndpoint> = codec('MetricsEndpoint', shoal.MetricsEndpoint)
