/** The structured logger the domain writes to; Lambda and the local stack give it a sink. */
export interface Logger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/** One JSON line per entry on standard output (CloudWatch takes each line as an event). */
export class JsonLineLogger implements Logger {
  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  info(message: string, details: Record<string, unknown> = {}): void {
    this.log('info', message, details);
  }

  warn(message: string, details: Record<string, unknown> = {}): void {
    this.log('warn', message, details);
  }

  error(message: string, details: Record<string, unknown> = {}): void {
    this.log('error', message, details);
  }

  private log(level: LogLevel, message: string, details: Record<string, unknown>): void {
    this.write(JSON.stringify({ level, message, ...details }));
  }
}

/** Keeps entries in memory (tests assert on them; the local test stack stays quiet). */
export class MemoryLogger implements Logger {
  readonly entries: LogEntry[] = [];

  info(message: string, details: Record<string, unknown> = {}): void {
    this.entries.push({ level: 'info', message, details });
  }

  warn(message: string, details: Record<string, unknown> = {}): void {
    this.entries.push({ level: 'warn', message, details });
  }

  error(message: string, details: Record<string, unknown> = {}): void {
    this.entries.push({ level: 'error', message, details });
  }
}
