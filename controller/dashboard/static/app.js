// shoal's dashboard: plain ES module, no build step. Reads and writes through the controller's /v1 API with the
// session cookie; writes carry the session's CSRF token. Everything from the API is put on the page as text.

const state = { csrf: '', timers: [], socket: undefined, charts: [] }

const $ = (id) => document.getElementById(id)

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'onclick') node.addEventListener('click', v)
    else if (v !== undefined && v !== null) node.setAttribute(k, String(v))
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')))
  return node
}

// A request that failed on the network (fetch rejects: the browser saw its network change, the connection was
// reset) is sent again twice, 0.3 s and 1 s later, when sending it twice cannot do a thing twice: reads, the
// formation (it sets quantities) and signing in. A rollback (POST) is never resent.
const RESEND_MS = [300, 1000]

async function send(path, init, resend) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(path, init)
    } catch (err) {
      if (!resend || attempt >= RESEND_MS.length) throw err
      await new Promise((resolve) => setTimeout(resolve, RESEND_MS[attempt]))
    }
  }
}

async function api(method, path, body) {
  const headers = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET') headers['x-shoal-csrf'] = state.csrf
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }
  const res = await send(path, init, method === 'GET' || method === 'PATCH')
  const data = res.status === 204 ? undefined : await res.json().catch(() => undefined)
  if (res.status === 401) {
    showLogin()
    throw new Error('signed out')
  }
  if (!res.ok) throw new Error(data?.error?.message ?? `HTTP ${res.status}`)
  return data
}

function clearView() {
  for (const t of state.timers) clearInterval(t)
  state.timers = []
  state.socket?.close()
  state.socket = undefined
  for (const c of state.charts) c.destroy()
  state.charts = []
  $('view').replaceChildren()
}

function every(ms, fn) {
  fn()
  state.timers.push(setInterval(fn, ms))
}

function table(headers, rows) {
  return el(
    'table',
    {},
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))),
  )
}

function stateCell(s) {
  return el('span', { class: `state-${s}` }, s)
}

function gb(bytes) {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`
}

async function hostsPage() {
  const view = $('view')
  const box = el('section', { id: 'hosts' })
  view.append(el('h1', {}, 'Hosts'), box)
  every(3000, async () => {
    const { hosts } = await api('GET', '/v1/hosts')
    box.replaceChildren(
      table(
        ['host', 'state', 'CPU', 'memory used / total', 'dynos', 'labels'],
        hosts.map((h) => [
          h.hostname,
          stateCell(h.draining ? `${h.state} (draining)` : h.state),
          `${h.cpu?.allocatable ?? '?'} / ${h.cpu?.total ?? '?'} cores`,
          `${gb(h.memory?.used ?? 0)} / ${gb(h.memory?.total ?? 0)}`,
          h.dynoCount ?? '',
          Object.entries(h.labels ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(' '),
        ]),
      ),
    )
  })
}

async function appsPage() {
  const apps = await api('GET', '/v1/apps')
  $('view').append(
    el('h1', {}, 'Apps'),
    el(
      'section',
      { id: 'apps' },
      apps.length === 0
        ? el('p', { class: 'muted' }, 'No apps yet: shoal apps:create NAME')
        : table(
            ['app', 'created'],
            apps.map((a) => [el('a', { href: `#/apps/${encodeURIComponent(a.name)}` }, a.name), a.createdAt ?? '']),
          ),
    ),
  )
}

