/**
 * One pick among options that may change under it (the metrics of whatever data is loaded): the
 * user's choice while it is still an option, else the first option (null when there is none).
 */
export class Choice {
  private chosen = $state<string | null>(null);
  readonly value = $derived.by(() => {
    const options = this.options();
    return this.chosen !== null && options.includes(this.chosen) ? this.chosen : (options[0] ?? null);
  });

  constructor(readonly options: () => readonly string[]) {}

  set(value: string): void {
    this.chosen = value;
  }
}
