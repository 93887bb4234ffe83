export { DEFAULT_INSTALLATION, INSTALLATION_ID_PATTERN, INSTALLATION_ID_MESSAGE, isInstallationId, publishesPerInstallation, scopedName } from './installationId';
export { installationListSchema, installationListJsonSchema, installationsOf, refuseRepeatedIds, type SolusioInstallation } from './installations';
export { InstallationChoiceError, resolveInstallation } from './resolveInstallation';
export { perInstallation } from './perInstallation';
