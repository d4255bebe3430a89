// The pre-receive hook of every app repository (installed by git-http.ts). git runs it with the pushed refs on
// stdin; it builds the pushed commit of the main branch through the controller's build API and prints the build
// log, which git relays to the pusher as `remote:` lines. A non-zero exit declines the push.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { pinnedRequest, readBody } from '../../lib/pinned-tls.ts'

const app = process.env['SHOAL_APP'] ?? ''
const api = process.env['SHOAL_API_URL'] ?? ''
const token = process.env['SHOAL_API_TOKEN'] ?? ''
const fingerprint = process.env['SHOAL_API_FINGERPRINT'] ?? ''

const err = (line: string): void => {
  process.stderr.write(`${line}\n`)
}

async function main(): Promise<number> {
  const updates: Array<{ rev: string; ref: string }> = []
  for await (const line of createInterface({ input: process.stdin })) {
    const [, rev, ref] = line.trim().split(/\s+/)
    if (rev !== undefined && ref !== undefined) updates.push({ rev, ref })
  }
  const deploy = updates.find((u) => u.ref === 'refs/heads/main' || u.ref === 'refs/heads/master')
  if (deploy === undefined) {
    err(' !     Push to the main (or master) branch to deploy; other branches are not built.')
    return 1
  }
  if (/^0+$/.test(deploy.rev)) {
    err(' !     Deleting the main branch is not allowed.')
    return 1
  }
  const archive = spawn('git', ['archive', '--format=tar.gz', deploy.rev], { stdio: ['ignore', 'pipe', 'inherit'] })
  const chunks: Buffer[] = []
  for await (const c of archive.stdout) chunks.push(c as Buffer)
  // The hook runs beside the controller but still speaks to its API over pinned TLS, like every other client.
  const res = await pinnedRequest(`${api}/v1/apps/${app}/builds?commit=${deploy.rev}`, fingerprint, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/gzip' },
    body: Buffer.concat(chunks),
    timeoutMs: 3_600_000,
  })
  const status = res.statusCode ?? 0
  if (status < 200 || status >= 300) {
    const body = (await readBody(res).catch(() => '')) || `HTTP ${status}`
    let message = body
    try {
      message = (JSON.parse(body) as { error: { message: string } }).error.message
    } catch {}
    err(` !     ${message}`)
    return 1
  }
  let ok = false
  let buffer = ''
  const decoder = new TextDecoder()
  for await (const chunk of res) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true })
    let nl = buffer.indexOf('\n')
    while (nl !== -1) {
      const line = buffer.slice(0, nl)
      buffer = buffer.slice(nl + 1)
      nl = buffer.indexOf('\n')
      if (line === '') continue
      const event = JSON.parse(line) as { line?: string; result?: { ok: boolean } }
      if (event.line !== undefined) err(event.line)
      if (event.result !== undefined) ok = event.result.ok
    }
  }
  return ok ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    err(` !     Build failed: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  },
)
