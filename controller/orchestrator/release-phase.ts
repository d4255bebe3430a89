// Heroku's release phase: a release whose Procfile has a `release:` process starts 'pending'; its release command
// runs in a one-off dyno (release.N) on the new release's slug and config, and only when it exits 0 does the release
// become current. Any other end marks the release failed and the current one stays. The command's output goes to
// the deploy's build stream as it comes (and, like any dyno's, to the app's logs).

import type { Clock } from '../../lib/clock.ts'
import type { Logger } from '../../lib/logger.ts'
import { ShoalError } from '../../proto/errors.ts'
import { RELEASE_PHASE_TIMEOUT_MS } from '../apps/app-records.ts'
import type { AppService } from '../apps/app-service.ts'
import type { AttachDialer } from './attach-client.ts'
import { startSession } from './one-off-session.ts'
import type { OneOffs } from './one-offs.ts'

export interface ReleasePhaseDeps {
  apps: Pick<AppService, 'markRelease' | 'getRelease' | 'currentRelease'>
  oneOffs: Pick<OneOffs, 'create' | 'ended' | 'remove'>
  attach: AttachDialer
  clock: Clock
  logger: Logger
}

/** Lines of output as they complete (a partial line waits for its newline, or for the end). */
export class LineBuffer {
  readonly #emit: (line: string) => void
  readonly #decoder = new TextDecoder()
  #pending = ''

  constructor(emit: (line: string) => void) {
    this.#emit = emit
  }

  push(bytes: Uint8Array): void {
    this.#pending += this.#decoder.decode(bytes, { stream: true })
    for (let nl = this.#pending.indexOf('\n'); nl !== -1; nl = this.#pending.indexOf('\n')) {
      this.#emit(this.#pending.slice(0, nl).replace(/\r$/, ''))
      this.#pending = this.#pending.slice(nl + 1)
    }
  }

  end(): void {
    this.#pending += this.#decoder.decode()
    if (this.#pending !== '') this.#emit(this.#pending)
    this.#pending = ''
  }
}

/**
 * Runs the release command of `version` and marks the release; resolves when it succeeded, throws a ShoalError
 * saying why when it did not (the release is marked failed by then and the previous one is still current).
 */
export async function runReleasePhase(
  deps: ReleasePhaseDeps,
  app: string,
  version: number,
  onLine: (line: string) => void,
): Promise<void> {
  const release = await deps.apps.getRelease(app, version)
  const command = release.slug?.processTypes['release'] ?? ''
  const fail = async (why: string): Promise<never> => {
    await deps.apps.markRelease(app, version, 'failed').catch((err: unknown) => {
      deps.logger.warn({ app, version, err: String(err) }, 'marking the release failed did not work')
    })
    const current = await deps.apps.currentRelease(app).then(
      (r) => `v${r.version}`,
      () => 'the previous release',
    )
    throw new ShoalError(
      'RELEASE_FAILED',
      `Release v${version} failed: ${why}; ${current} is still the current release`,
    )
  }
  let dyno: Awaited<ReturnType<typeof deps.oneOffs.create>>
  try {
    dyno = await deps.oneOffs.create({
      app,
      command,
      attach: true,
      type: 'release',
      release: version,
      ttlS: RELEASE_PHASE_TIMEOUT_MS / 1000,
    })
  } catch (err) {
    return fail(`its release command could not start (${err instanceof Error ? err.message : String(err)})`)
  }
  deps.logger.info({ app, version, dyno: dyno.name }, 'release phase started')
  const lines = new LineBuffer(onLine)
  const session = startSession(deps, dyno, {
    onAttached: () => {},
    onStdout: (b) => lines.push(b),
    onStderr: (b) => lines.push(b),
  })
  // The release command reads no input.
  void session.handle.end().catch(() => {})
  const end = await session.result
  lines.end()
  deps.logger.info({ app, version, dyno: dyno.name, exitCode: end.exitCode }, 'release phase ended')
  if (end.exitCode !== 0) {
    const why =
      end.message === `Process exited with status ${end.exitCode}`
        ? `its release command \`${command}\` exited with status ${end.exitCode}`
        : `its release command \`${command}\` did not complete (${end.message})`
    return fail(why)
  }
  try {
    await deps.apps.markRelease(app, version, 'succeeded')
  } catch (err) {
    // The release expired or was superseded while its command ran: it must not go live now.
    throw new ShoalError(
      'CONFLICT',
      `Release v${version} was not released: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
}
