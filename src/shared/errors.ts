/**
 * Errors that cross stage boundaries. `retryable` tells the worker edge whether BullMQ should retry
 * (retryable) or fail the job at once (`UnrecoverableError`).
 */
export class RaqibError extends Error {
  readonly retryable: boolean;
  readonly code: string;

  constructor(code: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable;
  }
}

/** A configuration file or variable is invalid; the message names the file, field or variable. */
export class ConfigError extends RaqibError {
  constructor(message: string, cause?: unknown) {
    super('config', message, { retryable: false, cause });
  }
}
