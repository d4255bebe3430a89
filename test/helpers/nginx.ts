// nginx as a reference proxy for comparisons (framing tests, the router benchmark): one worker, a temp prefix,
// loopback only, proxying to one backend port.

import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Nginx {
  port: number
  pid: number
  stop(): Promise<void>
}

export interface NginxOptions {
  port: number
  backendPort: number
  /** Extra directives inside `http {}`. */
  http?: string
  /** Extra directives inside `server {}` (e.g. a TLS listen). */
  server?: string
  /** Extra directives inside `location / {}` (e.g. more request headers; `$dir`: nginx's temp prefix). */
  location?: string
  /** Run under `taskset -c CPU`. */
  cpu?: number
}

export async function startNginx(o: NginxOptions): Promise<Nginx> {
  const dir = await mkdtemp(join(tmpdir(), 'shoal-nginx-'))
  const conf = `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream dyno { server 127.0.0.1:${o.backendPort}; keepalive 64; }
  ${o.http ?? ''}
  server {
    listen 127.0.0.1:${o.port};
    ${o.server ?? ''}
    location / {
      proxy_pass http://dyno;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      ${(o.location ?? '').replaceAll('$dir', dir)}
    }
  }
}
`
  await writeFile(join(dir, 'nginx.conf'), conf)
  const cmd = o.cpu === undefined ? 'nginx' : 'taskset'
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf')]
  const child: ChildProcess = spawn(cmd, o.cpu === undefined ? args : ['-c', String(o.cpu), 'nginx', ...args], {
    stdio: 'ignore',
  })
  for (let i = 0; i < 200; i++) {
    if (await listening(o.port)) break
    await new Promise((r) => setTimeout(r, 25))
  }
  return {
    port: o.port,
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1')
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}
