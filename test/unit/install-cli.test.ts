import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { installArgs } from '../../cli/commands/hosts-install-commands.ts'
import { withConfigFile } from '../../cli/config-file.ts'
import { parseSshTarget, remoteInstallCommand, runSsh, shQuote, sshArgs } from '../../cli/ssh-install.ts'
import { parseEnvironmentFile, parseUnit, splitCommandLine, superviseUnit } from '../../cli/unit-supervisor.ts'
import { wireCompatible } from '../../lib/version.ts'
import { ShoalError } from '../../proto/errors.ts'

const dir = mkdtempSync(join(tmpdir(), 'shoal-install-cli-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const specs = {
  config: { type: 'string', description: '' },
  data: { type: 'string', description: '' },
  label: { type: 'string', multiple: true, description: '' },
  json: { type: 'boolean', description: '' },
} as const

describe('daemon --config FILE', () => {
  it('takes flags from the JSON file; command-line flags win', () => {
    const file = join(dir, 'agent.json')
    writeFileSync(file, JSON.stringify({ data: '/var/lib/shoal/agent', label: ['zone=a'], json: true }))
    const p = withConfigFile({ flags: { config: file, data: '/elsewhere' }, positionals: [] }, specs, 'agent')
    assert.equal(p.flags['data'], '/elsewhere')
    assert.deepEqual(p.flags['label'], ['zone=a'])
    assert.equal(p.flags['json'], true)
  })

  it('refuses unknown keys, wrong types, bad JSON and a missing file with stable codes', () => {
    const cases: Array<[string, string]> = [
      ['{"nope": 1}', 'INVALID_INPUT'],
      ['{"data": 3}', 'INVALID_INPUT'],
      ['{"label": [1]}', 'INVALID_INPUT'],
      ['{"json": "yes"}', 'INVALID_INPUT'],
      ['[1]', 'INVALID_INPUT'],
      ['{', 'INVALID_INPUT'],
    ]
    for (const [text, code] of cases) {
      const file = join(dir, 'bad.json')
      writeFileSync(file, text)
      assert.throws(
        () => withConfigFile({ flags: { config: file }, positionals: [] }, specs, 'agent'),
        (e: unknown) => e instanceof ShoalError && e.code === code && e.message.startsWith('Cannot run agent: '),
        text,
      )
    }
    assert.throws(
      () => withConfigFile({ flags: { config: join(dir, 'absent.json') }, positionals: [] }, specs, 'agent'),
      (e: unknown) => e instanceof ShoalError && e.code === 'CONFIG_MISSING',
    )
  })
})

describe('unit supervisor', () => {
  it('reads ExecStart, EnvironmentFile, Restart and RestartSec from the [Service] section only', () => {
    const unit = parseUnit(
      [
        '[Unit]',
        'ExecStart=/not/this',
        '[Service]',
        '# comment',
        'EnvironmentFile=-/etc/shoal/agent.env',
        'ExecStart=/opt/shoal/current/bin/shoal agent --config "/etc/shoal/a b.json"',
        'Restart=always',
        'RestartSec=2',
      ].join('\n'),
      'x.service',
    )
    assert.deepEqual(unit.execStart, ['/opt/shoal/current/bin/shoal', 'agent', '--config', '/etc/shoal/a b.json'])
    assert.deepEqual(unit.environmentFiles, [{ path: '/etc/shoal/agent.env', optional: true }])
    assert.equal(unit.restart, 'always')
    assert.equal(unit.restartSec, 2)
    assert.deepEqual(splitCommandLine(`a 'b c' "d\\"e"`), ['a', 'b c', 'd"e'])
    assert.deepEqual(parseEnvironmentFile('# x\nA=1\nB="two words"\n\nbad line\n'), { A: '1', B: 'two words' })
  })

  it('runs the unit with its environment file and restarts it until it has run three times', async () => {
    const count = join(dir, 'count')
    const script = join(dir, 'job.sh')
    writeFileSync(
      script,
      `#!/bin/sh\necho "$GREETING" >> ${count}\nif [ $(wc -l < ${count}) -ge 3 ]; then kill -TERM $PPID; exec sleep 30; fi\nexit 3\n`,
    )
    chmodSync(script, 0o755)
    writeFileSync(join(dir, 'job.env'), 'GREETING=hello\n')
    const unit = join(dir, 'job.service')
    writeFileSync(
      unit,
      `[Service]\nEnvironmentFile=${dir}/job.env\nExecStart=${script}\nRestart=always\nRestartSec=0.05\n`,
    )
    const lines: string[] = []
    const code = await superviseUnit(unit, join(dir, 'job.pid'), (l) => lines.push(l))
    // Runs 1 and 2 exit 3 and are restarted; run 3 stops the supervisor, which ends it with SIGTERM.
    assert.equal(code, 128)
    assert.equal(lines.filter((l) => l === 'supervise: ' + script + ' exited with 3').length, 2)
    assert.deepEqual(readFileSync(count, 'utf8').trim().split('\n'), ['hello', 'hello', 'hello'])
    assert.equal(lines.filter((l) => l.startsWith('supervise: starting')).length, 3)
  })
})

describe('hosts:add over SSH', () => {
  it('parses ssh:// targets and refuses anything else', () => {
    assert.deepEqual(parseSshTarget('ssh://admin@10.0.0.5:2222', 'hosts:add'), {
      user: 'admin',
      host: '10.0.0.5',
      port: 2222,
    })
    assert.deepEqual(parseSshTarget('ssh://srv.example', 'hosts:add'), {
      user: 'root',
      host: 'srv.example',
      port: undefined,
    })
    for (const bad of ['srv', 'http://srv', 'ssh://u:pw@srv', 'ssh://srv/path'])
      assert.throws(
        () => parseSshTarget(bad, 'hosts:add'),
        (e: unknown) => e instanceof ShoalError && e.code === 'INVALID_INPUT',
      )
    assert.deepEqual(sshArgs({ user: 'u', host: 'h', port: 22 }, 'cmd').slice(0, 6), [
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-p',
      '22',
    ])
  })

  it('the token reaches the installer through ssh stdin, never argv; arguments survive quoting', async () => {
    // A fake ssh runs the remote command locally; a fake curl serves an "installer" that records what it got.
    const bin = join(dir, 'bin')
    execFileSync('mkdir', ['-p', bin])
    const seen = join(dir, 'seen')
    writeFileSync(
      join(bin, 'fake-ssh'),
      `#!/bin/sh\necho "$@" > ${dir}/ssh-argv\nfor last; do :; done\nexec sh -c "$last"\n`,
    )
    writeFileSync(
      join(bin, 'curl'),
      `#!/bin/sh\necho "$@" > ${dir}/curl-argv\ncat <<'EOS'\nprintf '%s\\n' "token=$SHOAL_JOIN_TOKEN" "$@" > ${seen}\nEOS\n`,
    )
    for (const f of ['fake-ssh', 'curl']) chmodSync(join(bin, f), 0o755)
    const args = installArgs({ flags: { roles: 'agent', label: ['team=a$b'], http: '0.0.0.0:8080' } })
    const remote = remoteInstallCommand("https://ctl:7080/it's", 'sha256//AbC+/=', args, 'root')
    const token = 'SHOAL1.secret-token'
    process.env['SHOAL_SSH'] = join(bin, 'fake-ssh')
    const oldPath = process.env['PATH']
    process.env['PATH'] = `${bin}:${oldPath}`
    try {
      assert.equal(await runSsh(sshArgs({ user: 'root', host: 'h', port: undefined }, remote), `${token}\n`), 0)
    } finally {
      process.env['PATH'] = oldPath
      delete process.env['SHOAL_SSH']
    }
    assert.deepEqual(readFileSync(seen, 'utf8').trim().split('\n'), [
      `token=${token}`,
      '--roles',
      'agent',
      '--label',
      'team=a$b',
      '--http',
      '0.0.0.0:8080',
    ])
    assert.equal(
      readFileSync(join(dir, 'curl-argv'), 'utf8').trim(),
      "-fsSLk --pinnedpubkey sha256//AbC+/= https://ctl:7080/it's/install",
    )
    assert.ok(!readFileSync(join(dir, 'ssh-argv'), 'utf8').includes(token))
    assert.equal(shQuote("a'b"), `'a'\\''b'`)
    assert.throws(
      () => installArgs({ flags: { label: ['x=has space'] } }),
      (e: unknown) => e instanceof ShoalError,
    )
  })
})

describe('wire compatibility rule', () => {
  it('same major, minor within one', () => {
    assert.ok(wireCompatible('0.3.0', '0.4.9'))
    assert.ok(wireCompatible('1.2.3', '1.2.0-rc.1'))
    assert.ok(!wireCompatible('0.3.0', '0.5.0'))
    assert.ok(!wireCompatible('1.0.0', '2.0.0'))
    assert.ok(!wireCompatible('1.0.0', 'garbage'))
  })
})
