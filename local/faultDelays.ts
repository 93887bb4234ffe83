/**
 * The waits a simulator's `delayMs` faults start: a stopping simulator cancels them all, so a
 * delayed request never holds the process open (the waiting request is then dropped).
 */
export class FaultDelays {
  private readonly timers = new Set<NodeJS.Timeout>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
