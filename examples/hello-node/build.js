// The app's build step (`npm run build`, run by the nodejs buildpack): records when the slug was built.
import { writeFileSync } from 'node:fs'

writeFileSync(
  new URL('./build-info.json', import.meta.url),
  `${JSON.stringify({ builtAt: new Date().toISOString() })}\n`,
)
