import { useCallback, useEffect, useState } from 'preact/hooks';

export interface Loaded<T> {
  readonly data?: T;
  readonly error?: Error;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Runs `load` when the inputs change (and on `reload`); a slower earlier answer never overwrites a
 * newer one. New inputs clear what the old ones loaded (another period's numbers must never show
 * under this one's heading); a reload keeps it on screen until the new answer comes.
 */
export function useLoad<T>(load: () => Promise<T>, inputs: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  const [lastInputs, setLastInputs] = useState<readonly unknown[]>(inputs);
  const inputsChanged = inputs.length !== lastInputs.length || inputs.some((input, index) => !Object.is(input, lastInputs[index]));
  if (inputsChanged) {
    // During render, as Preact allows: the stale data never reaches the screen.
    setLastInputs(inputs);
    setState({ loading: true });
  }
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error: error instanceof Error ? error : new Error(String(error)), loading: false }),
    );
    return () => {
      current = false;
    };
    // The caller names what the load depends on.
  }, [...inputs, round]);
  return inputsChanged ? { loading: true, reload } : { ...state, reload };
}
