/**
 * "Have we seen this id?" in a few bits per id: a Bloom filter that grows by adding larger layers
 * as it fills (a scalable Bloom filter), so it never needs its final size up front. `mightHave`
 * is never wrong when it says no; when it says yes the caller asks the store. At the default
 * false-positive rate of 1% an id costs about 1.2 bytes — ten million ids in 12 MB.
 */

/** 32-bit FNV-1a over UTF-16 code units, with a seed: two seeds give the double-hashing pair. */
function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32): FNV alone leaves the low bits of similar ids correlated.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

class Layer {
  readonly bits: Uint32Array;
  readonly m: number;
  count = 0;

  constructor(
    readonly capacity: number,
    readonly k: number,
    fpRate: number,
  ) {
    this.m = Math.max(64, Math.ceil((-capacity * Math.log(fpRate)) / (Math.LN2 * Math.LN2)));
    this.bits = new Uint32Array(Math.ceil(this.m / 32));
  }

  add(h1: number, h2: number): void {
    for (let i = 0; i < this.k; i++) {
      const b = (h1 + Math.imul(i, h2)) >>> 0;
      const bit = b % this.m;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.count++;
  }

  has(h1: number, h2: number): boolean {
    for (let i = 0; i < this.k; i++) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) % this.m;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

export class IdFilter {
  private readonly layers: Layer[] = [];

  constructor(
    private readonly initialCapacity = 65_536,
    private readonly fpRate = 0.01,
  ) {
    this.grow();
  }

  add(id: string): void {
    const h1 = fnv1a(id, 0);
    const h2 = fnv1a(id, 0x9e3779b9) | 1;
    let top = this.layers[this.layers.length - 1]!;
    if (top.count >= top.capacity) top = this.grow();
    top.add(h1, h2);
  }

  mightHave(id: string): boolean {
    const h1 = fnv1a(id, 0);
    const h2 = fnv1a(id, 0x9e3779b9) | 1;
    for (const layer of this.layers) if (layer.has(h1, h2)) return true;
    return false;
  }

  /** Ids added so far. */
  get size(): number {
    let n = 0;
    for (const l of this.layers) n += l.count;
    return n;
  }

  private grow(): Layer {
    // Each layer twice the last with a tighter rate: the sum of the rates stays under fpRate.
    const i = this.layers.length;
    const layer = new Layer(this.initialCapacity * 2 ** i, Math.ceil(Math.log2(1 / (this.fpRate * 0.5 ** (i + 1)))), this.fpRate * 0.5 ** (i + 1));
    this.layers.push(layer);
    return layer;
  }
}
