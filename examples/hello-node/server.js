// A web process for shoal: listens on $PORT and says which dyno answered (DYNO is web.1, web.2, … on shoal).
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import ms from 'ms'

const started = Date.now()
const infoFile = new URL('./build-info.json', import.meta.url)
const builtAt = existsSync(infoFile) ? JSON.parse(readFileSync(infoFile, 'utf8')).builtAt : 'not built'

const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(`Hello from ${process.env.DYNO ?? 'an unnamed dyno'} (up ${ms(Date.now() - started)}, built ${builtAt})\n`)
})

server.listen(Number(process.env.PORT ?? 5000), () => {
  process.stdout.write(`hello-node listening on port ${server.address().port}\n`)
})

// Dynos are stopped with SIGTERM: finish in-flight requests, then exit.
process.on('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeIdleConnections()
})
