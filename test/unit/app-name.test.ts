import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { APP_NAME_WORDS, generateAppName, validateAppName } from '../../lib/app-name.ts'
import { ShoalError } from '../../proto/errors.ts'

function refused(name: string, why: RegExp): void {
  assert.throws(
    () => validateAppName(name),
    (err: unknown) =>
      err instanceof ShoalError &&
      err.code === 'INVALID_NAME' &&
      err.message.startsWith('Cannot create app: name "') &&
      why.test(err.message),
    name,
  )
}

describe('validateAppName', () => {
  it("accepts names that match Heroku's rule and returns them", () => {
    for (const name of ['abc', 'my-app', 'a1b', 'app-2', 'a--b', `a${'b'.repeat(28)}c`, 'x9-9']) {
      assert.equal(validateAppName(name), name)
    }
  })

  it('refuses names shorter than 3 or longer than 30 characters', () => {
    refused('ab', /at least 3 characters/)
    refused('', /at least 3 characters/)
    refused(`a${'b'.repeat(29)}c`, /at most 30 characters/)
  })

  it('refuses a name that does not start with a lowercase letter', () => {
    refused('1app', /must start with a lowercase letter/)
    refused('-app', /must start with a lowercase letter/)
    refused('App', /must start with a lowercase letter/)
  })

  it('refuses a name that ends with a dash', () => {
    refused('app-', /must end with a lowercase letter or a digit/)
  })

  it('refuses uppercase, underscores, dots and spaces inside', () => {
    for (const name of ['myApp', 'my_app', 'my.app', 'my app', 'mÿapp']) {
      refused(name, /only lowercase letters, digits and dashes/)
    }
  })

  it('keeps the message one short printable line whatever the name holds', () => {
    assert.throws(
      () => validateAppName(`evil\n\u001b[31m${'x'.repeat(100)}`),
      (err: unknown) =>
        err instanceof ShoalError &&
        !err.message.includes('\n') &&
        !err.message.includes('\u001b') &&
        err.message.includes('..."'),
    )
  })
})

describe('generateAppName', () => {
  it('makes adjective-noun-NNNN from the injected randomness', () => {
    const picks = [0, 0, 0]
    assert.equal(
      generateAppName(() => picks.shift()!),
      `${APP_NAME_WORDS.adjectives[0]}-${APP_NAME_WORDS.nouns[0]}-1000`,
    )
    assert.equal(
      generateAppName((n) => n - 1),
      `${APP_NAME_WORDS.adjectives.at(-1)}-${APP_NAME_WORDS.nouns.at(-1)}-9999`,
    )
  })

  it('always makes a valid name, for every word pair and the extreme numbers', () => {
    const { adjectives, nouns } = APP_NAME_WORDS
    for (let a = 0; a < adjectives.length; a++) {
      for (let n = 0; n < nouns.length; n++) {
        for (const number of [0, 8999]) {
          const picks = [a, n, number]
          const name = generateAppName(() => picks.shift()!)
          assert.equal(validateAppName(name), name)
        }
      }
    }
  })

  it('uses real randomness by default and varies', () => {
    const names = new Set(Array.from({ length: 50 }, () => generateAppName()))
    for (const name of names) assert.match(name, /^[a-z]+-[a-z]+-\d{4}$/)
    assert.ok(names.size > 40, `only ${names.size} distinct names in 50`)
  })

  it('refuses a random source that goes out of range, rather than making an invalid name', () => {
    assert.throws(() => generateAppName((n) => n), RangeError)
    assert.throws(() => generateAppName(() => 0.5), RangeError)
  })
})
