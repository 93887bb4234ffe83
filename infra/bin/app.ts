import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/buildApp';
import { exitOnInfraConfigError } from '../lib/infraConfigError';

// The CDK CLI's entry (`cdk deploy`, `cdk diff`): context comes from cdk.json and `-c`.
// A configuration error is one line on stderr and exit 1 (the CLI then reports the failed app).
try {
  buildApp(new App());
} catch (error) {
  exitOnInfraConfigError(error);
}
