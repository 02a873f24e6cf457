/** A small seeded PRNG (mulberry32): the same seed gives the same sequence on every run. */
export class SeededRandom {
  #state = 0;

  constructor(seed = 1) {
    this.seed(seed);
  }

  seed(seed: number): void {
    this.#state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
