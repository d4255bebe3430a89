import { randomInt } from 'node:crypto'
import { ShoalError } from '../proto/errors.ts'

// Heroku's Platform API rule for app names: 3 to 30 characters, starts with a letter, ends with a letter or digit.
const APP_NAME = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/

/** Returns the name when it is a valid app name; otherwise throws INVALID_NAME saying which part of the rule failed. */
export function validateAppName(name: string): string {
  if (APP_NAME.test(name)) return name
  throw new ShoalError('INVALID_NAME', `Cannot create app: name "${shown(name)}" ${why(name)}`)
}

function why(name: string): string {
  if (name.length < 3) return 'must be at least 3 characters long'
  if (name.length > 30) return 'must be at most 30 characters long'
  if (!/^[a-z]/.test(name)) return 'must start with a lowercase letter'
  if (!/[a-z0-9]$/.test(name)) return 'must end with a lowercase letter or a digit'
  return 'must contain only lowercase letters, digits and dashes'
}

// Names come from users: keep an error message one short, printable line whatever they typed.
function shown(name: string): string {
  const printable = name.replace(/[^\x20-\x7e]/g, '?')
  return printable.length > 40 ? `${printable.slice(0, 37)}...` : printable
}

// Words of at most 12 letters, so adjective-noun-NNNN is at most 12 + 1 + 12 + 1 + 4 = 30 characters.
const ADJECTIVES = [
  'ancient',
  'autumn',
  'billowing',
  'bitter',
  'blue',
  'bold',
  'brave',
  'calm',
  'crimson',
  'damp',
  'dark',
  'delicate',
  'divine',
  'dry',
  'empty',
  'falling',
  'fancy',
  'floating',
  'fragrant',
  'frosty',
  'gentle',
  'glacial',
  'golden',
  'green',
  'hidden',
  'holy',
  'icy',
  'lingering',
  'little',
  'lively',
  'misty',
  'morning',
  'muddy',
  'nameless',
  'obscure',
  'patient',
  'polished',
  'proud',
  'quiet',
  'rapid',
  'restless',
  'rough',
  'shrouded',
  'shy',
  'silent',
  'small',
  'snowy',
  'solitary',
  'sparkling',
  'spring',
  'still',
  'stormy',
  'summer',
  'sweet',
  'thawing',
  'twilight',
  'vast',
  'wandering',
  'weathered',
  'white',
  'wild',
  'winter',
  'young',
] as const

const NOUNS = [
  'bayou',
  'beach',
  'breeze',
  'brook',
  'butte',
  'canyon',
  'cascade',
  'cliffs',
  'cloud',
  'coast',
  'cove',
  'creek',
  'dawn',
  'depths',
  'dew',
  'dune',
  'dusk',
  'falls',
  'fjord',
  'flower',
  'fog',
  'forest',
  'frost',
  'garden',
  'glacier',
  'glade',
  'grove',
  'harbor',
  'haze',
  'headland',
  'hollow',
  'island',
  'lake',
  'lowlands',
  'meadow',
  'mesa',
  'mountain',
  'oasis',
  'ocean',
  'peak',
  'plains',
  'pond',
  'prairie',
  'reef',
  'refuge',
  'ridge',
  'river',
  'savannah',
  'sea',
  'shelf',
  'shore',
  'sky',
  'springs',
  'stream',
  'summit',
  'temple',
  'thicket',
  'tundra',
  'valley',
  'waters',
  'wave',
  'woodland',
] as const

export const APP_NAME_WORDS: { readonly adjectives: readonly string[]; readonly nouns: readonly string[] } = {
  adjectives: ADJECTIVES,
  nouns: NOUNS,
}

/** `randomBelow(n)` returns an integer in [0, n); tests inject a deterministic one. */
export type RandomBelow = (n: number) => number

/** A Heroku-like name such as `shrouded-bayou-4821`; always passes validateAppName. */
export function generateAppName(randomBelow: RandomBelow = randomInt): string {
  const adjective = ADJECTIVES[randomBelow(ADJECTIVES.length)]
  const noun = NOUNS[randomBelow(NOUNS.length)]
  const number = 1000 + randomBelow(9000)
  if (adjective === undefined || noun === undefined || !Number.isInteger(number) || number < 1000 || number > 9999) {
    throw new RangeError('generateAppName: randomBelow(n) must return an integer in [0, n)')
  }
  return `${adjective}-${noun}-${number}`
}
