import * as core from '@actions/core'
import { HttpClient } from '@actions/http-client'
core.info(`hello ${new HttpClient('x').userAgent}`)
