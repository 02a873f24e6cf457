// Loaded with `node --import` into every process the fleet suite starts (test/fleet/harness.ts):
// the server, its replicas, CLI sweeps and Action-mode runs. Two test-only adjustments, nothing else:
//
// - FLEET_CLOCK_FILE: a file holding a number of milliseconds added to the wall clock, so every
//   process and the GitHub stand-in share one clock that a test can move on (a 20-minute outage
//   takes milliseconds). Read at most every 50 ms; `Date.now()` and `new Date()` follow it.
// - FLEET_SPACING_SCALE: scales the write spacing of @octokit/plugin-throttling (1 s between
//   writes, 3 s between comments, per installation) so a scenario with dozens of comments takes
//   seconds. The spacing stays (writes of one installation still queue), only shorter.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const clockFile = process.env.FLEET_CLOCK_FILE;
if (clockFile) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  let offset = 0;
  let readAt = -Infinity;
  const current = () => {
    const t = performance.now();
    if (t - readAt >= 50) {
      readAt = t;
      try {
        const text = readFileSync(clockFile, 'utf8').trim();
        const value = Number(text);
        // The clock only moves on: a timer computed from a later time must never wait for it again.
        if (text !== '' && Number.isFinite(value) && value > offset) offset = value;
      } catch {
        // Keep the last offset.
      }
    }
    return realNow() + offset;
  };
  class FleetDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(current());
      else super(...args);
    }
    static now() {
      return current();
    }
  }
  globalThis.Date = FleetDate;
}

const scale = Number(process.env.FLEET_SPACING_SCALE ?? '1');
if (Number.isFinite(scale) && scale > 0 && scale !== 1) {
  // Resolved from the package root, as @octokit/plugin-throttling and Probot resolve it.
  const require = createRequire(new URL('../../package.json', import.meta.url));
  for (const name of ['bottleneck/light.js', 'bottleneck']) {
    const Bottleneck = require(name);
    const Group = Bottleneck.Group;
    Bottleneck.Group = class ScaledGroup extends Group {
      constructor(options = {}) {
        super(typeof options.minTime === 'number' ? { ...options, minTime: Math.round(options.minTime * scale) } : options);
      }
    };
  }
}
