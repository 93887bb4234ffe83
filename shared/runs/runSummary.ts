/**
 * The shape alone, importing nothing: the operator console (console/src) reads the same type in
 * the browser without pulling in the storage code.
 */

/** One servers run as GET /v1/runs lists it. */
export interface RunSummary {
  readonly installation: string;
  readonly time: string;
  readonly complete: boolean;
  /** `!complete`: the run could not list every server (its `error` says why). */
  readonly partial: boolean;
  readonly suspect: boolean;
  readonly serversSeen: number;
  readonly changes: number;
  /** The previous complete run, when it is further back than the gap tolerance. */
  readonly gapFrom?: string;
  /** Whole minutes from `gapFrom` to this run. */
  readonly gapMinutes?: number;
  readonly superseded?: boolean;
  readonly error?: string;
  /** When an admin confirmed this suspect run's deletions. */
  readonly confirmedAt?: string;
  /** A suspect run's servers held open (what a confirmation ends). */
  readonly suspectServerIds?: readonly number[];
  /** Servers whose change this run could not record (month item full): held at their last recorded state. */
  readonly heldServerIds?: readonly number[];
}