function formationSection(app) {
  const box = el('section', { id: 'formation' })
  const load = async () => {
    const formation = await api('GET', `/v1/apps/${app}/formation`)
    box.replaceChildren(
      el('h2', {}, 'Formation'),
      table(
        ['type', 'command', 'size', 'quantity', ''],
        formation.map((f) => {
          const input = el('input', { type: 'number', min: 0, max: 100, value: f.quantity, 'data-type': f.type })
          const button = el('button', { class: 'primary', 'data-scale': f.type }, 'Scale')
          button.addEventListener('click', async () => {
            button.disabled = true
            try {
              await api('PATCH', `/v1/apps/${app}/formation`, {
                updates: [{ type: f.type, quantity: Number(input.value) }],
              })
              await load()
            } catch (err) {
              box.append(el('p', { class: 'error' }, err.message))
            } finally {
              button.disabled = false
            }
          })
          return [f.type, el('code', {}, f.command), f.size, input, button]
        }),
      ),
    )
  }
  load()
  return box
}

function dynosSection(app) {
  const box = el('section', { id: 'dynos' })
  every(2000, async () => {
    const dynos = await api('GET', `/v1/apps/${app}/dynos`)
    box.replaceChildren(
      el('h2', {}, 'Dynos'),
      table(
        ['dyno', 'state', 'since', 'host', 'release'],
        dynos.map((d) => [d.name, stateCell(d.state), d.since ?? '', d.host ?? d.reason ?? '', `v${d.release}`]),
      ),
    )
  })
  return box
}

function releasesSection(app) {
  const box = el('section', { id: 'releases' })
  const load = async () => {
    const releases = (await api('GET', `/v1/apps/${app}/releases`)).slice(-10).reverse()
    box.replaceChildren(
      el('h2', {}, 'Releases'),
      table(
        ['version', 'description', 'status', 'created', ''],
        releases.map((r) => [
          `v${r.version}${r.current ? ' (current)' : ''}`,
          r.description,
          r.status,
          r.createdAt,
          r.current
            ? ''
            : el(
                'button',
                {
                  onclick: async () => {
                    await api('POST', `/v1/apps/${app}/releases`, { rollback: r.version })
                    await load()
                  },
                },
                `Roll back to v${r.version}`,
              ),
        ]),
      ),
    )
  }
  load()
  return box
}

function configSection(app) {
  const box = el('section', { id: 'config' })
  api('GET', `/v1/apps/${app}/config-vars`).then((vars) => {
    const rows = Object.entries(vars).map(([k, v]) => {
      const value = el('code', {}, '••••••••')
      const reveal = el('button', {}, 'Reveal')
      reveal.addEventListener('click', () => {
        const shown = value.textContent !== '••••••••'
        value.textContent = shown ? '••••••••' : v
        reveal.textContent = shown ? 'Reveal' : 'Hide'
      })
      return [k, value, reveal]
    })
    box.replaceChildren(
      el('h2', {}, 'Config vars'),
      rows.length === 0 ? el('p', { class: 'muted' }, 'None') : table(['name', 'value', ''], rows),
    )
  })
  return box
}

function domainsSection(app) {
  const box = el('section', { id: 'domains' })
  box.append(el('h2', {}, 'Domains'), el('p', {}, el('code', {}, `${app}.<cluster domain>`)))
  api('GET', `/v1/apps/${app}/domains`)
    .then((domains) => {
      if (Array.isArray(domains) && domains.length > 0) {
        box.append(
          table(
            ['hostname'],
            domains.map((d) => [d.hostname ?? String(d)]),
          ),
        )
      }
    })
    .catch(() => {})
  return box
}

function logsSection(app) {
  const pre = el('div', { id: 'logs', 'aria-live': 'polite' })
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  const socket = new WebSocket(`${scheme}://${location.host}/v1/apps/${app}/logs/stream?num=50`)
  socket.addEventListener('message', (event) => {
    const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4
    pre.append(el('div', { class: 'line' }, String(event.data)))
    while (pre.childElementCount > 1500) pre.firstElementChild.remove()
    if (atBottom) pre.scrollTop = pre.scrollHeight
  })
  socket.addEventListener('close', () => pre.append(el('div', { class: 'muted' }, '— tail closed —')))
  state.socket = socket
  return el('section', {}, el('h2', {}, 'Logs (live)'), pre)
}

