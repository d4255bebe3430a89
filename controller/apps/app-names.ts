// Names users give: app names (Heroku's rule, or a generated one) and custom buildpack references.

import { randomInt } from 'node:crypto'
import { generateAppName, validateAppName } from '../../lib/app-name.ts'
import { ShoalError } from '../../proto/errors.ts'

const MAX_BUILDPACKS = 8
const MAX_BUILDPACK_LENGTH = 1024

export class AppNames {
  readonly #randomBelow: (n: number) => number

  constructor(randomBelow: (n: number) => number = randomInt) {
    this.#randomBelow = randomBelow
  }

  /** Throws INVALID_NAME (422) saying which part of Heroku's rule the name breaks. */
  validate(name: unknown): asserts name is string {
    if (typeof name !== 'string') throw new ShoalError('INVALID_NAME', 'Cannot create app: the name must be a string')
    validateAppName(name)
  }

  generate(): string {
    return generateAppName(this.#randomBelow)
  }

  /** Buildpacks are URLs or paths the build resolves; here only their shape is checked. */
  checkBuildpacks(list: unknown): string[] {
    const bad = (why: string): ShoalError => new ShoalError('INVALID_INPUT', `Cannot set buildpacks: ${why}`)
    if (!Array.isArray(list)) throw bad('buildpacks must be a list of URLs or paths')
    if (list.length > MAX_BUILDPACKS) throw bad(`at most ${MAX_BUILDPACKS} buildpacks may be given`)
    return list.map((b: unknown, i) => {
      if (typeof b !== 'string' || b === '' || b.length > MAX_BUILDPACK_LENGTH || /[\s\p{Cc}]/u.test(b)) {
        throw bad(`buildpack ${i + 1} must be a URL or path without spaces, at most ${MAX_BUILDPACK_LENGTH} characters`)
      }
      return b
    })
  }
}
