import { ApiClient } from '../api-client.ts'
import { bool } from '../args.ts'
import { type Command, printJson } from '../command.ts'
import { positionals } from './apps-commands.ts'

/** A Prometheus scrape config that discovers every shoal daemon through the controller. */
export function scrapeConfig(apiUrl: string, token: string): string {
  return [
    'scrape_configs:',
    '  - job_name: shoal',
    '    http_sd_configs:',
    `      - url: ${new URL('/v1/prometheus/targets', apiUrl).toString()}`,
    '        refresh_interval: 30s',
    '        authorization:',
    '          type: Bearer',
    `          credentials: ${token}`,
    "        # The API's certificate is self-signed: save apiTls.certPem of the controller's DIR/cluster.json here.",
    '        tls_config:',
    '          ca_file: /etc/prometheus/shoal-api.pem',
    '    relabel_configs:',
    '      # one series per daemon instance, named after its host',
    '      - source_labels: [host, daemon]',
    '        separator: /',
    '        target_label: instance',
    '',
  ].join('\n')
}

export const metricsToken: Command = {
  name: 'metrics:token',
  summary:
    "print the read-only token Prometheus uses for the controller's service discovery (--config: a scrape config)",
  flags: {
    config: { type: 'boolean', description: 'print a ready Prometheus scrape config instead of the bare token' },
    json: { type: 'boolean', description: 'print JSON with stable field names' },
  },
  async run(args) {
    positionals(args, 'metrics:token', 0)
    const client = new ApiClient()
    const { token } = await client.get<{ token: string }>('/v1/prometheus/token', 'read the metrics token')
    if (bool(args, 'json')) printJson({ token, targetsUrl: new URL('/v1/prometheus/targets', client.config.apiUrl) })
    else if (bool(args, 'config')) process.stdout.write(scrapeConfig(client.config.apiUrl, token))
    else console.log(token)
    return 0
  },
}

export const metricsCommands: Command[] = [metricsToken]
