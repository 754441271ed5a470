// Every handler runs guarded: an exception in one request is logged to the output channel and
// answered with an error response; one in a notification is logged. Nothing a file holds brings
// the server down.

import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';

export interface Log {
  error(message: string): void;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** A request handler that answers an error instead of throwing. */
export function guardedRequest<A extends unknown[], R>(log: Log, name: string, handler: (...args: A) => R): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    try {
      return handler(...args);
    } catch (error) {
      log.error(`Portolan: ${name} failed: ${describe(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `Portolan: ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/** A notification handler that logs instead of throwing. */
export function guardedNotification<A extends unknown[]>(log: Log, name: string, handler: (...args: A) => unknown): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await handler(...args);
    } catch (error) {
      log.error(`Portolan: ${name} failed: ${describe(error)}`);
    }
  };
}
