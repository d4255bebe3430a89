// The ps commands end to end in-process: the real CLI commands against the real formation routes on a loopback port.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it, mock } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { parseArgs } from '../../cli/args.ts'
import type { Command } from '../../cli/command.ts'
import { ps, psRestart, psScale, psStop, psType } from '../../cli/commands/ps-commands.ts'
import { createApiServer, listen } from '../../controller/api/api-server.ts'
import { registerFormationRoutes } from '../../controller/api/formation-routes.ts'
import { AppService } from '../../controller/apps/app-service.ts'
import { FormationService } from '../../controller/formation/formation-service.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { silentLogger } from '../../lib/logger.ts'
import type { DynoView } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { testApiCertificate } from '../helpers/api-fetch.ts'
import { tempDir } from '../helpers/processes.ts'

const TOKEN = 'cli-token'

describe('ps commands', () => {
  const dir = tempDir('ps-cli')
  const store = new MemoryStore()
  const apps = new AppService({ store })
  const actions: string[] = []
  let dynos: DynoView[] = []
  let api: FastifyInstance
  const savedConfig = process.env['SHOAL_CONFIG']

  /** Runs a command as `shoal NAME ARGS…` would, returning what it printed. */
  const run = async (cmd: Command, argv: string[]): Promise<string> => {
    const lines: string[] = []
    const log = mock.method(console, 'log', (line: unknown) => lines.push(String(line)))
    try {
      await cmd.run(parseArgs(argv, cmd.flags, cmd.name))
      return lines.join('\n')
    } finally {
      log.mock.restore()
    }
  }

  before(async () => {
    api = createApiServer({ token: TOKEN, logger: silentLogger, tls: testApiCertificate() })
    registerFormationRoutes(api, {
      apps,
      formations: new FormationService({ store, apps }),
      dynos: async () => dynos,
      restart: async (app, target) => {
        actions.push(`restart ${app} ${target ?? '*'}`)
        return 1
      },
      stop: async (app, target) => {
        actions.push(`stop ${app} ${target}`)
        return 1
      },
    })
    const url = await listen(api, '127.0.0.1:0')
    const config = join(dir.path, 'config.json')
    writeFileSync(config, JSON.stringify({ apiUrl: url, token: TOKEN, fingerprint: testApiCertificate().fingerprint }))
    process.env['SHOAL_CONFIG'] = config
    await apps.createApp({ name: 'demo' })
    await apps.createRelease('demo', {
      slug: { sha256: 'a'.repeat(64), size: 1, processTypes: { web: 'npm start', worker: 'node w.js' } },
      description: 'Deploy a',
    })
  })

  after(async () => {
    await api.close()
    if (savedConfig === undefined) delete process.env['SHOAL_CONFIG']
    else process.env['SHOAL_CONFIG'] = savedConfig
    dir.remove()
  })

  it('scales and shows the formation like heroku ps:scale', async () => {
    assert.equal(await run(psScale, ['-a', 'demo']), 'web=0:Standard-1X worker=0:Standard-1X')
    assert.equal(
      await run(psScale, ['web=3:Standard-2X', 'worker+1', '-a', 'demo']),
      'Scaling dynos... done, now running web at 3:Standard-2X, worker at 1:Standard-1X.',
    )
    assert.equal(
      await run(psScale, ['web-1', '-a', 'demo']),
      'Scaling dynos... done, now running web at 2:Standard-2X.',
    )
    await assert.rejects(
      run(psScale, ['web=101', '-a', 'demo']),
      (err: unknown) => err instanceof ShoalError && err.code === 'INVALID_INPUT',
    )
    await assert.rejects(
      run(psScale, ['web=1', '-a', 'nope']),
      (err: unknown) => err instanceof ShoalError && err.code === 'NOT_FOUND',
    )
  })

  it('resizes with ps:type and prints its tables', async () => {
    const out = await run(psType, ['worker=performance-m', '-a', 'demo'])
    assert.match(out, /^Scaling dynos on ⬢ demo\.\.\. done\n=== Process Types\n/)
    assert.match(out, /worker {2}Performance-M {2}1/)
    assert.doesNotMatch(await run(psType, ['-a', 'demo']), /Scaling/)
  })

  it('lists dynos, filters by type and says when there are none', async () => {
    dynos = []
    assert.equal(await run(ps, ['-a', 'demo']), 'No dynos on ⬢ demo')
    dynos = [
      {
        id: 'x',
        name: 'web.1',
        type: 'web',
        size: 'standard-2x',
        state: 'starting',
        since: null,
        command: 'npm start',
        release: 2,
        host: null,
      },
    ]
    assert.equal(await run(ps, ['web', '-a', 'demo']), '=== web (Standard-2X): npm start (1)\n\nweb.1: starting')
    await assert.rejects(run(ps, ['worker', '-a', 'demo']), /no worker dynos on ⬢ demo/)
  })

  it('restarts and stops with heroku wording', async () => {
    actions.length = 0
    assert.equal(await run(psRestart, ['-a', 'demo']), 'Restarting all dynos on ⬢ demo... done')
    assert.equal(await run(psRestart, ['web', '-a', 'demo']), 'Restarting all web dynos on ⬢ demo... done')
    assert.equal(await run(psRestart, ['-d', 'web.1', '-a', 'demo']), 'Restarting dyno web.1 on ⬢ demo... done')
    assert.equal(await run(psStop, ['web.1', '-a', 'demo']), 'Stopping dyno web.1 on ⬢ demo... done')
    assert.equal(await run(psStop, ['-p', 'worker', '-a', 'demo']), 'Stopping all worker dynos on ⬢ demo... done')
    assert.deepEqual(actions, [
      'restart demo *',
      'restart demo web',
      'restart demo web.1',
      'stop demo web.1',
      'stop demo worker',
    ])
    await assert.rejects(run(psStop, ['-a', 'demo']), /give a dyno name/)
    await assert.rejects(run(psRestart, ['web', '-p', 'web', '-a', 'demo']), /give one dyno name or process type/)
  })
})
