import { ManualClock } from '../../lib/clock.ts'
import { FakeDocker } from '../helpers/dyno-fake-docker.ts'
import { dockerContract } from './docker-contract.ts'

dockerContract('fake', async () => {
  const docker = new FakeDocker(new ManualClock(0))
  docker.behaviour = (spec) => ({ bindAfterMs: 0, ignoreTerm: spec.env?.['KIND'] === 'ignores-term' })
  return {
    docker,
    spec: (kind, name, labels) => ({ image: 'fake', name, labels, env: { KIND: kind, PORT: '5000' } }),
    started: (id, kind) => {
      if (kind !== 'exits') return
      docker.write(id, 'stdout', 'out\n')
      docker.write(id, 'stderr', 'err\n')
      docker.exit(id, 3)
    },
    cleanup: async () => {},
  }
})
