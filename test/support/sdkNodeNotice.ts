/** The AWS SDK for JavaScript v3's documented switch for its Node end-of-support warning. */
export const SDK_NODE_WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * Jest global setup of the whole run (jest.config.js, root level: it runs whatever projects are
 * selected, once, before any worker starts). On Node < 22 the AWS SDK warns that its releases after
 * the first week of January 2027 need Node 22 (`NodeVersionSupportWarning`, emitted by
 * @aws-sdk/core's emitWarningIfUnsupportedVersion once per module instance). Jest gives every test
 * file its own module registry, so a run printed it once per file that builds an SDK client. It is
 * said once here instead, and the SDK's own switch (aws/aws-sdk-js-v3#7983) is set for the rest of
 * the run: test workers, and the processes tests start, inherit it. Only that warning is silenced;
 * every other process warning still prints. A value the developer set is left as it is.
 */
export default function sdkNodeNotice(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22 || process.env[SDK_NODE_WARNING_SWITCH] !== undefined) return;
  process.env[SDK_NODE_WARNING_SWITCH] = 'true';
  process.stderr.write(
    `Note: Node ${process.version}: AWS SDK for JavaScript v3 releases after the first week of January 2027 need Node >= 22 ` +
      `(its NodeVersionSupportWarning, said once here; ${SDK_NODE_WARNING_SWITCH}=true for the test run).\n`,
  );
}
