export { ENV } from './envNames';
export { parseConfig, ConfigError } from './bridgeConfig';
export type { BridgeConfig } from './bridgeConfig';
export { tokenRatesJsonSchema } from './tokenRatesSchema';
export { CONFIG_DEFAULTS } from './defaults';
