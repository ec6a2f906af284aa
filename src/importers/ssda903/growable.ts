/**
 * Typed-array columns that grow by doubling while a file streams in, then hand back a trimmed view.
 * They keep a national extract at a few bytes per field instead of an object per row.
 */
type TypedArray = Int32Array | Uint8Array | Uint16Array;
type Ctor<T extends TypedArray> = new (length: number) => T;

export class Growable<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(
    private readonly ctor: Ctor<T>,
    capacity = 1024,
  ) {
    this.data = new ctor(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new this.ctor(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  set(i: number, v: number): void {
    this.data[i] = v;
  }

  /** The filled part (shares memory until the next push). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}