// `from`: which list of the metrics answer a chart draws (router reports, or the dynos' stats readings).
const CHARTS = [
  {
    id: 'chart-response',
    title: 'Response time (ms)',
    from: 'points',
    series: ['serviceP50', 'serviceP95', 'serviceP99'],
  },
  { id: 'chart-throughput', title: 'Throughput (req/s) and errors', from: 'points', series: ['rate', 'errors'] },
  { id: 'chart-queue', title: 'Queue time (ms)', from: 'points', series: ['queueP50', 'queueP95'] },
  {
    id: 'chart-memory',
    title: 'Dyno memory (MB)',
    from: 'dynos',
    series: ['memoryMeanMb', 'memoryMaxMb', 'memoryQuotaMb'],
  },
  { id: 'chart-load', title: 'Dyno load (CPU cores)', from: 'dynos', series: ['loadMean', 'loadMax'] },
]
const COLORS = ['#5b4cdb', '#e08a1e', '#c2362b']

function chartsSection(app) {
  const grid = el('div', { class: 'charts' })
  const holders = CHARTS.map((c) => {
    const holder = el('div', { class: 'chart', id: c.id, 'data-points': 0 }, el('h3', {}, c.title))
    grid.append(holder)
    return holder
  })
  every(5000, async () => {
    const metrics = await api('GET', `/v1/apps/${app}/metrics`)
    for (const c of state.charts) c.destroy()
    state.charts = []
    CHARTS.forEach((c, i) => {
      const points = metrics[c.from] ?? []
      const holder = holders[i]
      holder.querySelector('.uplot')?.remove()
      const data = [points.map((p) => p.t), ...c.series.map((s) => points.map((p) => p[s]))]
      holder.setAttribute('data-points', String(points.length))
      if (typeof globalThis.uPlot !== 'function') return
      const opts = {
        width: 360,
        height: 180,
        series: [{}, ...c.series.map((s, j) => ({ label: s, stroke: COLORS[j], points: { show: true } }))],
      }
      state.charts.push(new globalThis.uPlot(opts, data, holder))
    })
  })
  return el('section', { id: 'metrics' }, el('h2', {}, 'Metrics'), grid)
}

async function appPage(app) {
  const name = encodeURIComponent(app)
  await api('GET', `/v1/apps/${name}`)
  $('view').append(
    el('h1', {}, `⬢ ${app}`),
    formationSection(name),
    dynosSection(name),
    chartsSection(name),
    logsSection(name),
    releasesSection(name),
    configSection(name),
    domainsSection(app),
  )
}

async function route() {
  clearView()
  const hash = location.hash.replace(/^#/, '') || '/apps'
  const m = /^\/apps\/([^/]+)$/.exec(hash)
  try {
    if (m !== null) await appPage(decodeURIComponent(m[1]))
    else if (hash === '/hosts') await hostsPage()
    else await appsPage()
  } catch (err) {
    if (err.message !== 'signed out') $('view').append(el('p', { class: 'error' }, err.message))
  }
}

function showLogin() {
  clearView()
  $('nav').hidden = true
  $('login').hidden = false
}

async function start() {
  const res = await send('/dashboard/session', {}, true)
  if (!res.ok) {
    showLogin()
    return
  }
  state.csrf = (await res.json()).csrf
  $('login').hidden = true
  $('nav').hidden = false
  await route()
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault()
  const init = {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: $('token').value }),
  }
  const res = await send('/dashboard/login', init, true)
  if (!res.ok) {
    $('login-error').textContent = 'That token is not right.'
    return
  }
  $('token').value = ''
  $('login-error').textContent = ''
  await start()
})

$('logout').addEventListener('click', async () => {
  await fetch('/dashboard/logout', { method: 'POST', headers: { 'x-shoal-csrf': state.csrf } })
  showLogin()
})

window.addEventListener('hashchange', () => {
  if (!$('nav').hidden) route()
})

start()
