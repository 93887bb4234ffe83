import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/buildApp';

// The CDK CLI's entry (`cdk deploy`, `cdk diff`): context comes from cdk.json and `-c`.
buildApp(new App());
