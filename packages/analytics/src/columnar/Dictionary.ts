/** Interns strings (stage ids, event names, attribute codes) as small integers for typed-array columns. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  /** The code of a value, adding it when new. */
  intern(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  /** The code of a known value, or -1. */
  codeOf(value: string): number {
    return this.codes.get(value) ?? -1;
  }

  get size(): number {
    return this.values.length;
  }
}
