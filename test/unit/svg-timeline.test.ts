// The bench's SVG timeline: well-formed, one path per series, the target line, markers, gaps where data is missing.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { timelineSvg } from '../bench/svg-timeline.ts'

describe('svg timeline', () => {
  it('draws dynos, arrivals and queue p95 with the target and markers, escaping text', () => {
    const points = Array.from({ length: 60 }, (_, i) => ({
      t: i,
      dynos: i < 20 ? 1 : 4,
      routable: i < 25 ? 1 : 4,
      arrivalsPerS: i < 15 ? 20 : 150,
      queueP95Ms: i === 30 ? null : i < 15 ? 2 : Math.max(5, 400 - i * 10),
    }))
    const svg = timelineSvg(points, { title: 'burn <app>', targetMs: 50, markers: [{ t: 15, label: 'step & up' }] })
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    assert.match(svg, /<\/svg>\n$/)
    assert.equal((svg.match(/<path /g) ?? []).length, 4)
    assert.match(svg, /<title>burn &lt;app&gt;<\/title>/)
    assert.match(svg, /step &amp; up/)
    assert.match(svg, /target 50 ms/)
    // The missing queue sample splits its line into two segments.
    const queuePath = svg.split('\n').filter((l) => l.includes('stroke="#d62728" stroke-width'))[0] ?? ''
    assert.equal((queuePath.match(/M/g) ?? []).length, 2)
    assert.ok(!svg.includes('NaN'))
  })
})
