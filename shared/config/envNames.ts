/** Environment variable names shared by the CDK app (which sets them) and the runtime (which reads them). */
export const ENV = {
  stage: 'STAGE',
  tableName: 'TABLE_NAME',
  dynamoDbEndpoint: 'DYNAMODB_ENDPOINT',
  solusioUrl: 'SOLUSIO_URL',
  solusioToken: 'SOLUSIO_TOKEN',
  solusioTokenSecretName: 'SOLUSIO_TOKEN_SECRET_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  tokenRates: 'TOKEN_RATES',
  billSuspendedTime: 'BILL_SUSPENDED_TIME',
  billingStart: 'BILLING_START',
  gapToleranceMinutes: 'GAP_TOLERANCE_MINUTES',
  closeGraceMinutes: 'CLOSE_GRACE_MINUTES',
  suspectMinServers: 'SUSPECT_MIN_SERVERS',
  suspectPercent: 'SUSPECT_PERCENT',
  snapshotDeadlineSeconds: 'SNAPSHOT_DEADLINE_SECONDS',
} as const;
