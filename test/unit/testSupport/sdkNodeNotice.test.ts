import sdkNodeNotice, { SDK_NODE_WARNING_SWITCH } from '../../support/sdkNodeNotice';

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/** The process warnings emitted while a fresh copy of the AWS SDK builds a client, and `also`. */
function warningsOfAFreshSdk(also: string): string[] {
  // Recorded, not printed: only what is asked to be emitted matters here.
  const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  jest.isolateModules(() => {
    // A fresh module registry: the SDK's once-per-instance state starts over, as in a new test file.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DynamoDBClient } = require('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb');
    new DynamoDBClient({ region: 'us-east-1' }).destroy();
  });
  process.emitWarning(also);
  return emitWarning.mock.calls.map(([warning]) => (typeof warning === 'string' ? warning : warning.message));
}

describe('sdkNodeNotice (the run-wide Jest global setup)', () => {
  const before = process.env[SDK_NODE_WARNING_SWITCH];
  afterEach(() => {
    if (before === undefined) Reflect.deleteProperty(process.env, SDK_NODE_WARNING_SWITCH);
    else process.env[SDK_NODE_WARNING_SWITCH] = before;
    jest.restoreAllMocks();
  });

  it('says the notice once per run on Node < 22 and sets the switch the SDK reads', () => {
    Reflect.deleteProperty(process.env, SDK_NODE_WARNING_SWITCH);
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    sdkNodeNotice();
    sdkNodeNotice();
    expect(write).toHaveBeenCalledTimes(NODE_MAJOR < 22 ? 1 : 0);
    expect(process.env[SDK_NODE_WARNING_SWITCH]).toBe(NODE_MAJOR < 22 ? 'true' : undefined);
  });

  it('leaves a value the developer set alone', () => {
    process.env[SDK_NODE_WARNING_SWITCH] = 'false';
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    sdkNodeNotice();
    expect(write).not.toHaveBeenCalled();
    expect(process.env[SDK_NODE_WARNING_SWITCH]).toBe('false');
  });

  it('silences the SDK notice and no other warning', () => {
    process.env[SDK_NODE_WARNING_SWITCH] = 'true';
    expect(warningsOfAFreshSdk('another warning')).toEqual(['another warning']);
  });

  (NODE_MAJOR < 22 ? it : it.skip)('is needed: without the switch, a fresh SDK warns (Node < 22)', () => {
    Reflect.deleteProperty(process.env, SDK_NODE_WARNING_SWITCH);
    const warnings = warningsOfAFreshSdk('another warning');
    expect(warnings).toEqual([expect.stringContaining('NodeVersionSupportWarning'), 'another warning']);
  });
});
