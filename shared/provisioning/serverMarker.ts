/**
 * The proof that a SolusIO server was made by one create attempt of one service: a marker the
 * create writes into the server's `description` (a field SolusIO keeps and lists: the official Go
 * SDK's VirtualServerCreateRequest.Description and VirtualServer.Description). A crashed or
 * timed-out attempt's server is adopted only when it carries the attempt's exact marker.
 */
export interface AttemptIdentity {
  readonly installation: string;
  readonly serviceRef: string;
  readonly attemptId: string;
}

const PREFIX = 'solus-billing-bridge';

export function serverMarker({ installation, serviceRef, attemptId }: AttemptIdentity): string {
  return `${PREFIX} installation=${installation} service=${serviceRef} attempt=${attemptId}`;
}

/** True when the description carries exactly this attempt's marker (a whole token, not a prefix of another). */
export function carriesMarker(description: string, identity: AttemptIdentity): boolean {
  if (identity.attemptId === '') return false;
  const marker = serverMarker(identity);
  const at = description.indexOf(marker);
  if (at < 0) return false;
  const after = description.charAt(at + marker.length);
  return after === '' || /\s/.test(after);
}
