export { JsonLineLogger, MemoryLogger } from './logger';
export type { Logger, LogEntry, LogLevel } from './logger';
