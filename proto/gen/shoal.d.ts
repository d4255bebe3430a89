import * as $protobuf from "protobufjs";

export namespace shoal {

    interface IResources extends shoal.Resources.$Properties {
    }

    class Resources {
        constructor(properties?: shoal.Resources.$Properties);
        $unknowns?: Uint8Array[];
        cpuCores: number;
        memoryBytes: number;
        static create(properties: shoal.Resources.$Shape): shoal.Resources & shoal.Resources.$Shape;
        static create(properties?: shoal.Resources.$Properties): shoal.Resources;
        static encode(message: shoal.Resources.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.Resources & shoal.Resources.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.Resources;
        static toObject(message: shoal.Resources, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace Resources {
        interface $Properties {
            cpuCores?: (number|null);
            memoryBytes?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.Resources.$Properties;
    }

    interface IUsage extends shoal.Usage.$Properties {
    }

    class Usage {
        constructor(properties?: shoal.Usage.$Properties);
        $unknowns?: Uint8Array[];
        cpuPercent: number;
        memoryUsedBytes: number;
        load1: number;
        static create(properties: shoal.Usage.$Shape): shoal.Usage & shoal.Usage.$Shape;
        static create(properties?: shoal.Usage.$Properties): shoal.Usage;
        static encode(message: shoal.Usage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.Usage & shoal.Usage.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.Usage;
        static toObject(message: shoal.Usage, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace Usage {
        interface $Properties {
            cpuPercent?: (number|null);
            memoryUsedBytes?: (number|null);
            load1?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.Usage.$Properties;
    }

    interface IHostReport extends shoal.HostReport.$Properties {
    }

    class HostReport {
        constructor(properties?: shoal.HostReport.$Properties);
        $unknowns?: Uint8Array[];
        hostId: string;
        hostname: string;
        addresses: string[];
        labels: { [k: string]: string };
        capacity?: (shoal.Resources.$Properties|null);
        allocatable?: (shoal.Resources.$Properties|null);
        usage?: (shoal.Usage.$Properties|null);
        dynoCount: number;
        agentVersion: string;
        seq: number;
        sentAtMs: number;
        ip: string;
        appliedGeneration: number;
        appliedEpoch: number;
        draining: boolean;
        stackVersion: string;
        restartGraceMs: number;
        stackSha256: string;
        static create(properties: shoal.HostReport.$Shape): shoal.HostReport & shoal.HostReport.$Shape;
        static create(properties?: shoal.HostReport.$Properties): shoal.HostReport;
        static encode(message: shoal.HostReport.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.HostReport & shoal.HostReport.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.HostReport;
        static toObject(message: shoal.HostReport, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace HostReport {
        interface $Properties {
            hostId?: (string|null);
            hostname?: (string|null);
            addresses?: (string[]|null);
            labels?: ({ [k: string]: string }|null);
            capacity?: (shoal.Resources.$Properties|null);
            allocatable?: (shoal.Resources.$Properties|null);
            usage?: (shoal.Usage.$Properties|null);
            dynoCount?: (number|null);
            agentVersion?: (string|null);
            seq?: (number|null);
            sentAtMs?: (number|null);
            ip?: (string|null);
            appliedGeneration?: (number|null);
            appliedEpoch?: (number|null);
            draining?: (boolean|null);
            stackVersion?: (string|null);
            restartGraceMs?: (number|null);
            stackSha256?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.HostReport.$Properties;
    }

    interface ILeaderAnnouncement extends shoal.LeaderAnnouncement.$Properties {
    }

    class LeaderAnnouncement {
        constructor(properties?: shoal.LeaderAnnouncement.$Properties);
        $unknowns?: Uint8Array[];
        peerId: string;
        epoch: number;
        apiUrl: string;
        addresses: string[];
        sentAtMs: number;
        static create(properties: shoal.LeaderAnnouncement.$Shape): shoal.LeaderAnnouncement & shoal.LeaderAnnouncement.$Shape;
        static create(properties?: shoal.LeaderAnnouncement.$Properties): shoal.LeaderAnnouncement;
        static encode(message: shoal.LeaderAnnouncement.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.LeaderAnnouncement & shoal.LeaderAnnouncement.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.LeaderAnnouncement;
        static toObject(message: shoal.LeaderAnnouncement, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace LeaderAnnouncement {
        interface $Properties {
            peerId?: (string|null);
            epoch?: (number|null);
            apiUrl?: (string|null);
            addresses?: (string[]|null);
            sentAtMs?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.LeaderAnnouncement.$Properties;
    }

    interface IJoinRequest extends shoal.JoinRequest.$Properties {
    }

    class JoinRequest {
        constructor(properties?: shoal.JoinRequest.$Properties);
        $unknowns?: Uint8Array[];
        secret: string;
        hostname: string;
        role: string;
        version: string;
        static create(properties: shoal.JoinRequest.$Shape): shoal.JoinRequest & shoal.JoinRequest.$Shape;
        static create(properties?: shoal.JoinRequest.$Properties): shoal.JoinRequest;
        static encode(message: shoal.JoinRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.JoinRequest & shoal.JoinRequest.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.JoinRequest;
        static toObject(message: shoal.JoinRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace JoinRequest {
        interface $Properties {
            secret?: (string|null);
            hostname?: (string|null);
            role?: (string|null);
            version?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.JoinRequest.$Properties;
    }

    interface IJoinResponse extends shoal.JoinResponse.$Properties {
    }

    class JoinResponse {
        constructor(properties?: shoal.JoinResponse.$Properties);
        $unknowns?: Uint8Array[];
        ok: boolean;
        code: string;
        message: string;
        clusterId: string;
        domain: string;
        static create(properties: shoal.JoinResponse.$Shape): shoal.JoinResponse & shoal.JoinResponse.$Shape;
        static create(properties?: shoal.JoinResponse.$Properties): shoal.JoinResponse;
        static encode(message: shoal.JoinResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.JoinResponse & shoal.JoinResponse.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.JoinResponse;
        static toObject(message: shoal.JoinResponse, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace JoinResponse {
        interface $Properties {
            ok?: (boolean|null);
            code?: (string|null);
            message?: (string|null);
            clusterId?: (string|null);
            domain?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.JoinResponse.$Properties;
    }

    interface IDynoSpec extends shoal.DynoSpec.$Properties {
    }

    class DynoSpec {
        constructor(properties?: shoal.DynoSpec.$Properties);
        $unknowns?: Uint8Array[];
        id: string;
        app: string;
        processType: string;
        name: string;
        release: number;
        slugSha256: string;
        command: string;
        env: { [k: string]: string };
        size: string;
        port: number;
        stack: string;
        oneOff: boolean;
        attach: boolean;
        static create(properties: shoal.DynoSpec.$Shape): shoal.DynoSpec & shoal.DynoSpec.$Shape;
        static create(properties?: shoal.DynoSpec.$Properties): shoal.DynoSpec;
        static encode(message: shoal.DynoSpec.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.DynoSpec & shoal.DynoSpec.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.DynoSpec;
        static toObject(message: shoal.DynoSpec, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace DynoSpec {
        interface $Properties {
            id?: (string|null);
            app?: (string|null);
            processType?: (string|null);
            name?: (string|null);
            release?: (number|null);
            slugSha256?: (string|null);
            command?: (string|null);
            env?: ({ [k: string]: string }|null);
            size?: (string|null);
            port?: (number|null);
            stack?: (string|null);
            oneOff?: (boolean|null);
            attach?: (boolean|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.DynoSpec.$Properties;
    }

    interface IDesiredState extends shoal.DesiredState.$Properties {
    }

    class DesiredState {
        constructor(properties?: shoal.DesiredState.$Properties);
        $unknowns?: Uint8Array[];
        epoch: number;
        generation: number;
        hostId: string;
        dynos: shoal.DynoSpec.$Properties[];
        draining: boolean;
        static create(properties: shoal.DesiredState.$Shape): shoal.DesiredState & shoal.DesiredState.$Shape;
        static create(properties?: shoal.DesiredState.$Properties): shoal.DesiredState;
        static encode(message: shoal.DesiredState.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.DesiredState & shoal.DesiredState.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.DesiredState;
        static toObject(message: shoal.DesiredState, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace DesiredState {
        interface $Properties {
            epoch?: (number|null);
            generation?: (number|null);
            hostId?: (string|null);
            dynos?: (shoal.DynoSpec.$Properties[]|null);
            draining?: (boolean|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.DesiredState.$Properties;
    }

    interface IDesiredStateAck extends shoal.DesiredStateAck.$Properties {
    }

    class DesiredStateAck {
        constructor(properties?: shoal.DesiredStateAck.$Properties);
        $unknowns?: Uint8Array[];
        accepted: boolean;
        code: string;
        message: string;
        epoch: number;
        generation: number;
        static create(properties: shoal.DesiredStateAck.$Shape): shoal.DesiredStateAck & shoal.DesiredStateAck.$Shape;
        static create(properties?: shoal.DesiredStateAck.$Properties): shoal.DesiredStateAck;
        static encode(message: shoal.DesiredStateAck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.DesiredStateAck & shoal.DesiredStateAck.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.DesiredStateAck;
        static toObject(message: shoal.DesiredStateAck, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace DesiredStateAck {
        interface $Properties {
            accepted?: (boolean|null);
            code?: (string|null);
            message?: (string|null);
            epoch?: (number|null);
            generation?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.DesiredStateAck.$Properties;
    }

    enum DynoState {
        DYNO_STATE_UNSPECIFIED = 0,
        DYNO_STATE_STARTING = 1,
        DYNO_STATE_UP = 2,
        DYNO_STATE_STOPPING = 3,
        DYNO_STATE_DOWN = 4,
        DYNO_STATE_CRASHED = 5,
        DYNO_STATE_PENDING = 6
    }

    interface IDynoStatus extends shoal.DynoStatus.$Properties {
    }

    class DynoStatus {
        constructor(properties?: shoal.DynoStatus.$Properties);
        $unknowns?: Uint8Array[];
        id: string;
        app: string;
        name: string;
        hostId: string;
        state: shoal.DynoState;
        release: number;
        sinceMs: number;
        exitCode: number;
        restarts: number;
        message: string;
        memoryBytes: number;
        cpuLoad: number;
        memoryQuotaBytes: number;
        static create(properties: shoal.DynoStatus.$Shape): shoal.DynoStatus & shoal.DynoStatus.$Shape;
        static create(properties?: shoal.DynoStatus.$Properties): shoal.DynoStatus;
        static encode(message: shoal.DynoStatus.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.DynoStatus & shoal.DynoStatus.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.DynoStatus;
        static toObject(message: shoal.DynoStatus, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace DynoStatus {
        interface $Properties {
            id?: (string|null);
            app?: (string|null);
            name?: (string|null);
            hostId?: (string|null);
            state?: (shoal.DynoState|null);
            release?: (number|null);
            sinceMs?: (number|null);
            exitCode?: (number|null);
            restarts?: (number|null);
            message?: (string|null);
            memoryBytes?: (number|null);
            cpuLoad?: (number|null);
            memoryQuotaBytes?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.DynoStatus.$Properties;
    }

    interface IHostStatus extends shoal.HostStatus.$Properties {
    }

    class HostStatus {
        constructor(properties?: shoal.HostStatus.$Properties);
        $unknowns?: Uint8Array[];
        hostId: string;
        epoch: number;
        generation: number;
        dynos: shoal.DynoStatus.$Properties[];
        static create(properties: shoal.HostStatus.$Shape): shoal.HostStatus & shoal.HostStatus.$Shape;
        static create(properties?: shoal.HostStatus.$Properties): shoal.HostStatus;
        static encode(message: shoal.HostStatus.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.HostStatus & shoal.HostStatus.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.HostStatus;
        static toObject(message: shoal.HostStatus, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace HostStatus {
        interface $Properties {
            hostId?: (string|null);
            epoch?: (number|null);
            generation?: (number|null);
            dynos?: (shoal.DynoStatus.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.HostStatus.$Properties;
    }

    interface IRoute extends shoal.Route.$Properties {
    }

    class Route {
        constructor(properties?: shoal.Route.$Properties);
        $unknowns?: Uint8Array[];
        dynoId: string;
        app: string;
        processType: string;
        dynoName: string;
        release: number;
        hostId: string;
        address: string;
        static create(properties: shoal.Route.$Shape): shoal.Route & shoal.Route.$Shape;
        static create(properties?: shoal.Route.$Properties): shoal.Route;
        static encode(message: shoal.Route.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.Route & shoal.Route.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.Route;
        static toObject(message: shoal.Route, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace Route {
        interface $Properties {
            dynoId?: (string|null);
            app?: (string|null);
            processType?: (string|null);
            dynoName?: (string|null);
            release?: (number|null);
            hostId?: (string|null);
            address?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.Route.$Properties;
    }

    interface IRouteAnnouncement extends shoal.RouteAnnouncement.$Properties {
    }

    class RouteAnnouncement {
        constructor(properties?: shoal.RouteAnnouncement.$Properties);
        $unknowns?: Uint8Array[];
        hostId: string;
        seq: number;
        up: shoal.Route.$Properties[];
        withdrawn: string[];
        snapshot: boolean;
        sentAtMs: number;
        static create(properties: shoal.RouteAnnouncement.$Shape): shoal.RouteAnnouncement & shoal.RouteAnnouncement.$Shape;
        static create(properties?: shoal.RouteAnnouncement.$Properties): shoal.RouteAnnouncement;
        static encode(message: shoal.RouteAnnouncement.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.RouteAnnouncement & shoal.RouteAnnouncement.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.RouteAnnouncement;
        static toObject(message: shoal.RouteAnnouncement, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace RouteAnnouncement {
        interface $Properties {
            hostId?: (string|null);
            seq?: (number|null);
            up?: (shoal.Route.$Properties[]|null);
            withdrawn?: (string[]|null);
            snapshot?: (boolean|null);
            sentAtMs?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.RouteAnnouncement.$Properties;
    }

    interface IProcessStats extends shoal.ProcessStats.$Properties {
    }

    class ProcessStats {
        constructor(properties?: shoal.ProcessStats.$Properties);
        $unknowns?: Uint8Array[];
        app: string;
        processType: string;
        requests: number;
        inFlight: number;
        ratePerS: number;
        queueP50Ms: number;
        queueP95Ms: number;
        serviceP50Ms: number;
        serviceP95Ms: number;
        errors: number;
        arrivals: number;
        completions: number;
        queueLength: number;
        queueSketch: Uint8Array;
        serviceSketch: Uint8Array;
        dynos: number;
        static create(properties: shoal.ProcessStats.$Shape): shoal.ProcessStats & shoal.ProcessStats.$Shape;
        static create(properties?: shoal.ProcessStats.$Properties): shoal.ProcessStats;
        static encode(message: shoal.ProcessStats.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.ProcessStats & shoal.ProcessStats.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.ProcessStats;
        static toObject(message: shoal.ProcessStats, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace ProcessStats {
        interface $Properties {
            app?: (string|null);
            processType?: (string|null);
            requests?: (number|null);
            inFlight?: (number|null);
            ratePerS?: (number|null);
            queueP50Ms?: (number|null);
            queueP95Ms?: (number|null);
            serviceP50Ms?: (number|null);
            serviceP95Ms?: (number|null);
            errors?: (number|null);
            arrivals?: (number|null);
            completions?: (number|null);
            queueLength?: (number|null);
            queueSketch?: (Uint8Array|null);
            serviceSketch?: (Uint8Array|null);
            dynos?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.ProcessStats.$Properties;
    }

    interface IRouterReport extends shoal.RouterReport.$Properties {
    }

    class RouterReport {
        constructor(properties?: shoal.RouterReport.$Properties);
        $unknowns?: Uint8Array[];
        hostId: string;
        sentAtMs: number;
        intervalMs: number;
        stats: shoal.ProcessStats.$Properties[];
        drained: string[];
        directoryEpoch: number;
        directorySentAtMs: number;
        static create(properties: shoal.RouterReport.$Shape): shoal.RouterReport & shoal.RouterReport.$Shape;
        static create(properties?: shoal.RouterReport.$Properties): shoal.RouterReport;
        static encode(message: shoal.RouterReport.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.RouterReport & shoal.RouterReport.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.RouterReport;
        static toObject(message: shoal.RouterReport, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace RouterReport {
        interface $Properties {
            hostId?: (string|null);
            sentAtMs?: (number|null);
            intervalMs?: (number|null);
            stats?: (shoal.ProcessStats.$Properties[]|null);
            drained?: (string[]|null);
            directoryEpoch?: (number|null);
            directorySentAtMs?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.RouterReport.$Properties;
    }

    interface ILogLine extends shoal.LogLine.$Properties {
    }

    class LogLine {
        constructor(properties?: shoal.LogLine.$Properties);
        $unknowns?: Uint8Array[];
        app: string;
        atUs: number;
        source: string;
        dyno: string;
        message: string;
        hostId: string;
        static create(properties: shoal.LogLine.$Shape): shoal.LogLine & shoal.LogLine.$Shape;
        static create(properties?: shoal.LogLine.$Properties): shoal.LogLine;
        static encode(message: shoal.LogLine.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.LogLine & shoal.LogLine.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.LogLine;
        static toObject(message: shoal.LogLine, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace LogLine {
        interface $Properties {
            app?: (string|null);
            atUs?: (number|null);
            source?: (string|null);
            dyno?: (string|null);
            message?: (string|null);
            hostId?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.LogLine.$Properties;
    }

    interface ILogBatch extends shoal.LogBatch.$Properties {
    }

    class LogBatch {
        constructor(properties?: shoal.LogBatch.$Properties);
        $unknowns?: Uint8Array[];
        lines: shoal.LogLine.$Properties[];
        static create(properties: shoal.LogBatch.$Shape): shoal.LogBatch & shoal.LogBatch.$Shape;
        static create(properties?: shoal.LogBatch.$Properties): shoal.LogBatch;
        static encode(message: shoal.LogBatch.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.LogBatch & shoal.LogBatch.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.LogBatch;
        static toObject(message: shoal.LogBatch, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace LogBatch {
        interface $Properties {
            lines?: (shoal.LogLine.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.LogBatch.$Properties;
    }

    interface IStreamError extends shoal.StreamError.$Properties {
    }

    class StreamError {
        constructor(properties?: shoal.StreamError.$Properties);
        $unknowns?: Uint8Array[];
        code: string;
        message: string;
        static create(properties: shoal.StreamError.$Shape): shoal.StreamError & shoal.StreamError.$Shape;
        static create(properties?: shoal.StreamError.$Properties): shoal.StreamError;
        static encode(message: shoal.StreamError.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.StreamError & shoal.StreamError.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.StreamError;
        static toObject(message: shoal.StreamError, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace StreamError {
        interface $Properties {
            code?: (string|null);
            message?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.StreamError.$Properties;
    }

    interface IBlobRequest extends shoal.BlobRequest.$Properties {
    }

    class BlobRequest {
        constructor(properties?: shoal.BlobRequest.$Properties);
        $unknowns?: Uint8Array[];
        sha256: string;
        static create(properties: shoal.BlobRequest.$Shape): shoal.BlobRequest & shoal.BlobRequest.$Shape;
        static create(properties?: shoal.BlobRequest.$Properties): shoal.BlobRequest;
        static encode(message: shoal.BlobRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.BlobRequest & shoal.BlobRequest.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.BlobRequest;
        static toObject(message: shoal.BlobRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace BlobRequest {
        interface $Properties {
            sha256?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.BlobRequest.$Properties;
    }

    interface IBlobHeader extends shoal.BlobHeader.$Properties {
    }

    class BlobHeader {
        constructor(properties?: shoal.BlobHeader.$Properties);
        $unknowns?: Uint8Array[];
        found: boolean;
        size: number;
        code: string;
        message: string;
        static create(properties: shoal.BlobHeader.$Shape): shoal.BlobHeader & shoal.BlobHeader.$Shape;
        static create(properties?: shoal.BlobHeader.$Properties): shoal.BlobHeader;
        static encode(message: shoal.BlobHeader.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.BlobHeader & shoal.BlobHeader.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.BlobHeader;
        static toObject(message: shoal.BlobHeader, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace BlobHeader {
        interface $Properties {
            found?: (boolean|null);
            size?: (number|null);
            code?: (string|null);
            message?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.BlobHeader.$Properties;
    }

    interface IBuildRequest extends shoal.BuildRequest.$Properties {
    }

    class BuildRequest {
        constructor(properties?: shoal.BuildRequest.$Properties);
        $unknowns?: Uint8Array[];
        buildId: string;
        app: string;
        sourceSha256: string;
        sourcePeer: string;
        buildpacks: string[];
        env: { [k: string]: string };
        stack: string;
        maxSlugBytes: number;
        timeoutS: number;
        static create(properties: shoal.BuildRequest.$Shape): shoal.BuildRequest & shoal.BuildRequest.$Shape;
        static create(properties?: shoal.BuildRequest.$Properties): shoal.BuildRequest;
        static encode(message: shoal.BuildRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.BuildRequest & shoal.BuildRequest.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.BuildRequest;
        static toObject(message: shoal.BuildRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace BuildRequest {
        interface $Properties {
            buildId?: (string|null);
            app?: (string|null);
            sourceSha256?: (string|null);
            sourcePeer?: (string|null);
            buildpacks?: (string[]|null);
            env?: ({ [k: string]: string }|null);
            stack?: (string|null);
            maxSlugBytes?: (number|null);
            timeoutS?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.BuildRequest.$Properties;
    }

    interface IBuildResult extends shoal.BuildResult.$Properties {
    }

    class BuildResult {
        constructor(properties?: shoal.BuildResult.$Properties);
        $unknowns?: Uint8Array[];
        ok: boolean;
        code: string;
        message: string;
        slugSha256: string;
        slugSize: number;
        processTypes: { [k: string]: string };
        buildpacks: string[];
        durationMs: number;
        static create(properties: shoal.BuildResult.$Shape): shoal.BuildResult & shoal.BuildResult.$Shape;
        static create(properties?: shoal.BuildResult.$Properties): shoal.BuildResult;
        static encode(message: shoal.BuildResult.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.BuildResult & shoal.BuildResult.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.BuildResult;
        static toObject(message: shoal.BuildResult, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace BuildResult {
        interface $Properties {
            ok?: (boolean|null);
            code?: (string|null);
            message?: (string|null);
            slugSha256?: (string|null);
            slugSize?: (number|null);
            processTypes?: ({ [k: string]: string }|null);
            buildpacks?: (string[]|null);
            durationMs?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.BuildResult.$Properties;
    }

    interface IBuildEvent extends shoal.BuildEvent.$Properties {
    }

    class BuildEvent {
        constructor(properties?: shoal.BuildEvent.$Properties);
        $unknowns?: Uint8Array[];
        log: string;
        result?: (shoal.BuildResult.$Properties|null);
        static create(properties: shoal.BuildEvent.$Shape): shoal.BuildEvent & shoal.BuildEvent.$Shape;
        static create(properties?: shoal.BuildEvent.$Properties): shoal.BuildEvent;
        static encode(message: shoal.BuildEvent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.BuildEvent & shoal.BuildEvent.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.BuildEvent;
        static toObject(message: shoal.BuildEvent, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace BuildEvent {
        interface $Properties {
            log?: (string|null);
            result?: (shoal.BuildResult.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.BuildEvent.$Properties;
    }

    interface IAppEntry extends shoal.AppEntry.$Properties {
    }

    class AppEntry {
        constructor(properties?: shoal.AppEntry.$Properties);
        $unknowns?: Uint8Array[];
        name: string;
        domains: string[];
        crashed: boolean;
        maintenance: boolean;
        concurrency: { [k: string]: number };
        sleeping: { [k: string]: number };
        features: string[];
        webDynos: { [k: string]: string };
        static create(properties: shoal.AppEntry.$Shape): shoal.AppEntry & shoal.AppEntry.$Shape;
        static create(properties?: shoal.AppEntry.$Properties): shoal.AppEntry;
        static encode(message: shoal.AppEntry.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.AppEntry & shoal.AppEntry.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.AppEntry;
        static toObject(message: shoal.AppEntry, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace AppEntry {
        interface $Properties {
            name?: (string|null);
            domains?: (string[]|null);
            crashed?: (boolean|null);
            maintenance?: (boolean|null);
            concurrency?: ({ [k: string]: number }|null);
            sleeping?: ({ [k: string]: number }|null);
            features?: (string[]|null);
            webDynos?: ({ [k: string]: string }|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.AppEntry.$Properties;
    }

    interface IAppDirectory extends shoal.AppDirectory.$Properties {
    }

    class AppDirectory {
        constructor(properties?: shoal.AppDirectory.$Properties);
        $unknowns?: Uint8Array[];
        apps: shoal.AppEntry.$Properties[];
        domain: string;
        epoch: number;
        sentAtMs: number;
        tlsVersion: number;
        admitted: string[];
        trust: boolean;
        revoked: string[];
        stackHashes: { [k: string]: string };
        static create(properties: shoal.AppDirectory.$Shape): shoal.AppDirectory & shoal.AppDirectory.$Shape;
        static create(properties?: shoal.AppDirectory.$Properties): shoal.AppDirectory;
        static encode(message: shoal.AppDirectory.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.AppDirectory & shoal.AppDirectory.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.AppDirectory;
        static toObject(message: shoal.AppDirectory, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace AppDirectory {
        interface $Properties {
            apps?: (shoal.AppEntry.$Properties[]|null);
            domain?: (string|null);
            epoch?: (number|null);
            sentAtMs?: (number|null);
            tlsVersion?: (number|null);
            admitted?: (string[]|null);
            trust?: (boolean|null);
            revoked?: (string[]|null);
            stackHashes?: ({ [k: string]: string }|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.AppDirectory.$Properties;
    }

    interface IWakeRequest extends shoal.WakeRequest.$Properties {
    }

    class WakeRequest {
        constructor(properties?: shoal.WakeRequest.$Properties);
        $unknowns?: Uint8Array[];
        app: string;
        processType: string;
        queued: number;
        static create(properties: shoal.WakeRequest.$Shape): shoal.WakeRequest & shoal.WakeRequest.$Shape;
        static create(properties?: shoal.WakeRequest.$Properties): shoal.WakeRequest;
        static encode(message: shoal.WakeRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.WakeRequest & shoal.WakeRequest.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.WakeRequest;
        static toObject(message: shoal.WakeRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace WakeRequest {
        interface $Properties {
            app?: (string|null);
            processType?: (string|null);
            queued?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.WakeRequest.$Properties;
    }

    interface ICertificate extends shoal.Certificate.$Properties {
    }

    class Certificate {
        constructor(properties?: shoal.Certificate.$Properties);
        $unknowns?: Uint8Array[];
        id: string;
        app: string;
        domains: string[];
        certPem: string;
        keyPem: string;
        notAfterMs: number;
        static create(properties: shoal.Certificate.$Shape): shoal.Certificate & shoal.Certificate.$Shape;
        static create(properties?: shoal.Certificate.$Properties): shoal.Certificate;
        static encode(message: shoal.Certificate.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.Certificate & shoal.Certificate.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.Certificate;
        static toObject(message: shoal.Certificate, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace Certificate {
        interface $Properties {
            id?: (string|null);
            app?: (string|null);
            domains?: (string[]|null);
            certPem?: (string|null);
            keyPem?: (string|null);
            notAfterMs?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.Certificate.$Properties;
    }

    interface IAcmeChallenge extends shoal.AcmeChallenge.$Properties {
    }

    class AcmeChallenge {
        constructor(properties?: shoal.AcmeChallenge.$Properties);
        $unknowns?: Uint8Array[];
        token: string;
        keyAuthorization: string;
        domain: string;
        static create(properties: shoal.AcmeChallenge.$Shape): shoal.AcmeChallenge & shoal.AcmeChallenge.$Shape;
        static create(properties?: shoal.AcmeChallenge.$Properties): shoal.AcmeChallenge;
        static encode(message: shoal.AcmeChallenge.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.AcmeChallenge & shoal.AcmeChallenge.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.AcmeChallenge;
        static toObject(message: shoal.AcmeChallenge, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace AcmeChallenge {
        interface $Properties {
            token?: (string|null);
            keyAuthorization?: (string|null);
            domain?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.AcmeChallenge.$Properties;
    }

    interface ITlsStateRequest extends shoal.TlsStateRequest.$Properties {
    }

    class TlsStateRequest {
        constructor(properties?: shoal.TlsStateRequest.$Properties);
        $unknowns?: Uint8Array[];
        haveVersion: number;
        static create(properties: shoal.TlsStateRequest.$Shape): shoal.TlsStateRequest & shoal.TlsStateRequest.$Shape;
        static create(properties?: shoal.TlsStateRequest.$Properties): shoal.TlsStateRequest;
        static encode(message: shoal.TlsStateRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.TlsStateRequest & shoal.TlsStateRequest.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.TlsStateRequest;
        static toObject(message: shoal.TlsStateRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace TlsStateRequest {
        interface $Properties {
            haveVersion?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.TlsStateRequest.$Properties;
    }

    interface ITlsState extends shoal.TlsState.$Properties {
    }

    class TlsState {
        constructor(properties?: shoal.TlsState.$Properties);
        $unknowns?: Uint8Array[];
        version: number;
        certificates: shoal.Certificate.$Properties[];
        challenges: shoal.AcmeChallenge.$Properties[];
        epoch: number;
        static create(properties: shoal.TlsState.$Shape): shoal.TlsState & shoal.TlsState.$Shape;
        static create(properties?: shoal.TlsState.$Properties): shoal.TlsState;
        static encode(message: shoal.TlsState.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.TlsState & shoal.TlsState.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.TlsState;
        static toObject(message: shoal.TlsState, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace TlsState {
        interface $Properties {
            version?: (number|null);
            certificates?: (shoal.Certificate.$Properties[]|null);
            challenges?: (shoal.AcmeChallenge.$Properties[]|null);
            epoch?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.TlsState.$Properties;
    }

    interface IStackRequest extends shoal.StackRequest.$Properties {
    }

    class StackRequest {
        constructor(properties?: shoal.StackRequest.$Properties);
        $unknowns?: Uint8Array[];
        version: string;
        static create(properties: shoal.StackRequest.$Shape): shoal.StackRequest & shoal.StackRequest.$Shape;
        static create(properties?: shoal.StackRequest.$Properties): shoal.StackRequest;
        static encode(message: shoal.StackRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.StackRequest & shoal.StackRequest.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.StackRequest;
        static toObject(message: shoal.StackRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace StackRequest {
        interface $Properties {
            version?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.StackRequest.$Properties;
    }

    interface IStackHeader extends shoal.StackHeader.$Properties {
    }

    class StackHeader {
        constructor(properties?: shoal.StackHeader.$Properties);
        $unknowns?: Uint8Array[];
        found: boolean;
        sha256: string;
        size: number;
        code: string;
        message: string;
        static create(properties: shoal.StackHeader.$Shape): shoal.StackHeader & shoal.StackHeader.$Shape;
        static create(properties?: shoal.StackHeader.$Properties): shoal.StackHeader;
        static encode(message: shoal.StackHeader.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.StackHeader & shoal.StackHeader.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.StackHeader;
        static toObject(message: shoal.StackHeader, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace StackHeader {
        interface $Properties {
            found?: (boolean|null);
            sha256?: (string|null);
            size?: (number|null);
            code?: (string|null);
            message?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.StackHeader.$Properties;
    }

    interface IAttachRequest extends shoal.AttachRequest.$Properties {
    }

    class AttachRequest {
        constructor(properties?: shoal.AttachRequest.$Properties);
        $unknowns?: Uint8Array[];
        dynoId: string;
        epoch: number;
        static create(properties: shoal.AttachRequest.$Shape): shoal.AttachRequest & shoal.AttachRequest.$Shape;
        static create(properties?: shoal.AttachRequest.$Properties): shoal.AttachRequest;
        static encode(message: shoal.AttachRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.AttachRequest & shoal.AttachRequest.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.AttachRequest;
        static toObject(message: shoal.AttachRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace AttachRequest {
        interface $Properties {
            dynoId?: (string|null);
            epoch?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.AttachRequest.$Properties;
    }

    interface IAttachInput extends shoal.AttachInput.$Properties {
    }

    class AttachInput {
        constructor(properties?: shoal.AttachInput.$Properties);
        $unknowns?: Uint8Array[];
        stdin: Uint8Array;
        eof: boolean;
        static create(properties: shoal.AttachInput.$Shape): shoal.AttachInput & shoal.AttachInput.$Shape;
        static create(properties?: shoal.AttachInput.$Properties): shoal.AttachInput;
        static encode(message: shoal.AttachInput.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.AttachInput & shoal.AttachInput.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.AttachInput;
        static toObject(message: shoal.AttachInput, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace AttachInput {
        interface $Properties {
            stdin?: (Uint8Array|null);
            eof?: (boolean|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.AttachInput.$Properties;
    }

    interface IAttachOutput extends shoal.AttachOutput.$Properties {
    }

    class AttachOutput {
        constructor(properties?: shoal.AttachOutput.$Properties);
        $unknowns?: Uint8Array[];
        attached: boolean;
        stdout: Uint8Array;
        stderr: Uint8Array;
        exited: boolean;
        exitCode: number;
        code: string;
        message: string;
        static create(properties: shoal.AttachOutput.$Shape): shoal.AttachOutput & shoal.AttachOutput.$Shape;
        static create(properties?: shoal.AttachOutput.$Properties): shoal.AttachOutput;
        static encode(message: shoal.AttachOutput.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.AttachOutput & shoal.AttachOutput.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.AttachOutput;
        static toObject(message: shoal.AttachOutput, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace AttachOutput {
        interface $Properties {
            attached?: (boolean|null);
            stdout?: (Uint8Array|null);
            stderr?: (Uint8Array|null);
            exited?: (boolean|null);
            exitCode?: (number|null);
            code?: (string|null);
            message?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.AttachOutput.$Properties;
    }

    interface IMetricsEndpoint extends shoal.MetricsEndpoint.$Properties {
    }

    class MetricsEndpoint {
        constructor(properties?: shoal.MetricsEndpoint.$Properties);
        $unknowns?: Uint8Array[];
        peerId: string;
        daemon: string;
        hostname: string;
        version: string;
        url: string;
        sentAtMs: number;
        static create(properties: shoal.MetricsEndpoint.$Shape): shoal.MetricsEndpoint & shoal.MetricsEndpoint.$Shape;
        static create(properties?: shoal.MetricsEndpoint.$Properties): shoal.MetricsEndpoint;
        static encode(message: shoal.MetricsEndpoint.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): shoal.MetricsEndpoint & shoal.MetricsEndpoint.$Shape;
        static fromObject(object: { [k: string]: any }): shoal.MetricsEndpoint;
        static toObject(message: shoal.MetricsEndpoint, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace MetricsEndpoint {
        interface $Properties {
            peerId?: (string|null);
            daemon?: (string|null);
            hostname?: (string|null);
            version?: (string|null);
            url?: (string|null);
            sentAtMs?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = shoal.MetricsEndpoint.$Properties;
    }
}
