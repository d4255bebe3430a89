import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkDomainName, nameCovers } from '../../controller/domains/domain-names.ts'

const check = (name: string): string => checkDomainName(name, 'shoal.example', 'add domain')

test('accepts host names and wildcards, lower-cased, trailing dot dropped', () => {
  assert.equal(check('WWW.Example.com.'), 'www.example.com')
  assert.equal(check('*.example.com'), '*.example.com')
  assert.equal(check('a-b.c-d.example.co.uk'), 'a-b.c-d.example.co.uk')
})

test('refuses names that are not host names', () => {
  for (const bad of [
    '',
    'localhost',
    'exa mple.com',
    '-a.example.com',
    'a-.example.com',
    'a..example.com',
    'www.*.example.com',
    '*.com',
    '**.example.com',
    '*a.example.com',
    '10.0.0.1',
    'x.123',
    `${'a'.repeat(64)}.com`,
    `${'a.'.repeat(127)}com`,
    'ex_ample.com',
    'éxample.com',
  ]) {
    assert.throws(() => check(bad), { code: 'INVALID_NAME' }, bad)
  }
})

test("refuses names inside (or above) the cluster's own domain, which route to apps already", () => {
  assert.throws(() => check('app.shoal.example'), { code: 'CONFLICT' })
  assert.throws(() => check('*.shoal.example'), { code: 'CONFLICT' })
  assert.throws(() => check('shoal.example'), { code: 'CONFLICT' })
  assert.equal(check('shoal.example.com'), 'shoal.example.com')
})

test('a wildcard covers exactly one more label', () => {
  assert.ok(nameCovers('*.example.com', 'www.example.com'))
  assert.ok(!nameCovers('*.example.com', 'example.com'))
  assert.ok(!nameCovers('*.example.com', 'a.b.example.com'))
  assert.ok(!nameCovers('*.example.com', 'wwwexample.com'))
  assert.ok(nameCovers('www.example.com', 'www.example.com'))
  assert.ok(!nameCovers('www.example.com', 'api.example.com'))
})
