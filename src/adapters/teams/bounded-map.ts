/** A Map that forgets its oldest entries, so nothing grows without bound in a long-running process. */
export class BoundedMap<V> {
  private readonly items = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get size(): number {
    return this.items.size;
  }
  get(key: string): V | undefined {
    return this.items.get(key);
  }
  delete(key: string): void {
    this.items.delete(key);
  }
  set(key: string, value: V): void {
    this.items.delete(key);
    this.items.set(key, value);
    const oldest = this.items.keys().next();
    if (this.items.size > this.limit && !oldest.done) this.items.delete(oldest.value);
  }
}
