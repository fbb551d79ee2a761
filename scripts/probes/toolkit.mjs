// The toolkit's own start-up cost: @actions/core and @actions/http-client, bundled like the
// action, sending one request. `npm run bench` compares the action's cold start with it.
import * as core from '@actions/core'
import { HttpClient } from '@actions/http-client'

await new HttpClient('probe')
  .get(`${core.getInput('baseUrl')}/probe`)
  .then(r => r.readBody())
  .catch(() => undefined)
