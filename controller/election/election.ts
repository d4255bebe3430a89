// Which controller may run the leader-only loops (scheduler, autoscaler, deploys), and under which epoch. Every
// leadership term has a higher epoch than any before it in the cluster; whatever a leader sends carries it, so
// agents can refuse commands from a deposed leader.

export interface LeaderState {
  leader: boolean
  /** The epoch of the current or last term this controller led; 0 before it ever led. */
  epoch: number
}

export interface ElectionStartOptions {
  signal?: AbortSignal | undefined
}

export interface Election {
  /** Begins taking part; resolves once the first outcome is known (the embedded election: once it leads). */
  start(options?: ElectionStartOptions): Promise<void>
  /** Gives up leadership (handlers hear leader: false) and stops taking part. */
  stop(): Promise<void>
  isLeader(): boolean
  epoch(): number
  /** Called on every change of leadership, synchronously, in order; returns the unsubscribe function. */
  onChange(handler: (state: LeaderState) => void): () => void
}
